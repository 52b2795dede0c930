/**
 * The console's script, plain browser JavaScript served as is (no build step). It drives the control API of the
 * emulator that serves it: a paced poll (each request after the previous answer) of the contact list and of the
 * chosen contact's snapshot, and one call per button. It never shows a token: the control token, when the
 * emulator requires one, stays in this tab's sessionStorage and travels only in a header.
 *
 * Written without template literals so that it can live in this template literal.
 */
export const CONSOLE_JS = String.raw`
const POLL_MS = 700;
const EVENT = 'application/vnd.amazonaws.connect.event.';
const $ = (id) => document.getElementById(id);
const state = { selected: undefined, snapshot: undefined, token: sessionStorage.getItem('emulatorControlToken') || '' };

async function control(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (state.token) headers['x-emulator-control-token'] = state.token;
  const res = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    $('token-form').hidden = false;
    throw new Error('This emulator requires its control token.');
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.message || ('HTTP ' + res.status));
  return json;
}

function say(text) {
  $('status').textContent = text;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderContacts(contacts) {
  const list = $('contacts');
  list.replaceChildren();
  for (const c of contacts) {
    const li = el('li', c.ContactId === state.selected ? 'selected' : '');
    li.dataset.contactId = c.ContactId;
    li.append(el('span', 'badge' + (c.ended ? ' ended' : ''), c.ended ? 'ended' : 'active'), ' ', el('strong', '', c.customer || 'Customer'));
    li.append(el('div', 'meta', c.ContactId));
    li.append(el('div', 'meta', c.messages + ' messages · ' + c.participants + ' in chat · ' + c.sockets + ' sockets'));
    li.addEventListener('click', () => select(c.ContactId));
    list.append(li);
  }
  if (contacts.length === 0) list.append(el('li', 'meta', 'No contacts yet: start a chat from your app, or press New chat.'));
}

function describeEvent(item) {
  const type = (item.ContentType || '').replace(EVENT, '');
  return (item.DisplayName ? item.DisplayName + ': ' : '') + type;
}

function receiptText(item) {
  const receipts = (item.MessageMetadata && item.MessageMetadata.Receipts) || [];
  if (receipts.some((r) => r.ReadTimestamp)) return 'read';
  if (receipts.some((r) => r.DeliveredTimestamp)) return 'delivered';
  return '';
}

function renderChat(snapshot) {
  const ended = snapshot.ended;
  $('chat-title').textContent = 'Contact ' + snapshot.ContactId;
  $('chat-state').textContent = ended ? 'ended' : 'active';
  const names = snapshot.participants.filter((p) => !p.left).map((p) => p.DisplayName + ' (' + p.ParticipantRole + ')');
  const subscribed = snapshot.sockets.filter((s) => s.subscribed).length;
  $('participants').textContent = 'In chat: ' + (names.join(', ') || 'nobody') + ' · sockets: ' + snapshot.sockets.length + ' (' + subscribed + ' subscribed)';
  const list = $('transcript');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  list.replaceChildren();
  for (const item of snapshot.transcript) {
    if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') {
      const li = el('li', item.ParticipantRole || '');
      li.dataset.id = item.Id;
      li.append(el('span', 'who', (item.DisplayName || item.ParticipantRole || '') + (item.ContentType === 'text/markdown' ? ' · markdown' : '')));
      const text = item.Type === 'ATTACHMENT' ? 'Attachment: ' + ((item.Attachments || [])[0] || {}).AttachmentName + ' (' + ((item.Attachments || [])[0] || {}).Status + ')' : item.Content;
      li.append(el('span', 'text', text));
      const receipt = receiptText(item);
      if (receipt) li.append(el('span', 'receipt', receipt));
      list.append(li);
    } else {
      list.append(el('li', 'event', describeEvent(item)));
    }
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
  const typing = snapshot.participants.filter((p) => snapshot.typing.includes(p.ParticipantId)).map((p) => p.DisplayName);
  $('typing').textContent = typing.length ? typing.join(', ') + ' typing…' : '';
  for (const id of ['message', 'send', 'typing-button', 'read-button', 'end-button']) $(id).disabled = ended;
  $('faults').disabled = false;
}

async function select(contactId) {
  state.selected = contactId;
  for (const li of $('contacts').children) li.classList.toggle('selected', li.dataset.contactId === contactId);
  await refreshChat();
}

async function refreshChat() {
  if (!state.selected) return;
  state.snapshot = await control('GET', '/emulator/contacts/' + encodeURIComponent(state.selected));
  renderChat(state.snapshot);
}

async function poll() {
  try {
    renderContacts((await control('GET', '/emulator/contacts')).contacts);
    await refreshChat();
  } catch (error) {
    say(error.message);
  }
  setTimeout(poll, POLL_MS);
}

function contactPath(suffix) {
  return '/emulator/contacts/' + encodeURIComponent(state.selected) + suffix;
}

async function act(run, done) {
  try {
    await run();
    if (done) say(done);
    await refreshChat();
  } catch (error) {
    say(error.message);
  }
}

function lastCustomerMessage() {
  const items = (state.snapshot && state.snapshot.transcript) || [];
  for (let i = items.length - 1; i >= 0; i--) if (items[i].Type === 'MESSAGE' && items[i].ParticipantRole === 'CUSTOMER') return items[i];
  return undefined;
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('message').value;
  if (!text.trim() || !state.selected) return;
  const mode = $('mode').value;
  act(async () => {
    if (mode === 'stream') {
      await control('POST', contactPath('/bot/stream'), { Content: text, chunks: Number($('chunks').value) || 5, intervalMs: 150, wait: false });
    } else {
      const markdown = mode === 'markdown' || mode === 'bot-markdown';
      const body = { Content: text, ContentType: markdown ? 'text/markdown' : 'text/plain' };
      if (mode === 'bot' || mode === 'bot-markdown') {
        body.ParticipantRole = 'CUSTOM_BOT';
        body.DisplayName = 'Bot';
      }
      await control('POST', contactPath('/agent/messages'), body);
    }
    $('message').value = '';
  }, 'Sent.');
});
$('typing-button').addEventListener('click', () => act(() => control('POST', contactPath('/agent/typing'), {}), 'Typing sent.'));
$('read-button').addEventListener('click', () => act(async () => {
  const last = lastCustomerMessage();
  if (!last) throw new Error('No customer message to mark read.');
  await control('POST', contactPath('/agent/read'), { MessageId: last.Id });
}, 'Read receipt sent.'));
$('end-button').addEventListener('click', () => act(() => control('POST', contactPath('/end'), {}), 'Chat ended.'));
$('new-contact').addEventListener('click', () => act(async () => {
  const chat = await control('POST', '/emulator/contacts', { DisplayName: 'Console customer' });
  await select(chat.ContactId);
}, 'Chat started: connect a client with its ParticipantToken (see the control API).'));
$('faults').addEventListener('click', (event) => {
  const fault = event.target && event.target.dataset && event.target.dataset.fault;
  if (!fault || !state.selected) return;
  const contactId = state.selected;
  const calls = {
    drop: () => control('POST', '/emulator/faults/drop-sockets', { contactId: contactId }).then((r) => 'Dropped ' + r.dropped + ' sockets.'),
    withhold: () => control('POST', '/emulator/faults/withhold-heartbeats', { contactId: contactId, count: 3 }).then(() => 'The next 3 heartbeat replies will be withheld.'),
    throttle: () => control('POST', '/emulator/faults/throttle-next', { operation: '*', count: 1 }).then(() => 'The next call will be throttled.'),
    shift: () => control('POST', '/emulator/faults/shift-clock', { ms: (Number($('shift').value) || 0) * 1000 }).then(() => 'Clock shifted.'),
    clear: () => control('POST', '/emulator/faults/clear', {}).then(() => 'Faults cleared.'),
  };
  const run = calls[fault];
  if (run) run().then(say, (error) => say(error.message));
});
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = $('token').value;
  sessionStorage.setItem('emulatorControlToken', state.token);
  $('token').value = '';
  $('token-form').hidden = true;
  say('Token set.');
});
poll();
`;
