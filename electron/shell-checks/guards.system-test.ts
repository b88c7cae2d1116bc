import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, enableNow, restart, run, write } from '../../shared/plan/builder';
import { effectsGuard, fileWrittenGuard } from '../../shared/plan/guards';

const dir = mkdtempSync(join(tmpdir(), 'quorum-guards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const me = userInfo().username;
const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();

/** Runs a guard in a real POSIX shell, as the runner does (`sh -c`); true when it exits 0. */
function holds(guard: string): boolean {
  return spawnSync('sh', ['-c', guard]).status === 0;
}

describe('fileWrittenGuard', () => {
  const awkward = "line 1\nit's got 'quotes', $HOME, `ticks`, \\ and a QUORUM_GUARD_EOF\n\n";

  it.each([
    ['with a final newline', awkward],
    ['without a final newline (an Erlang cookie)', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456'],
    ['empty', ''],
  ])('holds only for the exact content, owner and mode: %s', (_, content) => {
    const path = join(dir, `f-${content.length}`);
    const guard = fileWrittenGuard(write(path, content, '0640', me, group) as never);
    expect(holds(guard)).toBe(false); // missing
    writeFileSync(path, content);
    chmodSync(path, 0o640);
    expect(holds(guard)).toBe(true);
    chmodSync(path, 0o644);
    expect(holds(guard)).toBe(false); // mode differs
    chmodSync(path, 0o640);
    writeFileSync(path, `${content}\n`);
    expect(holds(guard)).toBe(false); // one more byte
    writeFileSync(path, content.slice(0, -1));
    chmodSync(path, 0o640);
    if (content.length > 0) expect(holds(guard)).toBe(false); // one byte less
    const other = fileWrittenGuard(write(path, content, '0640', 'root-not-me', group) as never);
    writeFileSync(path, content);
    expect(holds(other)).toBe(me === 'root-not-me');
  });
});

describe('effectsGuard', () => {
  it('checks files, packages and units the actions show, and nothing for validations and checks', () => {
    const guard = effectsGuard([
      run('dpkg -s memcached >/dev/null 2>&1 || apt-get install -y memcached'),
      write('/etc/memcached.conf', '-m 64\n'),
      run('haproxy -c -q -f /etc/haproxy/haproxy.cfg'),
      ...restart(['memcached']),
      run('systemctl enable memcached'),
      ...enableNow(['garb']),
      run('systemctl daemon-reload && systemctl enable --now clustercheck.socket'),
      check('true', { kind: 'exit-zero' }, 'x'),
    ]);
    const parts = guard.split(' && ');
    expect(parts[0]).toBe('dpkg -s memcached >/dev/null 2>&1');
    expect(guard).toContain("cmp -s '/etc/memcached.conf' -");
    expect(parts.filter((p) => p.startsWith('systemctl'))).toEqual([
      'systemctl is-active -q memcached',
      'systemctl is-enabled -q memcached',
      'systemctl is-enabled -q garb',
      'systemctl is-active -q garb',
      'systemctl is-enabled -q clustercheck.socket',
      'systemctl is-active -q clustercheck.socket',
    ]);
    expect(guard).not.toContain('haproxy');
  });

  it('adds extra conditions and refuses actions it cannot see the effect of', () => {
    expect(effectsGuard([write(join(dir, 'x'), 'x')], ['test -e /x'])).toMatch(/ && test -e \/x$/);
    expect(() => effectsGuard([run('galera_new_cluster')])).toThrow(/no effect a guard can see/);
  });

  it('is a single shell command list that holds when every file is in place', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const guard = effectsGuard([write(a, 'A\n', '0644', me, group), write(b, "B'\n", '0600', me, group)]);
    writeFileSync(a, 'A\n');
    chmodSync(a, 0o644);
    expect(holds(guard)).toBe(false);
    writeFileSync(b, "B'\n");
    chmodSync(b, 0o600);
    expect(holds(guard)).toBe(true);
  });
});
