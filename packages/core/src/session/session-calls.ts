import { Observable } from 'rxjs';
import { withMetadata, type Outcome } from '../client/invoke.js';
import type { DecodedResponse } from '../codec/http/response-decoder.js';
import type { CallOutput, OperationName, OperationOutput } from '../model/operations.js';
import type { SessionCallInput } from './participant-session.js';
import { SessionEvents } from './session-events.js';

export type TokenCall = Exclude<OperationName, 'CreateParticipantConnection'>;

/** The one value of a single-value observable, as a promise (rxjs's firstValueFrom, without its bundle weight). */
export const settle = <T>(source: Observable<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let value: T;
    source.subscribe({ next: (v) => (value = v), error: reject, complete: () => resolve(value) });
  });

/**
 * The session's calls, each one `send` with the current ConnectionToken (the coordinator supplies `send`; the
 * sends the outbox queues are {@link SessionSends}').
 */
export abstract class SessionCalls extends SessionEvents {
  /** @internal One call with the current ConnectionToken, its ClientToken made now; returns what cancels it. */
  abstract send<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>, outcome: Outcome<DecodedResponse<OperationOutput<Op>>>): () => void;

  call$<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Observable<CallOutput<Op>> {
    return new Observable<CallOutput<Op>>((subscriber) =>
      this.send(operation, input, {
        value: (r) => {
          subscriber.next(withMetadata(r));
          subscriber.complete();
        },
        error: (e) => subscriber.error(e),
      }),
    );
  }

  call<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Promise<CallOutput<Op>> {
    return settle(this.call$(operation, input));
  }

  getTranscript(input: SessionCallInput<'GetTranscript'> = {}) {
    return this.call('GetTranscript', input);
  }
  getAttachment(input: SessionCallInput<'GetAttachment'>) {
    return this.call('GetAttachment', input);
  }
  describeView(input: SessionCallInput<'DescribeView'>) {
    return this.call('DescribeView', input);
  }
  getAuthenticationUrl(input: SessionCallInput<'GetAuthenticationUrl'>) {
    return this.call('GetAuthenticationUrl', input);
  }
  cancelParticipantAuthentication(input: SessionCallInput<'CancelParticipantAuthentication'>) {
    return this.call('CancelParticipantAuthentication', input);
  }
  disconnectParticipant(input: SessionCallInput<'DisconnectParticipant'> = {}) {
    return this.call('DisconnectParticipant', input);
  }
}
