import type { CallOutput, OperationName } from '../model/operations.js';
import type { SessionCallInput } from './participant-session.js';
import { SessionEvents } from './session-events.js';

type TokenCall = Exclude<OperationName, 'CreateParticipantConnection'>;

/**
 * The session's named calls, each one `call` with the current ConnectionToken (the coordinator supplies `call`;
 * SendMessage, which the conversation view follows, is the coordinator's own).
 */
export abstract class SessionCalls extends SessionEvents {
  abstract call<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Promise<CallOutput<Op>>;

  sendEvent(input: SessionCallInput<'SendEvent'>) {
    return this.call('SendEvent', input);
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
}
