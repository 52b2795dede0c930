import {
  connectParticipant,
  createReceiptSender,
  createTypingSender,
  hasSavedChat,
  sendAttachment$,
  typists$,
  webStorageStore,
  type ConversationEntry,
} from '@connect-participant/transport-browser';

/** The tab's chat, kept in sessionStorage: a reload resumes it (the token, the last item seen, the sends not made). */
const store = webStorageStore();

/**
 * Where to connect: `?endpoint=…&token=…` (tests, external emulators), or `?endpoint=…` alone when this tab kept a
 * chat to resume, else the dev server's `/chat-config.json`.
 */
async function config(): Promise<{ endpoint: string; participantToken?: string }> {
  const query = new URLSearchParams(location.search);
  const endpoint = query.get('endpoint');
  const participantToken = query.get('token');
  if (endpoint && participantToken) return { endpoint, participantToken };
  if (endpoint && (await hasSavedChat(store))) return { endpoint };
  const res = await fetch('/chat-config.json');
  if (!res.ok) throw new Error('no chat configuration: open the page with ?endpoint=…&token=… or through `npm run dev`');
  return (await res.json()) as { endpoint: string; participantToken: string };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const list = $<HTMLOListElement>('messages');
/** One list element per conversation entry, by the entry's key: an update redraws its element in place. */
const shown = new Map<string, HTMLLIElement>();

const TICKS: Record<string, string> = { pending: '…', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '✗ not sent' };

/** What the buttons of a failed message do; the key of an own message's entry is its send's ClientToken. */
interface SendActions {
  retry(key: string): void;
  discard(key: string): void;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = Object.assign(document.createElement('button'), { type: 'button', className: label.toLowerCase(), textContent: label });
  b.addEventListener('click', onClick);
  return b;
}

function draw(li: HTMLLIElement, entry: ConversationEntry, actions: SendActions): void {
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
    // Waiting in the outbox (offline, reconnecting, or restored after a reload), or refused for good.
    if (entry.status === 'pending' || entry.status === 'failed') li.classList.add(entry.status);
    li.title = entry.status === 'failed' ? (entry.error?.message ?? '') : '';
    if (entry.status === 'failed') {
      li.append(button('Retry', () => actions.retry(entry.key)), button('Discard', () => actions.discard(entry.key)));
    }
  } else {
    const event = item.ContentType?.split('.').slice(-2).join(' ');
    li.className = 'event';
    li.textContent = `${item.DisplayName ?? ''} ${event?.replace('participant ', '') ?? ''}`.trim();
  }
}

/** Adds, redraws or removes the entry that changed (or, on the first emission, every entry). */
function render(entries: readonly ConversationEntry[], changed: ConversationEntry | undefined, actions: SendActions): void {
  for (const entry of changed ? [changed] : entries) {
    const at = entries.indexOf(entry);
    let li = shown.get(entry.key);
    // A discarded send: the emission's entry is no longer in the conversation.
    if (at < 0) {
      li?.remove();
      shown.delete(entry.key);
      continue;
    }
    if (!li) {
      li = document.createElement('li');
      shown.set(entry.key, li);
    }
    // Entries come in order, nearly always at the end; an earlier one goes before the element of the next entry,
    // and a pending message, kept last, moves to its place once sent.
    const next = entries[at + 1];
    const before = (next && shown.get(next.key)) ?? null;
    if (!li.isConnected || li.nextSibling !== before) list.insertBefore(li, before);
    draw(li, entry, actions);
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
  const session = connectParticipant({ ...(participantToken ? { participantToken } : {}), endpoint, resume: { store } });
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
  const actions: SendActions = {
    retry: (key) => void session.retrySend(key).catch((e: Error) => ($('events').textContent = `not sent: ${e.message}`)),
    discard: (key) => void session.discardSend(key),
  };
  session.conversation$.subscribe(({ entries, changed }) => render(entries, changed, actions));

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
    // Offline, it waits in the outbox (shown pending); refused, it stays in the conversation with Retry and Discard.
    session.sendMessage({ ContentType: 'text/plain', Content: content }).catch((e: Error) => ($('events').textContent = `not sent: ${e.message}`));
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
