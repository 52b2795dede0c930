// The same chat component on the hooks: the session owned by the component, its state, the conversation, sending.
import { createRoot } from 'react-dom/client';
import { connectParticipant } from '@connect-participant/transport-browser';
import { useConversation, useParticipantSession, useSendMessage, useSessionState } from '@connect-participant/react';

function Chat() {
  const session = useParticipantSession(() => connectParticipant({ participantToken: location.hash.slice(1), region: 'us-east-1' }), []);
  const state = useSessionState(session);
  const { entries } = useConversation(session);
  const { send } = useSendMessage(session);
  return (
    <main>
      <output>{state.status}</output>
      <ul>{entries.map((e) => <li key={e.key}>{e.item.Content}</li>)}</ul>
      <button onClick={() => void send('Hello')}>Send</button>
    </main>
  );
}
createRoot(document.getElementById('root') as HTMLElement).render(<Chat />);
