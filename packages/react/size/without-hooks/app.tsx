// The chat component wired by hand (state, conversation, send) on transport-browser: what an app pays without the hooks.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { connectParticipant, type ConversationEntry, type ParticipantSession } from '@connect-participant/transport-browser';

function Chat() {
  const [session, setSession] = useState<ParticipantSession>();
  const [status, setStatus] = useState('connecting');
  const [entries, setEntries] = useState<readonly ConversationEntry[]>([]);
  useEffect(() => {
    const made = connectParticipant({ participantToken: location.hash.slice(1), region: 'us-east-1' });
    setSession(made);
    const state = made.state$.subscribe((s) => setStatus(s.status));
    const conversation = made.conversation$.subscribe((c) => setEntries([...c.entries]));
    return () => {
      state.unsubscribe();
      conversation.unsubscribe();
      void made.close();
    };
  }, []);
  return (
    <main>
      <output>{status}</output>
      <ul>{entries.map((e) => <li key={e.key}>{e.item.Content}</li>)}</ul>
      <button onClick={() => void session?.sendMessage({ ContentType: 'text/plain', Content: 'Hello' })}>Send</button>
    </main>
  );
}
createRoot(document.getElementById('root') as HTMLElement).render(<Chat />);
