// The baseline: the same chat component with React and react-dom only, and no session (what React itself costs).
import { createRoot } from 'react-dom/client';

function Chat() {
  const entries = [{ key: '1', text: 'Hello' }];
  return (
    <main>
      <output>connecting</output>
      <ul>{entries.map((e) => <li key={e.key}>{e.text}</li>)}</ul>
      <button onClick={() => console.log('Hello')}>Send</button>
    </main>
  );
}
createRoot(document.getElementById('root') as HTMLElement).render(<Chat />);
