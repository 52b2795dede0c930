import {
  connectParticipant,
  createReceiptSender,
  createTypingSender,
  sendAttachment$,
  typists$,
  type ConversationEntry,
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
/** One list element per conversation entry, by the entry's key: an update redraws its element in place. */
const shown = new Map<string, HTMLLIElement>();

const TICKS: Record<string, string> = { pending: '…', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '✗ not sent' };

function draw(li: HTMLLIElement, entry: ConversationEntry): void {
  const item = entry.item;
  li.replaceChildren();
  li.dataset['id'] = entry.Id ?? '';
  if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') {
    li.className = entry.own || item.ParticipantRole === 'CUSTOMER' ? 'customer' : 'other';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = item.DisplayName ?? item.ParticipantRole ?? (entry.own ? 'You' : '');
    const attachments = item.Attachments?.map((a) => `${a.AttachmentName ?? ''}${a.Status && a.Status !== 'APPROVED' ? ` (${a.Status.toLowerCase().replace('_', ' ')})` : ''}`);
    li.append(who, item.Type === 'ATTACHMENT' ? `Attachment: ${attachments?.join(', ') ?? ''}` : (item.Content ?? ''));
    // A streamed reply grows in place until it is complete.
    if (entry.stream) li.classList.toggle('streaming', !entry.stream.complete);
    const processing = item.MessageMetadata?.MessageProcessingStatus;
    if (processing) li.append(Object.assign(document.createElement('span'), { className: 'processing', textContent: processing.toLowerCase() }));
    if (entry.status) li.append(Object.assign(document.createElement('span'), { className: 'ticks', textContent: TICKS[entry.status] ?? '' }));
  } else {
    const event = item.ContentType?.split('.').slice(-2).join(' ');
    li.className = 'event';
    li.textContent = `${item.DisplayName ?? ''} ${event?.replace('participant ', '') ?? ''}`.trim();
  }
}

/** Adds or redraws the entry that changed (or, on the first emission, every entry). */
function render(entries: readonly ConversationEntry[], changed: ConversationEntry | undefined): void {
  for (const entry of changed ? [changed] : entries) {
    let li = shown.get(entry.key);
    if (!li) {
      li = document.createElement('li');
      shown.set(entry.key, li);
      // Entries come in order, nearly always at the end; an earlier one goes before the element of the next entry.
      const next = entries[entries.indexOf(entry) + 1];
      list.insertBefore(li, (next && shown.get(next.key)) ?? null);
    }
    draw(li, entry);
  }
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
  session.conversation$.subscribe(({ entries, changed }) => render(entries, changed));

  const receipts = createReceiptSender(session, { throttleMs: 1000 });
  session.messages$.subscribe((m) => m.Type === 'MESSAGE' && m.ParticipantRole !== 'CUSTOMER' && m.Id && receipts.read(m.Id));
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
