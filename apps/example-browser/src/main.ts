import {
  connectParticipant,
  createReceiptSender,
  createTypingSender,
  messageReceipts$,
  sendAttachment$,
  typists$,
  type Item,
} from '@connect-participant/transport-browser';

/** Where to connect: `?endpoint=…&token=…` (tests, external emulators), else the dev server's `/chat-config.json`. */
async function config(): Promise<{ endpoint: string; participantToken: string }> {
  const query = new URLSearchParams(location.search);
  const endpoint = query.get('endpoint');
  const participantToken = query.get('token');
  if (endpoint && participantToken) return { endpoint, participantToken };
  const res = await fetch('/chat-config.json');
  if (!res.ok) throw new Error('no chat configuration: open the page with ?endpoint=…&token=… or through `npm run dev`');
  return (await res.json()) as { endpoint: string; participantToken: string };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const list = $<HTMLOListElement>('messages');
const ticks = new Map<string, HTMLElement>();

function show(item: Item): void {
  const li = document.createElement('li');
  if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') {
    li.className = item.ParticipantRole === 'CUSTOMER' ? 'customer' : 'other';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = item.DisplayName ?? item.ParticipantRole ?? '';
    li.append(who, item.Type === 'ATTACHMENT' ? `Attachment: ${item.Attachments?.map((a) => a.AttachmentName).join(', ')}` : (item.Content ?? ''));
    if (item.ParticipantRole === 'CUSTOMER' && item.Id) {
      const tick = document.createElement('span');
      tick.className = 'ticks';
      tick.textContent = '✓';
      li.append(tick);
      ticks.set(item.Id, tick);
    }
  } else {
    const event = item.ContentType?.split('.').slice(-2).join(' ');
    if (!event || event.includes('typing')) return;
    li.className = 'event';
    li.textContent = `${item.DisplayName ?? ''} ${event.replace('participant ', '')}`.trim();
  }
  li.dataset['id'] = item.Id ?? '';
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

function countdown(at: number | undefined): string {
  if (at === undefined) return '–';
  const s = Math.max(0, Math.round((at - Date.now()) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h`;
}

async function start(): Promise<void> {
  const { endpoint, participantToken } = await config();
  const session = connectParticipant({ participantToken, endpoint });
  // When the socket is next rotated: `ConnectionExpiry` is the URL's connect deadline, not the socket's end.
  let rotationAt: number | undefined;
  let tokenExpiry: number | undefined;
  let losses = 0;
  session.state$.subscribe((s) => {
    $('state').textContent = s.status;
    $('state').dataset['state'] = s.status;
  });
  session.connection$.subscribe((e) => {
    if (e.type === 'granted') tokenExpiry = e.tokenExpiry;
    if (e.type === 'rotation-scheduled') rotationAt = e.at;
    if (e.type === 'lost') $('events').textContent = `${++losses} connection loss(es), recovered`;
  });
  setInterval(() => {
    $('socket-rotation').textContent = countdown(rotationAt);
    $('token-expiry').textContent = countdown(tokenExpiry);
  }, 1000);
  session.messages$.subscribe(show);

  const receipts = createReceiptSender(session, { throttleMs: 1000 });
  session.messages$.subscribe((m) => m.Type === 'MESSAGE' && m.ParticipantRole !== 'CUSTOMER' && m.Id && receipts.read(m.Id));
  messageReceipts$(session).subscribe((byMessage) => {
    for (const [id, r] of byMessage) {
      const tick = ticks.get(id);
      if (tick) tick.textContent = r.read ? '✓✓ read' : r.delivered ? '✓✓' : '✓';
    }
  });
  typists$(session).subscribe((who) => {
    const others = who.filter((t) => t.ParticipantRole !== 'CUSTOMER');
    $('typing').hidden = others.length === 0;
    $('typing').textContent = `${others.map((t) => t.DisplayName ?? t.ParticipantRole).join(', ')} is typing…`;
  });

  const typing = createTypingSender(session);
  const text = $<HTMLInputElement>('text');
  text.addEventListener('input', () => void typing.typing());
  $<HTMLFormElement>('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const content = text.value.trim();
    if (!content) return;
    text.value = '';
    session.sendMessage({ ContentType: 'text/plain', Content: content }).catch((e: Error) => alert(`Not sent: ${e.message}`));
  });
  const file = $<HTMLInputElement>('file');
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    sendAttachment$(session, chosen).subscribe({
      next: (p) => ($('events').textContent = `upload: ${p.phase}${p.phase === 'uploading' ? ` ${p.loaded}/${p.total} bytes` : ''}`),
      error: (e: Error) => ($('events').textContent = `upload failed: ${e.message}`),
    });
    file.value = '';
  });
  window.addEventListener('pagehide', () => void session.close());
}

start().catch((error: Error) => {
  $('state').textContent = `failed: ${error.message}`;
  $('state').dataset['state'] = 'failed';
});
