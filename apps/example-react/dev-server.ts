import type * as EmulatorModule from '@connect-participant/emulator';
import type { Plugin } from 'vite';

/**
 * In `npm run dev`: an emulator with a chat contact and an agent who greets and echoes each message, and
 * `/chat-config.json` telling the page where to connect. The emulator lives as long as the dev server.
 */
export function chatEmulator(): Plugin {
  return {
    name: 'chat-emulator',
    apply: 'serve',
    async configureServer(server) {
      // Named through a variable so that `vite build` and the tests never resolve the emulator: only `npm run dev` does.
      const emulatorPackage = '@connect-participant/emulator';
      const { startEmulator } = (await import(emulatorPackage)) as typeof EmulatorModule;
      const emulator = await startEmulator({ throttle: false, firstConnectionDeadlineMs: 0 });
      const chat = await emulator.startChatContact({ DisplayName: 'You' });
      const agent = emulator.agent(chat.ContactId, { DisplayName: 'Grace (agent)' });
      await agent.join();
      let seen = 0;
      // The agent reads the transcript a few times a second and echoes each new customer message.
      const timer = setInterval(() => {
        const items = emulator.contact(chat.ContactId).transcript.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER');
        for (const item of items.slice(seen)) void agent.sendMessage(`You said: "${item.Content ?? ''}"`).catch(() => undefined);
        seen = items.length;
      }, 250);
      server.middlewares.use('/chat-config.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ endpoint: emulator.endpoint, participantToken: chat.ParticipantToken }));
      });
      server.httpServer?.once('close', () => {
        clearInterval(timer);
        void emulator.close();
      });
    },
  };
}
