import { defineConfig } from 'vitest/config';

/** Where tests live; each tier picks its files there by name. */
const roots = ['shared', 'electron', 'renderer/src', 'scripts'];

/**
 * Two tiers (CONTRIBUTING.md), told apart by file name:
 * - `unit` (`*.test.ts`, `*.test.tsx`; `npm run test:unit`): pure and fast. No root, no sshd, no programs
 *   of any kind: a setup file makes every `child_process` call throw, so a test that starts one fails
 *   with a pointer to the system tier.
 * - `system` (`*.system-test.ts`; `npm run test:system`): tests that start programs: real sshd hosts on
 *   loopback (root), the config checkers (haproxy -c, keepalived -t, corosync, mariadbd, nagios, rsyslogd),
 *   Python's parsers, and `sh` running the plan's commands and guards.
 * The lab suite (`*.lab-test.ts`) has its own config: vitest.lab.config.ts.
 * `npx vitest run <file>` finds a file in either tier.
 */
export default defineConfig({
  define: { __QUORUM_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    environment: 'node',
    // Lint and child-process tests take a few seconds on 2 cores.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: roots.flatMap((root) => [`${root}/**/*.test.ts`, `${root}/**/*.test.tsx`]),
          setupFiles: ['scripts/test-support/no-processes.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'system', include: roots.map((root) => `${root}/**/*.system-test.ts`) },
      },
    ],
  },
});
