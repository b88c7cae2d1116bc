/**
 * The unit tier's guard (scripts/test-support/no-processes.ts): a unit test cannot start a program, by
 * any of child_process's functions, so a test that needs one has to be a system test.
 */
import * as childProcess from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NO_PROCESSES } from './test-support/no-processes';

describe('the unit tier starts no programs', () => {
  it.each([
    ['spawnSync', () => childProcess.spawnSync('sh', ['-c', 'true'])],
    ['execFileSync', () => childProcess.execFileSync('python3', ['--version'])],
    ['execSync', () => childProcess.execSync('true')],
    ['spawn', () => childProcess.spawn('sshd', ['-D'])],
    ['execFile', () => childProcess.execFile('haproxy', ['-c'])],
    ['exec', () => childProcess.exec('true')],
    ['fork', () => childProcess.fork('worker.mjs')],
  ])('%s throws, naming the system tier and the program', (name, start) => {
    expect(start).toThrow(NO_PROCESSES);
    expect(start).toThrow(`it called ${name}(`);
  });
});
