import type { IdleTimerOptions } from '../options.js';
import type { Participant } from './contact.js';
import { playServiceEvent, type EventHost } from './service-events.js';

/** What the timers need from the service. */
export interface IdleHost extends EventHost {
  later(ms: number, run: () => void): () => void;
}

/**
 * The service's customer idle timers: counted from the customer's first subscription, `idleAfterMs` without a
 * message or event from the customer brings
 * participant.idle; then `autoDisconnectAfterMs` more brings participant.autodisconnection and the customer's
 * leaving (so the chat ends). Any message or event from the customer while idle brings participant.returned and
 * starts the count again.
 */
export class IdleWatch {
  #idle = false;
  #cancel: () => void = () => undefined;

  constructor(
    private readonly host: IdleHost,
    private readonly customer: Participant,
    private readonly options: Required<IdleTimerOptions>,
  ) {
    // The count starts when the customer is first in the chat, at its first subscription.
    customer.contact.onFirstSubscribe((participant) => {
      if (participant === customer) this.touch();
    });
  }

  /** The customer did something. */
  touch(): void {
    if (this.customer.contact.ended) return;
    if (this.#idle) {
      this.#idle = false;
      playServiceEvent(this.host, this.customer.contact, { event: 'participant.returned', participantId: this.customer.ParticipantId });
    }
    this.#arm();
  }

  stop(): void {
    this.#cancel();
  }

  #arm(): void {
    this.#cancel();
    this.#cancel = this.host.later(this.options.idleAfterMs, () => {
      const contact = this.customer.contact;
      if (contact.ended || this.customer.left) return;
      this.#idle = true;
      playServiceEvent(this.host, contact, { event: 'participant.idle', participantId: this.customer.ParticipantId });
      if (this.options.autoDisconnectAfterMs > 0) {
        this.#cancel = this.host.later(this.options.autoDisconnectAfterMs, () => {
          if (contact.ended || this.customer.left) return;
          playServiceEvent(this.host, contact, { event: 'participant.autodisconnection', participantId: this.customer.ParticipantId });
        });
      }
    });
  }
}
