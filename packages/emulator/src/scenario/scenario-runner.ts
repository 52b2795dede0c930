import type { Item } from '@connect-participant/core';
import type { AgentHandle } from '../agent.js';
import type { Contact } from '../service/contact.js';
import type { ServiceEvent } from '../service/service-events.js';
import type { StreamOptions } from '../service/streamed-message.js';
import { matchesReply, type Scenario, type ScenarioStep } from './scenario.js';

/** What a scenario drives: the emulator's own calls, for one contact at a time. */
export interface ScenarioHost {
  agent(contactId: string, options: { DisplayName: string }): AgentHandle;
  streamMessage(contactId: string, content: string, options: StreamOptions): Promise<unknown>;
  emitEvent(contactId: string, event: ServiceEvent): Promise<unknown>;
  endChat(contactId: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  later(ms: number, run: () => void): unknown;
  readonly closed: boolean;
  log?: ((line: string) => void) | undefined;
}

/**
 * Plays a scenario on one contact: the greeting when the customer first subscribes, a reply to each customer
 * message, and the end after `endAfterMs`. Step lists run one at a time, in the order their triggers came, so
 * replies never interleave. A step that fails (the chat ended meanwhile, say) stops its list and is logged.
 */
export function attachScenario(scenario: Scenario, host: ScenarioHost, contact: Contact): void {
  const id = contact.ContactId;
  let agentName = scenario.agent?.DisplayName ?? 'Agent';
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (steps: readonly ScenarioStep[] | undefined, trigger?: Item) => {
    if (!steps || steps.length === 0) return;
    queue = queue.then(() => run(steps, trigger)).catch((error: unknown) => host.log?.(`scenario stopped: ${(error as Error).message}`));
  };

  const run = async (steps: readonly ScenarioStep[], trigger: Item | undefined) => {
    for (const step of steps) {
      if (host.closed || contact.ended) return;
      const agent = () => host.agent(id, { DisplayName: agentName });
      if ('wait' in step) await host.sleep(step.wait);
      else if ('typing' in step) await agent().typing();
      else if ('say' in step) await agent().sendMessage(step.say, step.contentType);
      else if ('stream' in step) {
        await host.streamMessage(id, step.stream, { ...(step.chunks ? { chunks: step.chunks } : {}), ...(step.intervalMs ? { intervalMs: step.intervalMs } : {}) });
      } else if ('receipt' in step) {
        if (trigger?.Id) await (step.receipt === 'read' ? agent().read(trigger.Id) : agent().delivered(trigger.Id));
      } else if ('transfer' in step) {
        await host.emitEvent(id, { event: step.transfer === 'succeeded' ? 'transfer.succeeded' : 'transfer.failed' });
        if (step.transfer === 'succeeded' && step.to) {
          agentName = step.to;
          await agent().join();
        }
      } else if ('event' in step) await host.emitEvent(id, { event: step.event });
      else if ('leave' in step) await agent().leave();
      else if ('end' in step) await host.endChat(id);
    }
  };

  contact.onFirstSubscribe((participant) => {
    if (participant.ParticipantRole === 'CUSTOMER') enqueue(scenario.onJoin);
  });
  contact.onItem((item, audience) => {
    if (audience !== undefined || item.Type !== 'MESSAGE' || item.ParticipantRole !== 'CUSTOMER') return;
    const text = item.Content ?? '';
    const reply = scenario.replies?.find((r) => matchesReply(r, text));
    enqueue(reply ? reply.steps : scenario.fallback, item);
  });
  if (scenario.endAfterMs !== undefined) {
    host.later(scenario.endAfterMs, () => {
      if (!contact.ended) void host.endChat(id);
    });
  }
}
