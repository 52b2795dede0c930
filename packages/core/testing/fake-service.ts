import {
  BehaviorSubject,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import {
  EXCEPTION_STATUS,
  decodeClientFrame,
  encodeServerFrame,
  formatTimestamp,
  type HttpCall,
  type HttpCallbacks,
  type HttpResponse,
  type Item,
  type OperationName,
  type ParticipantTransport,
  type SocketConnection,
  type SocketHandlers,
} from '@connect-participant/core';

/** How the fake service behaves; times in milliseconds of the scheduler's clock. */
export interface FakeServiceOptions {
  readonly scheduler: SchedulerLike;
  /** One-way latency of every response and frame (default 5). */
  readonly latencyMs?: number;
  /** The service's clock runs this far ahead of the scheduler's (negative: behind). */
  readonly skewMs?: number;
  /** A granted URL must be opened within this window (default 100 s). */
  readonly connectWindowMs?: number;
  /** How long a socket lives (default 60 min); see `connectionExpiry` for when it is counted from. */
  readonly connectionLifetimeMs?: number;
  /**
   * What `Websocket.ConnectionExpiry` means (protocol.md §6.1): `'connect-deadline'` (default, the documented
   * reading): grant + the connect window, and a socket is closed `connectionLifetimeMs` after it opened;
   * `'socket-lifetime'`: grant + `connectionLifetimeMs`, and the socket is closed then.
   */
  readonly connectionExpiry?: 'connect-deadline' | 'socket-lifetime';
  readonly tokenLifetimeMs?: number;
  /** Random numbers for the transport's jitter (default: a fixed sequence, so runs repeat). */
  readonly random?: () => number;
}

interface FakeGrant {
  readonly openBy: number;
  /** When the socket is closed: a service time, or undefined for its lifetime after it opens. */
  readonly expiresAt: number | undefined;
}

const OPERATIONS: Record<string, OperationName> = {
  'POST /participant/connection': 'CreateParticipantConnection',
  'POST /participant/message': 'SendMessage',
  'POST /participant/event': 'SendEvent',
  'POST /participant/transcript': 'GetTranscript',
  'POST /participant/disconnect': 'DisconnectParticipant',
  'POST /participant/start-attachment-upload': 'StartAttachmentUpload',
  'POST /participant/complete-attachment-upload': 'CompleteAttachmentUpload',
};

/** One socket of the fake gateway. */
class FakeSocket implements SocketConnection {
  subscribed = false;
  closed = false;
  /** Half-open: the connection is gone but neither side was told. Nothing arrives either way, ever. */
  dead = false;
  readonly #timers = new Set<Subscription>();

  constructor(
    private readonly service: FakeParticipantService,
    readonly handlers: SocketHandlers,
  ) {}

  later(ms: number, run: () => void): void {
    const s = this.service.scheduler.schedule(() => {
      this.#timers.delete(s);
      if (!this.closed) run();
    }, ms);
    this.#timers.add(s);
  }

  send(data: string): void {
    if (this.closed || this.dead) return;
    const frame = decodeClientFrame(data);
    if (!frame.ok) return;
    const latency = this.service.latencyMs;
    switch (frame.value.kind) {
      case 'subscribe':
        if (this.service.subscribesIgnored) return;
        this.later(latency, () => {
          if (this.service.refuseSubscribes) {
            this.handlers.message(encodeServerFrame({ kind: 'subscribe-ack', status: 'failure', success: false, topics: ['aws/chat'] }));
            return;
          }
          this.subscribed = true;
          this.handlers.message(encodeServerFrame({ kind: 'subscribe-ack', status: 'success', success: true, topics: ['aws/chat'] }));
        });
        return;
      case 'heartbeat':
        if (!this.service.heartbeatsStalled) this.later(2 * latency, () => this.handlers.message(encodeServerFrame({ kind: 'heartbeat' })));
        return;
      case 'ping':
        if (!this.service.heartbeatsStalled) {
          const ok = !this.service.pingsFailing;
          const statusCode = ok ? 200 : 500;
          this.later(2 * latency, () => this.handlers.message(encodeServerFrame({ kind: 'ping', ok, statusCode, statusContent: ok ? 'OK' : 'Internal error' })));
        }
        return;
      default:
        return;
    }
  }

  /** The server closes the socket: the client hears about it after the latency. */
  serverClose(code: number, reason: string): void {
    if (this.closed) return;
    this.dispose();
    const s = this.service.scheduler.schedule(() => this.handlers.close(code, reason), this.service.latencyMs);
    void s;
  }

  close(): void {
    this.dispose();
  }

  terminate(): void {
    this.dispose();
  }

  dispose(): void {
    this.closed = true;
    for (const t of this.#timers) t.unsubscribe();
    this.#timers.clear();
    this.service.sockets.delete(this);
  }
}

/**
 * A Participant Service in memory, on an RxJS scheduler: grants, ConnectionTokens, sockets with subscribe,
 * heartbeat and ping, items, GetTranscript paging, and faults. Pair it with TestScheduler to test a session in
 * virtual time, with no I/O and no sleeping.
 */
/** Where StartAttachmentUpload says to upload. */
const UPLOAD_URL = 'https://upload.fake.invalid/';

/** A fault's status that means: do the work, lose the answer. */
const LOSE_ANSWER = -1;

export class FakeParticipantService {
  readonly scheduler: SchedulerLike;
  readonly latencyMs: number;
  readonly participantToken = 'fake-participant-token';
  readonly items: Item[] = [];
  readonly sockets = new Set<FakeSocket>();
  readonly calls: OperationName[] = [];
  /** The AttachmentIds whose bytes were uploaded, in order. */
  readonly uploads: string[] = [];
  /** Every event the service accepted through SendEvent (once per ClientToken), in order. */
  readonly events: { readonly ContentType: string; readonly Content?: string }[] = [];
  /** Every request that reached the service, with its JSON body. */
  readonly requests: { readonly operation: OperationName; readonly body: Record<string, unknown> }[] = [];
  readonly online$ = new BehaviorSubject<boolean>(true);
  readonly visible$ = new BehaviorSubject<boolean>(true);
  /** The most sockets open (or opening) at once. */
  peakSockets = 0;
  heartbeatsStalled = false;
  pingsFailing = false;
  subscribesIgnored = false;
  connectsStalled = false;
  refuseSubscribes = false;
  ended = false;
  skewMs: number;
  readonly #grants = new Map<string, FakeGrant>();
  readonly #tokens = new Map<string, number>();
  readonly #faults: { operation: OperationName | '*'; status: number; remaining: number }[] = [];
  readonly #pending = new Set<Subscription>();
  /** Attachments started, their names by AttachmentId. */
  readonly #attachments = new Map<string, string>();
  /** Answers already given, by operation and ClientToken. */
  readonly #answered = new Map<string, Record<string, unknown>>();
  readonly #options: Required<Omit<FakeServiceOptions, 'scheduler' | 'random'>> & { random: () => number };
  #n = 0;

  constructor(options: FakeServiceOptions) {
    this.scheduler = options.scheduler;
    this.latencyMs = options.latencyMs ?? 5;
    this.skewMs = options.skewMs ?? 0;
    let seed = 0;
    this.#options = {
      latencyMs: this.latencyMs,
      skewMs: this.skewMs,
      connectWindowMs: options.connectWindowMs ?? 100_000,
      connectionLifetimeMs: options.connectionLifetimeMs ?? 3_600_000,
      connectionExpiry: options.connectionExpiry ?? 'connect-deadline',
      tokenLifetimeMs: options.tokenLifetimeMs ?? 86_400_000,
      random: options.random ?? (() => ((seed = (seed * 9301 + 49_297) % 233_280) / 233_280)),
    };
  }

  /** The service's clock. */
  now(): number {
    return this.scheduler.now() + this.skewMs;
  }

  /** The transport a session uses to reach this service. */
  transport(): ParticipantTransport {
    return {
      http: { send: (call, callbacks) => this.#http(call, callbacks) },
      sockets: { open: (url, handlers) => this.#open(url, handlers) },
      generateClientToken: () => `client-token-${++this.#n}`,
      random: this.#options.random,
      scheduler: this.scheduler,
      online$: this.online$,
      visible$: this.visible$,
    };
  }

  /** An agent message: recorded in the transcript and pushed to every subscribed socket. */
  publish(content = `message ${this.items.length + 1}`, extra: Partial<Item> = {}): Item {
    const item: Item = {
      Id: `item-${String(this.items.length + 1).padStart(6, '0')}`,
      AbsoluteTime: formatTimestamp(this.now()),
      Type: 'MESSAGE',
      ContentType: 'text/plain',
      Content: content,
      ParticipantRole: 'AGENT',
      DisplayName: 'Agent',
      ...extra,
    };
    this.items.push(item);
    this.#push(item);
    return item;
  }

  /**
   * An item pushed to every subscribed socket and not recorded (a streamed message's partial chunk, a receipt, a
   * status update: the transcript holds only the final form, which `record` puts there).
   */
  push(item: Item): Item {
    this.#push(item);
    return item;
  }

  /** An item recorded in the transcript without being pushed (what a socket that was down missed). */
  record(item: Item): Item {
    this.items.push(item);
    return item;
  }

  /** The processing status SendMessage answers with, in `MessageMetadata` (none by default). */
  sendMessageStatus: string | undefined;

  /** A typing event: pushed, not recorded. */
  typing(): Item {
    const item: Item = {
      Id: `typing-${++this.#n}`,
      AbsoluteTime: formatTimestamp(this.now()),
      Type: 'EVENT',
      ContentType: 'application/vnd.amazonaws.connect.event.typing',
      ParticipantRole: 'AGENT',
    };
    this.#push(item);
    return item;
  }

  /** Ends the chat: chat.ended is recorded and pushed, then sockets close and tokens stop working. */
  endChat(): void {
    this.publish(undefined, { Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.chat.ended', Content: undefined as never, ParticipantRole: 'SYSTEM' });
    this.ended = true;
    this.scheduler.schedule(() => this.dropSockets(1000, 'Chat ended'), this.latencyMs);
  }

  /** Closes every socket from the server side (1006: as a dropped network looks). */
  dropSockets(code = 1006, reason = ''): number {
    const all = [...this.sockets];
    for (const s of all) s.serverClose(code, reason);
    return all.length;
  }

  /**
   * Makes every open socket half-open, as a network that vanished without a FIN leaves it: frames are lost both
   * ways and no close ever comes. Only the client's heartbeat deadline can notice.
   */
  killSockets(): number {
    for (const s of this.sockets) s.dead = true;
    return this.sockets.size;
  }

  /** The next `count` calls of `operation` fail with `status` (429, 500, 403 …). */
  failNext(operation: OperationName | '*', count: number, status: number): void {
    this.#faults.push({ operation, status, remaining: count });
  }

  /**
   * The next `count` calls of `operation` are carried out, but their answer is lost (the client hears nothing, and
   * gives up on them after its request time limit): what a retry with the same ClientToken must not repeat.
   */
  loseAnswerNext(operation: OperationName | '*', count: number): void {
    this.#faults.push({ operation, status: LOSE_ANSWER, remaining: count });
  }

  /** The next `count` calls of `operation` get no answer at all (until the client gives up on them). */
  hangNext(operation: OperationName | '*', count: number): void {
    this.#faults.push({ operation, status: 0, remaining: count });
  }

  /**
   * Rewrites the body of each successful response before it is sent (a service that answers in shapes or with
   * values of its own: short or past expiries, odd members, a bad URL). Undefined: bodies as modelled.
   */
  respondWith: ((operation: OperationName, body: Record<string, unknown>) => unknown) | undefined;

  /**
   * After DisconnectParticipant, the chat ends this long later (a disconnect flow that can still send messages,
   * a survey say, in between); 0 ends it at once (default).
   */
  disconnectFlowMs = 0;

  /** Forgets every pending call fault. */
  clearFaults(): void {
    this.#faults.length = 0;
  }

  get subscribedSockets(): number {
    return [...this.sockets].filter((s) => s.subscribed && !s.dead).length;
  }

  /** Scheduled work of the service itself that has not run yet (responses, frames). */
  get pendingWork(): number {
    return this.#pending.size;
  }

  #push(item: Item): void {
    const frame = encodeServerFrame({ kind: 'chat', item });
    for (const socket of this.sockets) if (socket.subscribed && !socket.dead) socket.later(this.latencyMs, () => socket.handlers.message(frame));
  }

  #later(ms: number, run: () => void): () => void {
    const s = this.scheduler.schedule(() => {
      this.#pending.delete(s);
      run();
    }, ms);
    this.#pending.add(s);
    return () => {
      s.unsubscribe();
      this.#pending.delete(s);
    };
  }

  #open(url: string, handlers: SocketHandlers): SocketConnection {
    const socket = new FakeSocket(this, handlers);
    this.sockets.add(socket);
    this.peakSockets = Math.max(this.peakSockets, this.sockets.size);
    const key = url.slice(url.lastIndexOf('/') + 1).split('?')[0] ?? '';
    const grant = this.#grants.get(key);
    if (!grant || this.ended || this.now() > grant.openBy) {
      socket.later(this.latencyMs, () => {
        socket.dispose();
        handlers.error(new Error('upgrade refused'));
        handlers.close(1006, '');
      });
      return socket;
    }
    if (this.connectsStalled) return socket;
    socket.later(this.latencyMs, () => handlers.open());
    const closeIn = grant.expiresAt === undefined ? this.latencyMs + this.#options.connectionLifetimeMs : grant.expiresAt - this.now();
    socket.later(Math.max(0, closeIn), () => socket.serverClose(1001, 'socket lifetime reached'));
    return socket;
  }

  #respond(callbacks: HttpCallbacks, status: number, body: unknown, errorName?: string, operation?: OperationName): () => void {
    if (status === 200 && operation && this.respondWith) body = this.respondWith(operation, body as Record<string, unknown>);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': `req-${++this.#n}`,
      date: new Date(this.now()).toUTCString(),
    };
    if (errorName) headers['x-amzn-errortype'] = `${errorName}:http://internal.amazon.com/coral/com.amazonaws.connectparticipant/`;
    const response: HttpResponse = { status, headers, body: JSON.stringify(body) };
    return this.#later(2 * this.latencyMs, () => callbacks.response(response));
  }

  #error(callbacks: HttpCallbacks, name: string, message: string): () => void {
    return this.#respond(callbacks, EXCEPTION_STATUS[name] ?? 500, { message }, name);
  }

  #http(call: HttpCall, callbacks: HttpCallbacks): () => void {
    const path = call.url.replace(/^[a-z]+:\/\/[^/]+/, '');
    if (call.method === 'PUT' && call.url.startsWith(UPLOAD_URL)) {
      // An attachment's bytes, to the upload URL StartAttachmentUpload gave.
      this.uploads.push(call.url.slice(UPLOAD_URL.length));
      return this.#respond(callbacks, 200, {});
    }
    const operation = OPERATIONS[`${call.method} ${path}`];
    if (!operation) return this.#respond(callbacks, 404, { message: 'no such operation' }, 'UnknownOperationException');
    this.calls.push(operation);
    this.requests.push({ operation, body: JSON.parse(typeof call.body === 'string' ? call.body : '{}') as Record<string, unknown> });
    const fault = this.#faults.find((f) => f.remaining > 0 && (f.operation === '*' || f.operation === operation));
    if (fault?.status === 0) {
      fault.remaining--;
      return () => undefined;
    }
    if (fault?.status === LOSE_ANSWER) {
      // The service does the work; its answer never reaches the client, which can only try again.
      fault.remaining--;
      this.#respondTo(operation, call, { response: () => undefined, error: () => undefined });
      return () => undefined;
    }
    if (fault) {
      fault.remaining--;
      const name = Object.keys(EXCEPTION_STATUS).find((n) => EXCEPTION_STATUS[n] === fault.status) ?? 'InternalServerException';
      return this.#respond(callbacks, fault.status, { message: 'injected fault' }, name);
    }
    return this.#respondTo(operation, call, callbacks);
  }

  #respondTo(operation: OperationName, call: HttpCall, callbacks: HttpCallbacks): () => void {
    const token = call.headers['x-amz-bearer'] ?? '';
    const body = JSON.parse(typeof call.body === 'string' ? call.body : '{}') as Record<string, unknown>;
    const now = this.now();
    if (operation === 'CreateParticipantConnection') {
      if (token !== this.participantToken || this.ended) return this.#error(callbacks, 'AccessDeniedException', 'Access denied');
      const n = ++this.#n;
      const key = `grant-${n}`;
      const { connectWindowMs, connectionLifetimeMs } = this.#options;
      const lifetime = this.#options.connectionExpiry === 'socket-lifetime';
      const connectionExpiry = now + (lifetime ? connectionLifetimeMs : connectWindowMs);
      this.#grants.set(key, { openBy: Math.min(now + connectWindowMs, connectionExpiry), expiresAt: lifetime ? connectionExpiry : undefined });
      const connectionToken = `connection-token-${n}`;
      this.#tokens.set(connectionToken, now + this.#options.tokenLifetimeMs);
      return this.#respond(
        callbacks,
        200,
        {
          Websocket: { Url: `wss://fake.invalid/connect/${key}?X-Amz-Security-Token=fake-secret-${n}`, ConnectionExpiry: formatTimestamp(connectionExpiry) },
          ConnectionCredentials: { ConnectionToken: connectionToken, Expiry: formatTimestamp(now + this.#options.tokenLifetimeMs) },
        },
        undefined,
        operation,
      );
    }
    const expiry = this.#tokens.get(token);
    if (expiry === undefined || now >= expiry || this.ended) return this.#error(callbacks, 'AccessDeniedException', 'Access denied');
    // Idempotent on ClientToken, as the service is: a retry answers as the first call did, and sends nothing.
    const clientToken = typeof body['ClientToken'] === 'string' ? `${operation} ${body['ClientToken']}` : undefined;
    const earlier = clientToken === undefined ? undefined : this.#answered.get(clientToken);
    if (earlier !== undefined) return this.#respond(callbacks, 200, earlier, undefined, operation);
    const answer = (response: Record<string, unknown>) => {
      if (clientToken !== undefined) this.#answered.set(clientToken, response);
      return this.#respond(callbacks, 200, response, undefined, operation);
    };
    switch (operation) {
      case 'SendMessage': {
        const status = this.sendMessageStatus;
        const meta = status === undefined ? {} : { MessageMetadata: { MessageProcessingStatus: status } };
        const item = this.publish(String(body['Content']), { ParticipantRole: 'CUSTOMER', DisplayName: 'Customer', ParticipantId: 'fake-customer', ...meta });
        return answer({ Id: item.Id, AbsoluteTime: item.AbsoluteTime, ...meta });
      }
      case 'GetTranscript':
        return this.#respond(callbacks, 200, this.#transcript(body), undefined, operation);
      case 'DisconnectParticipant':
        if (this.disconnectFlowMs > 0) this.scheduler.schedule(() => this.endChat(), this.disconnectFlowMs);
        else this.endChat();
        return this.#respond(callbacks, 200, {}, undefined, operation);
      case 'StartAttachmentUpload': {
        const AttachmentId = `attachment-${++this.#n}`;
        this.#attachments.set(AttachmentId, String(body['AttachmentName']));
        return answer({ AttachmentId, UploadMetadata: { Url: `${UPLOAD_URL}${AttachmentId}`, UrlExpiry: formatTimestamp(now + 300_000), HeadersToInclude: {} } });
      }
      case 'CompleteAttachmentUpload':
        for (const id of (body['AttachmentIds'] as string[] | undefined) ?? []) {
          this.publish(undefined, { Type: 'ATTACHMENT', ContentType: undefined as never, Content: undefined as never, ParticipantRole: 'CUSTOMER', Attachments: [{ AttachmentId: id, AttachmentName: this.#attachments.get(id) ?? '' }] } as Partial<Item>);
        }
        return answer({});
      case 'SendEvent':
        this.events.push({ ContentType: String(body['ContentType']), ...(typeof body['Content'] === 'string' ? { Content: body['Content'] } : {}) });
        return answer({ Id: `event-${++this.#n}`, AbsoluteTime: formatTimestamp(now) });
      default:
        return this.#respond(callbacks, 200, { Id: `event-${++this.#n}`, AbsoluteTime: formatTimestamp(now) }, undefined, operation);
    }
  }

  /** BACKWARD/DESCENDING from the newest (the default) or FORWARD/ASCENDING from the oldest, MaxResults a page. */
  #transcript(body: Record<string, unknown>): unknown {
    const max = typeof body['MaxResults'] === 'number' && body['MaxResults'] > 0 ? body['MaxResults'] : 10;
    const forward = body['ScanDirection'] === 'FORWARD';
    const start = typeof body['NextToken'] === 'string' ? Number(body['NextToken'].slice(5)) : forward ? 0 : this.items.length - 1;
    let page: Item[];
    let next: number;
    if (forward) {
      page = this.items.slice(start, start + max);
      next = start + max < this.items.length ? start + max : -1;
    } else {
      const from = Math.max(0, start - max + 1);
      page = start < 0 ? [] : this.items.slice(from, start + 1).reverse();
      next = from - 1;
    }
    const ascending = body['SortOrder'] === 'ASCENDING';
    if (ascending !== forward) page.reverse();
    return { InitialContactId: 'fake-contact', Transcript: page, ...(next >= 0 ? { NextToken: `page-${next}` } : {}) };
  }
}
