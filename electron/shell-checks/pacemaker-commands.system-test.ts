// The Pacemaker commands run in a real POSIX shell against FAKE `cibadmin`, `pcs` and `crm` (scripts in a
// temporary folder, first on PATH: the real cluster tools cannot run in a unit test; the lab suite runs the
// real ones). The fake cibadmin prints a CIB of our choosing; the fake pcs/crm log how they were called.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import { type Topology, resolveTopology } from '../../shared/topology';
import {
  type PacemakerConfig,
  pacemakerConfig,
  renderPacemakerCommands,
  replicatedId,
} from '../../shared/render/pacemaker';

const dir = mkdtempSync(join(tmpdir(), 'quorum-pacemaker-'));
const bin = join(dir, 'bin');
const log = join(dir, 'log');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(bin);
for (const [name, body] of Object.entries({
  cibadmin: `case "$*" in *resources*) cat "${dir}/resources.xml" ;; *constraints*) cat "${dir}/constraints.xml" ;; *) exit 1 ;; esac`,
  pcs: `echo "pcs $*" >> "${log}"`,
  crm: `echo "crm $*" >> "${log}"`,
})) {
  writeFileSync(join(bin, name), `#!/bin/sh\n# FAKE ${name} for unit tests.\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

/** Runs every command as the plan's runner does (`sh -c`); returns the fake shells' calls, a line each. */
function apply(commands: string[]): string[] {
  writeFileSync(log, '');
  for (const command of commands) {
    const r = spawnSync('sh', ['-c', command], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.status, `${command}\n${String(r.stderr)}`).toBe(0);
  }
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

/** A CIB without any resources or constraints. */
function emptyCib(): void {
  writeFileSync(join(dir, 'resources.xml'), '<resources/>\n');
  writeFileSync(join(dir, 'constraints.xml'), '<constraints/>\n');
}

/** A CIB holding every resource and constraint of `config`, as Pacemaker prints it (one element a line). */
function fullCib(ctx: Topology, config: PacemakerConfig): void {
  const resources = config.resources.flatMap((r) => [
    ...(r.replication ? [`  <clone id="${replicatedId(ctx, r)}">`] : []),
    `    <primitive class="ocf" id="${r.id}" provider="heartbeat" type="x">`,
    ...Object.entries(r.params).map(
      ([k, v]) => `      <nvpair id="${r.id}-instance_attributes-${k}" name="${k}" value="${v}"/>`,
    ),
    '    </primitive>',
    ...(r.replication ? ['  </clone>'] : []),
  ]);
  const constraints = config.constraints.map((c) =>
    c.kind === 'group'
      ? ''
      : c.kind === 'colocation'
        ? `  <rsc_colocation id="colocation-${c.resource}" rsc="${c.resource}" score="INFINITY" with-rsc="${c.with.split(':')[0]}"/>`
        : c.kind === 'location'
          ? `  <rsc_location id="location-${c.resource}" rsc="${c.resource}" node="${c.avoid[0]}" score="-INFINITY"/>`
          : `  <rsc_order first="${c.first.split(':')[0]}" first-action="promote" id="order-x" then="${c.then.split(':')[0]}" then-action="start"/>`,
  );
  const groups = config.constraints.flatMap((c) => (c.kind === 'group' ? [`  <group id="${c.id}">`] : []));
  writeFileSync(
    join(dir, 'resources.xml'),
    ['<resources>', ...resources, ...groups, '</resources>', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'constraints.xml'),
    ['<constraints>', ...constraints, '</constraints>', ''].join('\n'),
  );
}

const designs = templateDesigns();
beforeEach(emptyCib);

describe('Pacemaker commands: create when absent, update when present', () => {
  it('pcs (legacy DRBD, IPMI fencing): an empty CIB gets every resource, group and constraint created', () => {
    const ctx = resolveTopology(designs['legacy-drbd']!);
    const config = pacemakerConfig(ctx);
    const calls = apply(renderPacemakerCommands(ctx, config));
    expect(calls).toContain('pcs property set stonith-enabled=true');
    expect(calls.filter((c) => c.startsWith('pcs resource create '))).toHaveLength(
      config.resources.filter((r) => !r.agent.startsWith('stonith:')).length,
    );
    expect(calls.filter((c) => c.startsWith('pcs stonith create '))).toHaveLength(
      config.resources.filter((r) => r.agent.startsWith('stonith:')).length,
    );
    expect(calls).toContain('pcs resource group add g-mysql vip-mysql fs-mysql svc-mysql');
    expect(calls.some((c) => c.startsWith('pcs constraint colocation add g-mysql with Promoted'))).toBe(true);
    expect(calls.some((c) => c.startsWith('pcs constraint order promote drbd-mysql-clone'))).toBe(true);
    expect(calls.some((c) => c.includes(' update '))).toBe(false);
  });

  it('pcs: with everything present, a moved VIP is updated in place; nothing is created again', () => {
    const design = structuredClone(designs['legacy-drbd']!);
    const ctx = resolveTopology(design);
    fullCib(ctx, pacemakerConfig(ctx));
    const vip = design.vips.find((v) => v.services.includes('database'))!;
    vip.address = vip.address.replace(/\d+$/, '99');
    const moved = resolveTopology(design);
    const calls = apply(renderPacemakerCommands(moved, pacemakerConfig(moved)));
    expect(calls).toContain(`pcs resource update vip-mysql ip=${vip.address} cidr_netmask=24`);
    expect(calls).toContain(
      'pcs resource update fs-mysql device=/dev/drbd/by-res/mysql/0 directory=/var/lib/mysql fstype=xfs',
    );
    expect(calls.some((c) => c.startsWith('pcs stonith update fence-'))).toBe(true);
    // No create, no second group or constraint (pcs refuses duplicates); svc-mysql has no parameters.
    expect(calls.filter((c) => / create | group add | constraint /.test(c))).toEqual([]);
    expect(calls.some((c) => c.includes('svc-mysql'))).toBe(false);
  });

  it('crm (field report): created when absent; when present, parameters set with crm resource param', () => {
    const design = structuredClone(designs['field-report']!);
    const ctx = resolveTopology(design);
    const config = pacemakerConfig(ctx);
    const created = apply(renderPacemakerCommands(ctx, config));
    expect(created.some((c) => c.startsWith('crm configure primitive galera galera params'))).toBe(true);
    expect(created).toContain(
      'crm configure ms ms-galera galera meta master-max=2 notify=true interleave=true',
    );
    expect(created.some((c) => c.startsWith('crm configure primitive vip-controller IPaddr2'))).toBe(true);
    expect(created.some((c) => c.startsWith('crm configure colocation vip-controller-with-haproxy'))).toBe(
      true,
    );
    expect(created.some((c) => c.includes(' param '))).toBe(false);

    fullCib(ctx, config);
    const vip = design.vips.find((v) => v.id === 'controller')!;
    vip.address = '10.0.0.77';
    const moved = resolveTopology(design);
    const updated = apply(renderPacemakerCommands(moved, pacemakerConfig(moved)));
    expect(updated).toContain('crm resource param vip-controller set ip 10.0.0.77');
    expect(updated).toContain('crm resource param vip-controller set cidr_netmask 24');
    expect(updated.filter((c) => / primitive | clone | ms | colocation | order /.test(c))).toEqual([]);
  });
});
