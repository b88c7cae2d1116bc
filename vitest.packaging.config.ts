import { defineConfig } from 'vitest/config';

/**
 * The packaging suite (`npm run test:packaging`): electron-builder packs the built app against a stand-in
 * Electron folder and the test opens the result. Slow (tens of seconds), so not in the unit suite.
 */
export default defineConfig({
  test: {
    include: ['scripts/packaging/**/*.pack-test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
