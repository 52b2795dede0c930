import type * as EmulatorModule from '@connect-participant/emulator';
import type { Plugin } from 'vite';

/**
 * In `npm run dev`: an emulator with a chat contact and an agent who greets and echoes, and `/chat-config.json`
 * telling the page where to connect. The emulator lives as long as the dev server.
 */
export function chatEmulator(): Plugin {
  return {
    name: 'chat-emulator',
    apply: 'serve',
    async configureServer(server) {
      // Named through a variable so that bundling this config never resolves the emulator: only `npm run dev`
      // needs it (from its build), not `vite build` or the tests.
      const emulatorPackage = '@connect-participant/emulator';
      const { startEmulator } = (await import(emulatorPackage)) as typeof EmulatorModule;
      const emulator = await startEmulator({ throttle: false, firstConnectionDeadlineMs: 0 });
      const chat = await emulator.startChatContact({ DisplayName: 'You' });
      const agent = emulator.agent(chat.ContactId, { DisplayName: 'Grace (agent)' });
      await agent.join();
      let seen = 0;
      // The agent reads the transcript a few times a second and answers each new customer message.
      const timer = setInterval(() => {
        const items = emulator.contact(chat.ContactId).transcript.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER');
        for (const item of items.slice(seen)) {
          // "bot" or "stream" in a message: the bot answers with a reply streamed in chunks (it grows in place).
          if (/\b(bot|stream)/i.test(item.Content ?? '')) {
            const reply = 'Streaming replies arrive in chunks that share one Id; the page joins them into one message that grows in place, and shows it whole once the last chunk says it is complete.';
            void emulator.streamMessage(chat.ContactId, reply, { chunks: 16, intervalMs: 150, DisplayName: 'Order bot' }).catch(() => undefined);
            continue;
          }
          void agent
            .typing()
            .then(() => new Promise((r) => setTimeout(r, 500)))
            .then(() => agent.sendMessage(`You said: "${item.Content ?? ''}"`))
            .catch(() => undefined);
        }
        seen = items.length;
      }, 250);
      setTimeout(() => void agent.sendMessage('Hello! I am Grace. Send me a message or a file, or say "bot" for a streamed reply.').catch(() => undefined), 1500);
      server.middlewares.use('/chat-config.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ endpoint: emulator.endpoint, participantToken: chat.ParticipantToken }));
      });
      server.httpServer?.once('close', () => {
        clearInterval(timer);
        void emulator.close();
      });
      server.config.logger.info(`  chat emulator on ${emulator.endpoint} (contact ${chat.ContactId})`);
    },
  };
}
