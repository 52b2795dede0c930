import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import { connectParticipant } from '@connect-participant/transport-node';
import {
  ParticipantSessionProvider,
  useConversation,
  useParticipantSession,
  useParticipants,
  useProvidedSession,
  useSendMessage,
  useSessionState,
  useTypists,
  type MaybeSession,
} from '@connect-participant/react';

// Server rendering in Node (react-dom/server): the hooks render their initial values, and no session is made, so no
// request reaches the service and no socket is opened.

let emulator: Emulator;
const log: string[] = [];
let participantToken: string;
let made = 0;
const create = () => {
  made += 1;
  return connectParticipant({ participantToken, endpoint: emulator.endpoint });
};

beforeAll(async () => {
  emulator = await startEmulator({ log: (line) => log.push(line) });
  participantToken = (await emulator.startChatContact({ DisplayName: 'You' })).ParticipantToken;
});
afterAll(() => emulator?.close());

function View({ session }: { session: MaybeSession }): ReactNode {
  const state = useSessionState(session);
  const { entries, version } = useConversation(session);
  const participants = useParticipants(session);
  const typists = useTypists(session);
  const { pending, failed } = useSendMessage(session);
  return createElement('p', null, `${state.status} ${entries.length} ${version} ${participants.length} ${typists.length} ${pending.length} ${failed.length}`);
}

function Owner(): ReactNode {
  return createElement(View, { session: useParticipantSession(create, [participantToken]) });
}

function Provided(): ReactNode {
  return createElement(View, { session: useProvidedSession() });
}

describe('server rendering', () => {
  it('renders the initial values and makes no session: no request, no socket', () => {
    const html = renderToString(
      createElement('div', null, createElement(Owner), createElement(ParticipantSessionProvider, { create }, createElement(Provided))),
    );
    expect(html).toBe('<div><p>connecting 0 0 0 0 0 0</p><p>connecting 0 0 0 0 0 0</p></div>');
    expect(made).toBe(0);
    expect(log.filter((line) => /Participant|ws /.test(line))).toEqual([]);
    expect(emulator.sockets()).toEqual([]);
  });

  it('renders a session it is given by the server snapshot (the initial values)', () => {
    const session = create();
    try {
      expect(renderToString(createElement(View, { session }))).toBe('<p>connecting 0 0 0 0 0 0</p>');
    } finally {
      void session.close();
    }
  });
});
