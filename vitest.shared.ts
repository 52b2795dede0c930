import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Tests run on sources, not builds: the `@connect-participant/source` export condition points each workspace
 * package at its `src/index.ts`, so `npm test` needs no prior build.
 */
// Vite's server defaults include `module`, which picks bundler-only builds (the AWS SDK's dist-es uses
// extension-less imports that Node cannot load); Node's own conditions are what tests should see.
const conditions = ['@connect-participant/source', ...defaultServerConditions.filter((c) => c !== 'module')];

export const sourceFirst = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    // expect.poll gives up after 1 s by default: too soon for a page to connect on CI's 2 loaded cores.
    expect: { poll: { timeout: 10_000 } },
  },
});
