// Building the conversation view (`conversation$`'s fold) against a plain Map fold of the same items, in the same
// run: a 10,000-item conversation (messages, attachments with scan updates, receipts) and a 2,000-chunk streamed
// reply. The Map fold is the least any view must do: one entry per Id, each update merged into it (chunks joined).
import { ConversationView } from '@connect-participant/transport-node';
import { fmt, median, saveResult, table } from './lib.mjs';

const ROUNDS = Number(process.env.VIEW_ROUNDS ?? 15);
const t0 = Date.UTC(2026, 11, 2);
const at = (ms) => new Date(t0 + ms).toISOString();

function conversationItems(n) {
  const items = [];
  for (let i = 0; items.length < n; i++) {
    const Id = `m-${i}`;
    const AbsoluteTime = at(i * 1000);
    if (i % 20 === 7) {
      items.push({ Id, AbsoluteTime, Type: 'ATTACHMENT', ParticipantId: 'c', Attachments: [{ AttachmentId: `a${i}`, AttachmentName: 'x.png', Status: 'IN_PROGRESS' }] });
      items.push({ Id, AbsoluteTime, Type: 'ATTACHMENT', ParticipantId: 'c', Attachments: [{ AttachmentId: `a${i}`, AttachmentName: 'x.png', Status: 'APPROVED' }] });
    } else items.push({ Id, AbsoluteTime, Type: 'MESSAGE', ContentType: 'text/plain', Content: `message ${i}`, ParticipantId: i % 2 ? 'a' : 'c', ParticipantRole: i % 2 ? 'AGENT' : 'CUSTOMER' });
    if (i % 10 === 3) items.push({ Id: `r-${i}`, AbsoluteTime, Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: Id, Receipts: [{ ReadTimestamp: AbsoluteTime, RecipientParticipantId: 'a' }] } });
  }
  return items.slice(0, n);
}

function streamItems(n) {
  const items = [];
  for (let c = 1; c <= n; c++) {
    items.push({ Id: 'bot', AbsoluteTime: at(c), Type: 'MESSAGE', ContentType: 'text/plain', Content: `word${c} `, ParticipantRole: 'SYSTEM', MessageMetadata: { ChunkNumber: c, MessageCompleted: c === n } });
  }
  return items;
}

/** The baseline: one entry per Id in a Map, updates merged, chunks appended, receipts applied to their message. */
function mapFold(items) {
  const map = new Map();
  for (const item of items) {
    if (item.Type === 'MESSAGEMETADATA') {
      const target = map.get(item.MessageMetadata.MessageId);
      if (target) map.set(item.MessageMetadata.MessageId, { ...target, status: 'read' });
      continue;
    }
    const previous = map.get(item.Id);
    const chunk = item.MessageMetadata?.MessageCompleted === false;
    map.set(item.Id, previous ? { ...previous, ...item, Content: chunk ? previous.Content + item.Content : item.Content } : item);
  }
  return map.size;
}

/** The view, with one subscriber reading each emission as an app would. */
function viewFold(items) {
  const view = new ConversationView();
  let seen = 0;
  const subscription = view.hub.subscribe((c) => (seen += c.changed ? 1 : 0));
  for (const item of items) view.record(item);
  subscription.unsubscribe();
  return view.hub.value.entries.length + seen * 0;
}

function time(fold, items) {
  const start = performance.now();
  fold(items);
  return performance.now() - start;
}

const cases = [
  ['10,000-item conversation', conversationItems(10_000)],
  ['2,000-chunk streamed reply', streamItems(2_000)],
];
const rows = [];
const result = {};
for (const [name, items] of cases) {
  // Warm both folds up, then alternate them round by round.
  for (let i = 0; i < 5; i++) {
    mapFold(items);
    viewFold(items);
  }
  const base = [];
  const ours = [];
  for (let r = 0; r < ROUNDS; r++) {
    base.push(time(mapFold, items));
    ours.push(time(viewFold, items));
  }
  const ratio = median(ours) / median(base);
  rows.push([name, `${fmt(median(base), 2)} ms`, `${fmt(median(ours), 2)} ms`, `${fmt(ratio, 2)}×`, ratio <= 2 ? 'yes' : 'NO']);
  result[name] = { mapFoldMs: median(base), viewMs: median(ours), ratio };
}
table(['case', 'Map fold (baseline)', 'ConversationView', 'ratio', '≤ 2×'], rows);
saveResult('conversation-view', { rounds: ROUNDS, cases: result });
if (rows.some((r) => r[4] === 'NO')) process.exitCode = 1;
