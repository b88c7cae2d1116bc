import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __QUORUM_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'renderer/src/**/*.test.tsx',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    // Lint and child-process tests take a few seconds on 2 cores.
    testTimeout: 30_000,
  },
});
