/** The drill's AMQP probe, read by the real Python 3 parser (system tier: it starts python3). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AMQP_PROBE_SCRIPT } from './amqp-probe';

describe('drill AMQP probe', () => {
  it('the AMQP probe is valid Python 3', () => {
    const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
      input: AMQP_PROBE_SCRIPT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
