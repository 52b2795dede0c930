import type { Emulator } from '@connect-participant/emulator';
import { connectParticipant, type ParticipantSession } from '@connect-participant/transport-node';

/** What the agent can do to show the connection's resilience. */
export interface AgentPowers {
  /** Drops the customer's socket, as a flaky network would. */
  dropConnection(): void;
}

const HELP =
  'I can show you how the connection copes: say "drop" and I will cut your connection (you will reconnect and miss nothing), "rotate" to hear about URL rotation, or "bot" for a reply streamed in chunks.';

const STREAMED =
  'This reply was streamed in chunks that share one message Id, as Amazon Connect streams its bots’ and AI agents’ answers; your client joined them into one message.';

/**
 * The agent of the demo: a real participant of the chat, connected through the same transport as the customer,
 * who greets, shows typing, answers, and on request demonstrates a dropped connection.
 */
export async function startScriptedAgent(emulator: Emulator, contactId: string, powers: AgentPowers): Promise<ParticipantSession> {
  const { ParticipantToken } = await emulator.agent(contactId, { DisplayName: 'Grace (agent)' }).join();
  const agent = connectParticipant({ participantToken: ParticipantToken, endpoint: emulator.endpoint });
  const say = async (text: string, typingMs = 600) => {
    await agent.sendEvent({ ContentType: 'application/vnd.amazonaws.connect.event.typing' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, typingMs));
    // Through the outbox: a reply made while the agent's own socket is being replaced waits for it, not dropped.
    await agent.sendMessage({ ContentType: 'text/plain', Content: text }).catch(() => undefined);
  };
  agent.messages$.subscribe((item) => {
    if (item.Type !== 'MESSAGE' || item.ParticipantRole !== 'CUSTOMER' || !item.Content) return;
    if (item.Id) void agent.sendEvent({ ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: JSON.stringify({ messageId: item.Id }) }).catch(() => undefined);
    const text = item.Content.toLowerCase();
    if (text.includes('drop')) {
      void say('Cutting your connection now. Keep an eye on the status line.').then(() => {
        powers.dropConnection();
        return say('While you were away I sent this. Did it reach you?', 300);
      });
    } else if (text.includes('bot') || text.includes('stream')) {
      void emulator.streamMessage(contactId, STREAMED, { chunks: 8, intervalMs: 120, DisplayName: 'Order bot' }).catch(() => undefined);
    } else if (text.includes('rotate')) {
      void say('Your websocket URL is rotated before it expires: a new socket is subscribed first, then the old one closed, so nothing is lost. This demo expires URLs quickly; watch the expiry countdown.');
    } else if (text.includes('help')) {
      void say(HELP);
    } else {
      void say(`You said: "${item.Content}". ${HELP}`);
    }
  });
  await new Promise<void>((resolve) => agent.state$.subscribe((s) => s.status === 'connected' && resolve()));
  void say('Hello! I am Grace, your agent today. How can I help?');
  return agent;
}
