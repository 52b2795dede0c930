import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import type { Item } from '../src/model/shapes.js';
import { readGap, type GapFound, type TranscriptPage } from '../src/session/gap-fill.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const msg = (n: number): Item => ({ Id: `m${n}`, Type: 'MESSAGE', Content: `${n}`, AbsoluteTime: new Date(T0 + n * 1_000).toISOString() });

/** A transcript reader whose pages the test answers; it records the NextToken of each read and its cancels. */
function reader() {
  const reads: { token: string | undefined; outcome: Outcome<TranscriptPage>; cancels: number }[] = [];
  const read = (token: string | undefined, outcome: Outcome<TranscriptPage>) => {
    const r = { token, outcome, cancels: 0 };
    reads.push(r);
    return () => void r.cancels++;
  };
  return { reads, read, last: () => reads.at(-1)! };
}

function listen() {
  const heard = { found: [] as GapFound[], errors: [] as unknown[] };
  const outcome: Outcome<GapFound> = { value: (f) => void heard.found.push(f), error: (e) => void heard.errors.push(e) };
  return { heard, outcome };
}

const none = () => false;

describe('readGap', () => {
  it('pages back to an item already delivered and gives the missed ones oldest first', () => {
    const { reads, read, last } = reader();
    const { heard, outcome } = listen();
    readGap(read, (id) => id === 'm1', Number.NEGATIVE_INFINITY, 10, outcome);
    last().outcome.value({ output: { Transcript: [msg(5), msg(4)], NextToken: 'p2' } });
    expect(reads.map((r) => r.token)).toEqual([undefined, 'p2']);
    last().outcome.value({ output: { Transcript: [msg(3), msg(2), msg(1), msg(0)], NextToken: 'p3', InitialContactId: 'contact-1' } });
    expect(reads).toHaveLength(2);
    expect(heard.found).toEqual([{ items: [msg(2), msg(3), msg(4), msg(5)], complete: true, initialContactId: 'contact-1', skipped: [] }]);
  });

  it('says nothing once cancelled, whatever the reader reports after', () => {
    for (const late of ['value', 'error'] as const) {
      const { read, last } = reader();
      const { heard, outcome } = listen();
      const cancel = readGap(read, none, Number.NEGATIVE_INFINITY, 10, outcome);
      cancel();
      expect(last().cancels).toBe(1);
      if (late === 'value') last().outcome.value({ output: { Transcript: [msg(1)] } });
      else last().outcome.error(new Error('late'));
      expect(heard).toEqual({ found: [], errors: [] });
    }
  });

  it('reports only the first outcome of a reader that reports twice', () => {
    const first = reader();
    const a = listen();
    readGap(first.read, none, Number.NEGATIVE_INFINITY, 10, a.outcome);
    first.last().outcome.value({ output: { Transcript: [msg(1)] } });
    first.last().outcome.error(new Error('then an error'));
    expect(a.heard.found).toHaveLength(1);
    expect(a.heard.errors).toEqual([]);

    const second = reader();
    const b = listen();
    readGap(second.read, none, Number.NEGATIVE_INFINITY, 10, b.outcome);
    const error = new Error('failed');
    second.last().outcome.error(error);
    second.last().outcome.value({ output: { Transcript: [msg(1)] } });
    second.last().outcome.error(new Error('again'));
    expect(b.heard).toEqual({ found: [], errors: [error] });
  });
});
