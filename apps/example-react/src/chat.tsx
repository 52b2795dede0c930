import { useState } from 'react';
import { connectParticipant } from '@connect-participant/transport-browser';
import { useConversation, useParticipantSession, useSendMessage, useSessionState, useTypists } from '@connect-participant/react';

export function Chat({ participantToken, endpoint }: { participantToken: string; endpoint: string }) {
  const session = useParticipantSession(() => connectParticipant({ participantToken, endpoint }), [participantToken, endpoint]);
  const state = useSessionState(session);
  const { entries } = useConversation(session);
  const typists = useTypists(session);
  const { send } = useSendMessage(session);
  const [text, setText] = useState('');
  return (
    <section className="chat">
      <header data-state={state.status}>{state.status}</header>
      <ol>
        {entries.filter((e) => e.item.Type === 'MESSAGE').map((e) => (
          <li key={e.key} className={e.own ? 'own' : 'other'} data-status={e.status} data-streaming={e.stream?.complete === false}>
            <b>{e.own ? 'You' : e.item.DisplayName}</b> {e.item.Content} {e.status && <small>{e.status}</small>}
          </li>
        ))}
      </ol>
      <p className="typing">{typists.map((t) => `${t.DisplayName ?? 'Someone'} is typing…`).join(' ')}</p>
      <form onSubmit={(event) => { event.preventDefault(); void send(text); setText(''); }}>
        <input value={text} onChange={(event) => setText(event.target.value)} aria-label="Message" />
        <button disabled={!session || !text}>Send</button>
      </form>
    </section>
  );
}
