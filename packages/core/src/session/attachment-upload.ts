import { Observable, lastValueFrom, type Subscription } from 'rxjs';
import type { Outcome } from '../client/invoke.js';
import { ValidationException } from '../model/errors.js';
import type { OperationInput, OperationOutput } from '../model/operations.js';
import type { BinaryBody, HttpPort } from '../ports.js';

/** What can be sent: bytes, or a Blob or File (whose `name` and `type` are used when the options give none). */
export type AttachmentData = BinaryBody & { readonly name?: string };

export interface SendAttachmentOptions {
  /** The file name the agent sees (1 to 256 characters). */
  readonly name?: string;
  /** The MIME type; default the Blob's `type`. */
  readonly contentType?: string;
}

/** Where an upload is: each phase once, in order. */
export type AttachmentProgress =
  | { readonly phase: 'starting' }
  | { readonly phase: 'uploading'; readonly loaded: number; readonly total: number }
  | { readonly phase: 'completing' }
  | { readonly phase: 'done'; readonly AttachmentId: string };

type Call = <Op extends 'StartAttachmentUpload' | 'CompleteAttachmentUpload'>(
  operation: Op,
  input: Omit<OperationInput<Op>, 'ConnectionToken'>,
) => Observable<OperationOutput<Op>>;

const invalid = (field: string, constraint: ValidationException['constraint'], message: string) =>
  new ValidationException({ message: `sendAttachment ${field}: ${message}`, field, ...(constraint ? { constraint } : {}) });

/**
 * Checks an attachment against what the service's model constrains before any I/O; returns its name, type and
 * size. The size quota (20 MB by default) and the extensions an instance accepts are its configuration, not the
 * model's: the service answers for those (ValidationException, ServiceQuotaExceededException).
 */
export function checkAttachment(data: AttachmentData, options: SendAttachmentOptions): { name: string; contentType: string; size: number } {
  const size = data instanceof Uint8Array ? data.byteLength : data.size;
  const name = options.name ?? data.name ?? '';
  const contentType = options.contentType ?? ('type' in data ? data.type : '');
  if (name.length < 1 || name.length > 256) throw invalid('name', name ? 'maxLength' : 'required', 'a file name of 1 to 256 characters is required');
  if (contentType.length < 1 || contentType.length > 255) throw invalid('contentType', contentType ? 'maxLength' : 'required', 'a MIME type is required');
  if (!(size >= 1)) throw invalid('data', 'min', 'the attachment is empty');
  return { name, contentType, size };
}

/** What an upload needs of a session. */
export interface AttachmentSession {
  call$: Call;
  readonly http: HttpPort;
  /**
   * The session's outbox, where it has one: the upload waits its turn there, behind the sends made before it (and
   * for a connection), in memory only (a Blob is not JSON). Returns what withdraws it.
   */
  queueUpload?(describe: { readonly AttachmentName: string; readonly ContentType: string }, run: (outcome: Outcome<unknown>) => () => void, outcome: Outcome<unknown>): () => void;
}

/**
 * Sends a file through a session: StartAttachmentUpload, the upload to the returned URL with the returned headers,
 * then CompleteAttachmentUpload, reporting each phase (cold). Size, name and type are checked against the
 * service's model before anything is sent. A standalone function, so apps that never send files do not
 * bundle it.
 */
export function sendAttachment$(session: AttachmentSession, data: AttachmentData, options: SendAttachmentOptions = {}): Observable<AttachmentProgress> {
  return new Observable<AttachmentProgress>((subscriber) => {
    // Checked before it waits: a file the service would refuse is refused at once (a throw here errors the stream).
    const file = checkAttachment(data, options);
    if (!session.queueUpload) return upload$(session, data, file).subscribe(subscriber);
    let attempt: Subscription | undefined;
    const withdraw = session.queueUpload(
      { AttachmentName: file.name, ContentType: file.contentType },
      (outcome) => {
        // A retry after a retryable failure uploads anew: its phases start again from `starting`.
        attempt = upload$(session, data, file).subscribe({ next: (p) => subscriber.next(p), error: outcome.error, complete: () => outcome.value(undefined) });
        return () => attempt?.unsubscribe();
      },
      { value: () => subscriber.complete(), error: (e) => subscriber.error(e) },
    );
    return () => {
      attempt?.unsubscribe();
      withdraw();
    };
  });
}

/** One upload, its phases in order. */
function upload$(session: AttachmentSession, data: AttachmentData, file: ReturnType<typeof checkAttachment>): Observable<AttachmentProgress> {
  const call: Call = (operation, input) => session.call$(operation, input);
  const http = session.http;
  return new Observable<AttachmentProgress>((subscriber) => {
    const { name, contentType, size } = file;
    let step: Subscription | (() => void) | undefined;
    const fail = (e: unknown) => subscriber.error(e);
    subscriber.next({ phase: 'starting' });
    step = call('StartAttachmentUpload', { ContentType: contentType, AttachmentSizeInBytes: size, AttachmentName: name }).subscribe({
      error: fail,
      next: (started) => {
        const id = started.AttachmentId;
        const url = started.UploadMetadata?.Url;
        if (!id || !url) return fail(new ValidationException({ message: 'StartAttachmentUpload returned no upload URL' }));
        subscriber.next({ phase: 'uploading', loaded: 0, total: size });
        step = http.send(
          { url, method: 'PUT', headers: { ...(started.UploadMetadata?.HeadersToInclude ?? {}) }, body: data },
          {
            error: fail,
            response: (res) => {
              if (res.status < 200 || res.status > 299) {
                return fail(new ValidationException({ message: `the attachment upload was refused with HTTP ${res.status}` }));
              }
              subscriber.next({ phase: 'uploading', loaded: size, total: size });
              subscriber.next({ phase: 'completing' });
              step = call('CompleteAttachmentUpload', { AttachmentIds: [id] }).subscribe({
                error: fail,
                complete: () => {
                  subscriber.next({ phase: 'done', AttachmentId: id });
                  subscriber.complete();
                },
              });
            },
          },
        );
      },
    });
    return () => (typeof step === 'function' ? step() : step?.unsubscribe());
  });
}

/** {@link sendAttachment$} as a promise of the attachment's Id. */
export function sendAttachment(session: AttachmentSession, data: AttachmentData, options: SendAttachmentOptions = {}): Promise<{ readonly AttachmentId: string }> {
  return lastValueFrom(sendAttachment$(session, data, options)).then((p) => ({ AttachmentId: (p as { AttachmentId: string }).AttachmentId }));
}
