import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Chat } from './chat.js';
import './chat.css';

// Where to connect: `?endpoint=…&token=…` (the test, any emulator), else the dev server's `/chat-config.json`.
async function config(): Promise<{ endpoint: string; participantToken: string }> {
  const query = new URLSearchParams(location.search);
  const endpoint = query.get('endpoint');
  const participantToken = query.get('token');
  if (endpoint && participantToken) return { endpoint, participantToken };
  const res = await fetch('/chat-config.json');
  if (!res.ok) throw new Error('no chat configuration: open the page with ?endpoint=…&token=… or through `npm run dev`');
  return (await res.json()) as { endpoint: string; participantToken: string };
}

const root = createRoot(document.getElementById('root') as HTMLElement);
config().then(
  ({ endpoint, participantToken }) => root.render(<StrictMode><Chat endpoint={endpoint} participantToken={participantToken} /></StrictMode>),
  (error: Error) => root.render(<p role="alert">{error.message}</p>),
);
