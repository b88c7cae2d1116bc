// The managed block and its guard run in a real POSIX shell against files in a temporary folder, as the
// runner runs them on a node; then the Horizon step of a compiled plan, before and after a design change.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Design } from '../../shared/design/schema';
import { compilePlan } from '../../shared/plan/compile';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import { blockGuard, managedBlock, replaceBlockCommand } from '../../shared/plan/managed-block';
import type { Action } from '../../shared/plan/types';

const dir = mkdtempSync(join(tmpdir(), 'quorum-block-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sh(command: string): number | null {
  return spawnSync('sh', ['-c', command]).status;
}

const DISTRO = "# The distribution's settings.\nDEBUG = False\nTIME_ZONE = 'UTC'\n";
const LEGACY = "# Written by Quorum (appended to the distribution settings).\nOPENSTACK_HOST = 'old'\n";

describe('managed block', () => {
  const target = join(dir, 'local_settings.py');
  const block = join(dir, 'block.py');
  const name = 'Test settings';
  const command = replaceBlockCommand(name, target, block, '# Written by Quorum');
  const guard = blockGuard(name, target, block, '# Written by Quorum');
  const v1 = managedBlock(name, "OPENSTACK_HOST = '10.0.0.10'\nLOCATION = ['a:11211']\n");
  const v2 = managedBlock(name, "OPENSTACK_HOST = '10.0.0.20'\nLOCATION = ['a:11211', 'b:11211']\n");

  /** The guard says not done; the command applies the block, leaving `expected` as the whole file; then done. */
  function expectApplied(expected: string) {
    expect(sh(guard)).not.toBe(0);
    expect(sh(command)).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(expected);
    expect(sh(guard)).toBe(0);
  }

  it('replaces an older unmarked append, then holds; a re-run changes nothing', () => {
    writeFileSync(target, DISTRO + LEGACY);
    writeFileSync(block, v1);
    expectApplied(DISTRO + v1);
    expect(sh(command)).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(DISTRO + v1);
    expect(sh(guard)).toBe(0);
  });

  it('a changed block is not done until applied, and then replaces the old one in place', () => {
    writeFileSync(target, DISTRO + v1);
    writeFileSync(block, v2);
    expectApplied(DISTRO + v2);
  });

  it('is not done with the block twice, hand-edited, or missing; a file without a final newline is kept whole', () => {
    writeFileSync(block, v1);
    writeFileSync(target, DISTRO + v1 + v1);
    expect(sh(guard)).not.toBe(0);
    writeFileSync(target, DISTRO + v1.replace('10.0.0.10', '10.0.0.11'));
    expect(sh(guard)).not.toBe(0);
    writeFileSync(target, DISTRO);
    expect(sh(guard)).not.toBe(0);
    writeFileSync(target, DISTRO.trimEnd());
    expect(sh(command)).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(DISTRO + v1);
    expect(sh(guard)).toBe(0);
  });
});

describe('Horizon settings step', () => {
  const base = templateDesigns()['book-lab']!;
  const target = join(dir, 'horizon_local_settings');

  /** The step's block file content, its commands and its guard's block conditions, on local paths. */
  function horizonStep(design: Design) {
    const plan = compilePlan(design);
    const step = plan.steps.find((s) => s.id === 'horizon.install')!;
    const write = step.actions.find(
      (a): a is Extract<Action, { kind: 'write-file' }> => a.kind === 'write-file',
    )!;
    const replace = step.actions.find(
      (a): a is Extract<Action, { kind: 'run' }> => a.kind === 'run' && a.command.includes('sed -i'),
    )!;
    // The distribution's settings file is the replace command's last word.
    const settings = replace.command.split(' ').pop()!;
    const local = (text: string) =>
      text.split(write.path).join(join(dir, 'horizon-settings.py')).split(settings).join(target);
    const blockParts = step
      .guard!.command.split(' && ')
      .filter((p) => p.startsWith('sed -n') || p.startsWith('! grep'));
    return {
      content: write.content,
      apply: () => {
        writeFileSync(join(dir, 'horizon-settings.py'), write.content);
        return sh(local(replace.command));
      },
      done: () => sh(local(blockParts.join(' && '))) === 0,
      guardParts: blockParts.length,
    };
  }

  it('a moved Keystone VIP changes the settings; the old installed block is then not done, and applying fixes it', () => {
    const moved = structuredClone(base);
    const vip = moved.vips.find((v) => v.services.includes('keystone'))!;
    const old = vip.address;
    vip.address = old.replace(/\d+$/, (n) => String((Number(n) + 7) % 250));
    const before = horizonStep(base);
    const after = horizonStep(moved);
    expect(before.guardParts).toBe(2);
    expect(before.content).toContain(`OPENSTACK_HOST = "${old}"`);
    expect(after.content).toContain(`OPENSTACK_HOST = "${vip.address}"`);

    writeFileSync(target, DISTRO + LEGACY);
    expect(before.done()).toBe(false);
    expect(before.apply()).toBe(0);
    expect(before.done()).toBe(true);
    // The design changed: the node still has the old settings, so the step is not done…
    writeFileSync(join(dir, 'horizon-settings.py'), after.content);
    expect(after.done()).toBe(false);
    // …and applying it replaces them (once), after which it is done.
    expect(after.apply()).toBe(0);
    expect(after.done()).toBe(true);
    const installed = readFileSync(target, 'utf8');
    expect(installed).toBe(DISTRO + after.content);
    expect(installed).not.toContain(old);
  });

  it('a changed memcached server list reaches the settings', () => {
    const local = structuredClone(base);
    local.options.memcached = local.options.memcached === 'local' ? 'all' : 'local';
    expect(horizonStep(local).content).not.toBe(horizonStep(base).content);
  });
});
