import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script, measured the same way `npm run size` prints it (a default Vite build of dist/).
import { BUDGET_BYTES, measure } from '../size/measure.mjs';

describe('browser bundle size', () => {
  it('a chat app (connect, show messages, send one) stays within the min+gz budget', async () => {
    const { gzipped } = (await measure()) as { gzipped: number };
    console.log(`chat app bundle (default Vite build of the published entry): ${(gzipped / 1024).toFixed(1)} KB min+gz (budget ${BUDGET_BYTES / 1024} KB)`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 120_000); // a production build of the app: seconds, more on a machine busy with the other packages' tests
});
