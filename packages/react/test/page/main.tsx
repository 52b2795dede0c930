// A chat under StrictMode, rendered with every hook of the package. The test drives it through `window.harness`.
import { StrictMode, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { connectParticipant, type ParticipantSession } from '@connect-participant/transport-browser';
import { useConversation, useParticipantSession, useParticipants, useSendMessage, useSessionState, useTypists } from '@connect-participant/react';

/** Every session the factory made, in order: the test counts them. */
const sessions: ParticipantSession[] = [];

function Chat({ endpoint, token }: { endpoint: string; token: string }) {
  const session = useParticipantSession(() => {
    const made = connectParticipant({ participantToken: token, endpoint });
    sessions.push(made);
    return made;
  }, [endpoint, token]);
  const state = useSessionState(session);
  const { entries } = useConversation(session);
  const participants = useParticipants(session);
  const typists = useTypists(session);
  const { send, pending, failed, retry, discard } = useSendMessage(session);
  const [text, setText] = useState('');
  return (
    <main>
      <p id="state" data-state={state.status}>{state.status}</p>
      <ul id="participants">
        {participants.map((p) => <li key={p.ParticipantId} data-presence={p.presence}>{p.DisplayName}</li>)}
      </ul>
      <ol id="messages">
        {entries.map((e) => (
          <li key={e.key} className={e.own ? 'own' : 'other'} data-status={e.status ?? ''} data-streaming={e.stream && !e.stream.complete ? 'yes' : 'no'}>
            {e.item.Content}
            {e.status === 'failed' && <button type="button" className="retry" onClick={() => void retry(e)}>Retry</button>}
            {e.status === 'failed' && <button type="button" className="discard" onClick={() => discard(e)}>Discard</button>}
          </li>
        ))}
      </ol>
      <p id="typing">{typists.map((t) => t.DisplayName).join(', ')}</p>
      <p id="unsent" data-pending={pending.length} data-failed={failed.length}>{failed.map((e) => e.error?.name).join(', ')}</p>
      <form onSubmit={(event) => { event.preventDefault(); void send(text); setText(''); }}>
        <input id="text" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">Send</button>
      </form>
    </main>
  );
}

let root: Root | undefined;
const harness = {
  /** Renders the chat (StrictMode on) for this chat; again with another token: the deps change. */
  render(endpoint: string, token: string) {
    root ??= createRoot(document.getElementById('root') as HTMLElement);
    root.render(<StrictMode><Chat endpoint={endpoint} token={token} /></StrictMode>);
  },
  unmount() {
    root?.unmount();
    root = undefined;
  },
  /** How many sessions the factory made, and the status of each. */
  sessions: () => sessions.map((s) => s.state.status),
};
(window as unknown as { harness: typeof harness }).harness = harness;
