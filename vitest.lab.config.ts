import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Files in the order of their paths, always: deploy-keepalived (keepalived, garbd) before deploy-pacemaker
 * (whose lab reuses the base it built), then lab. Vitest's own order follows its cache (failed or slower
 * files first).
 */
class ByPath extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve([...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId)));
  }
}

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
    // The deployment suites' shared data folder (base root filesystem, golden layers).
    globalSetup: ['electron/lab/lab-data-dir.ts'],
    sequence: { sequencer: ByPath },
    // debootstrap alone takes 1–2 minutes on 2 busy cores; apt installs inside a node up to a minute.
    testTimeout: 8 * 60_000,
    hookTimeout: 2 * 60_000,
  },
});
