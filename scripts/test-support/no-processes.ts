/**
 * Setup file of the unit tier (vitest.config.ts): every way to start a program throws. A unit test that
 * starts one, itself or through the code it tests, fails with a pointer to the system tier instead of
 * quietly depending on a program (or on root) being there.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const STARTERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

export const NO_PROCESSES =
  'unit tests start no programs: a test that needs one is a system test (name it *.system-test.ts)';

// The CommonJS module object: its functions can be replaced, and `syncBuiltinESMExports` carries the
// replacement to every `import … from 'node:child_process'`.
const writable = createRequire(import.meta.url)('node:child_process') as Record<
  (typeof STARTERS)[number],
  unknown
>;
for (const name of STARTERS) {
  writable[name] = (command: unknown) => {
    throw new Error(`${NO_PROCESSES}; it called ${name}(${JSON.stringify(command)})`);
  };
}
syncBuiltinESMExports();
