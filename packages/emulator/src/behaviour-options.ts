/**
 * The options of the service's optional behaviours (message processing, attachment scanning, the disconnect flow,
 * idle timers): their shapes and how each resolves over its defaults. The emulator takes each for every contact,
 * and a contact may take its own.
 */

/**
 * Message processing (a flow that inspects customer messages before the chat sees them). When on, SendMessage
 * answers `MessageMetadata.MessageProcessingStatus: 'PROCESSING'` and the sender's sockets get the message with
 * that status; `delayMs` later the outcome follows as an update of the same Id: `'DELIVERED'` pushes the message
 * to everyone without a processing status (and records it), `'FAILED'` or `'REJECTED'` push it to the sender only
 * with that status (never recorded).
 */
export interface MessageProcessingOptions {
  /** The outcome of every processed message (default `'DELIVERED'`). */
  readonly outcome?: MessageProcessingOutcome;
  /** How long processing takes (default 0: the update follows on the next timer turn). */
  readonly delayMs?: number;
}

export type MessageProcessingOutcome = 'DELIVERED' | 'FAILED' | 'REJECTED';
export const MESSAGE_PROCESSING_OUTCOMES: readonly MessageProcessingOutcome[] = ['DELIVERED', 'FAILED', 'REJECTED'];

/**
 * Attachment scanning. When on, CompleteAttachmentUpload pushes the ATTACHMENT item with `Status: 'IN_PROGRESS'`;
 * `delayMs` later the same item (same Id) follows with the verdict, and the transcript holds the verdict.
 * GetAttachment refuses an attachment that is not APPROVED.
 */
export interface AttachmentScanOptions {
  /** The verdict on every attachment (default `'APPROVED'`). */
  readonly verdict?: AttachmentVerdict;
  /** How long a scan takes (default 0: the verdict follows on the next timer turn). */
  readonly delayMs?: number;
}

export type AttachmentVerdict = 'APPROVED' | 'REJECTED';
export const ATTACHMENT_VERDICTS: readonly AttachmentVerdict[] = ['APPROVED', 'REJECTED'];

/**
 * A disconnect flow: what the service's flow does after the customer calls DisconnectParticipant. The other
 * participants leave, `messages` arrive as SYSTEM messages `intervalMs` apart (the customer's tokens and socket
 * still work, so the customer can answer), then `endAfterMs` later the customer leaves and the chat ends.
 */
export interface DisconnectFlowOptions {
  readonly messages: readonly string[];
  /** Between two messages (default 0). */
  readonly intervalMs?: number;
  /** After the last message, before participant.left and chat.ended (default 0). */
  readonly endAfterMs?: number;
  /** The flow's display name (default `SYSTEM_MESSAGE`). */
  readonly DisplayName?: string;
}

/** The service's customer idle timers (a flow's "Set disconnect / idle timers"): off unless given. */
export interface IdleTimerOptions {
  /** Without a message or event from the customer for this long (counted from its first subscription): participant.idle. */
  readonly idleAfterMs: number;
  /** This long after participant.idle: participant.autodisconnection and the chat ends (default 0: never). */
  readonly autoDisconnectAfterMs?: number;
}

function delayOf(name: string, delayMs: number | undefined): number {
  const value = delayMs ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`emulator option ${name}'s durations must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

/** Message processing options over their defaults; undefined and false turn it off. */
export function resolveMessageProcessing(value: MessageProcessingOptions | false | undefined): Required<MessageProcessingOptions> | false {
  if (value === undefined || value === false) return false;
  const outcome = value.outcome ?? 'DELIVERED';
  if (!MESSAGE_PROCESSING_OUTCOMES.includes(outcome)) {
    throw new RangeError(`messageProcessing.outcome must be ${MESSAGE_PROCESSING_OUTCOMES.join(', ')}, got ${String(outcome)}`);
  }
  return { outcome, delayMs: delayOf('messageProcessing', value.delayMs) };
}

/** Attachment scan options over their defaults; undefined and false turn it off. */
export function resolveAttachmentScan(value: AttachmentScanOptions | false | undefined): Required<AttachmentScanOptions> | false {
  if (value === undefined || value === false) return false;
  const verdict = value.verdict ?? 'APPROVED';
  if (!ATTACHMENT_VERDICTS.includes(verdict)) {
    throw new RangeError(`attachmentScan.verdict must be ${ATTACHMENT_VERDICTS.join(' or ')}, got ${String(verdict)}`);
  }
  return { verdict, delayMs: delayOf('attachmentScan', value.delayMs) };
}

/** Disconnect flow options over their defaults; undefined and false turn it off. */
export function resolveDisconnectFlow(value: DisconnectFlowOptions | false | undefined): Required<DisconnectFlowOptions> | false {
  if (value === undefined || value === false) return false;
  if (!Array.isArray(value.messages) || value.messages.some((m) => typeof m !== 'string' || m === '')) {
    throw new RangeError('disconnectFlow.messages must be an array of non-empty strings');
  }
  return {
    messages: [...value.messages],
    intervalMs: delayOf('disconnectFlow', value.intervalMs),
    endAfterMs: delayOf('disconnectFlow', value.endAfterMs),
    DisplayName: value.DisplayName ?? 'SYSTEM_MESSAGE',
  };
}

/** Idle timer options over their defaults; undefined and false turn them off. */
export function resolveIdleTimers(value: IdleTimerOptions | false | undefined): Required<IdleTimerOptions> | false {
  if (value === undefined || value === false) return false;
  const idleAfterMs = value.idleAfterMs;
  if (!(typeof idleAfterMs === 'number' && Number.isFinite(idleAfterMs) && idleAfterMs > 0)) {
    throw new RangeError('idleTimers.idleAfterMs must be a positive number');
  }
  return { idleAfterMs, autoDisconnectAfterMs: delayOf('idleTimers', value.autoDisconnectAfterMs) };
}
