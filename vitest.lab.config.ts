import { defineConfig } from 'vitest/config';

/**
 * The lab suite (`npm run test:lab`): real Debian nodes in systemd-nspawn on this machine. Linux and root
 * only; one file at a time, since every test changes the host's network and processes.
 */
export default defineConfig({
  define: { __QUORUM_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['electron/**/*.lab-test.ts'],
    environment: 'node',
    fileParallelism: false,
    // debootstrap alone takes 1–2 minutes on 2 busy cores; apt installs inside a node up to a minute.
    testTimeout: 8 * 60_000,
    hookTimeout: 2 * 60_000,
  },
});
