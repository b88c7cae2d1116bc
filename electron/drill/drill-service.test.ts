import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../shared/api/dispatcher';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import { resolveTopology } from '../../shared/topology';
import type { DrillRecord } from '../../shared/drill/types';
import { labPaths, writeLabState, type LabState } from '../lab/state';
import { DeployService } from '../runner/deploy-service';
import { keepDrill, readDrills } from './drill-records';
import { DrillService } from './drill-service';

const design = templateDesigns()['ha-guide-reference']!;
let dir: string;
let service: DrillService;

/** A lab state file whose nodes carry the design's database addresses (no containers: nothing boots). */
function writeLab(name: string, pid: number | null): void {
  const ctx = resolveTopology(design);
  const paths = labPaths(dir);
  const state: LabState = {
    version: 1,
    name,
    phase: 'up',
    ownerPid: process.pid,
    createdAt: new Date().toISOString(),
    subnet: '10.0.0.0',
    prefix: 24,
    gateway: '10.0.0.1',
    bridge: `qlab-${name}`,
    ruleTag: `quorum-lab-${name}`,
    ipForwardBefore: '1',
    dns: [],
    lowerDirs: [],
    identityFile: join(dir, 'id'),
    knownHostsFile: join(dir, 'known_hosts'),
    appKnownHostsFile: null,
    designPath: null,
    nodes: ctx.database.nodes.map((n, i) => ({
      machine: `${name}-${i + 1}`,
      hostname: `lab-${i + 1}`,
      address: ctx.address(n),
      dir: paths.nodeDir(name, `${name}-${i + 1}`),
      cgroups: [],
      nspawnPid: pid,
      hostKeys: [],
    })),
  };
  writeLabState(paths, state);
}

function record(id: string, designName: string): DrillRecord {
  return {
    id,
    kind: 'vip-failover',
    lab: 'qd1',
    designName,
    runId: null,
    status: 'failed',
    startedAt: '2026-11-22T06:00:00.000Z',
    finishedAt: '2026-11-22T06:01:00.000Z',
    lines: ['powering off lab-1 (hard) while writes go through the VIP'],
    result: null,
    error: 'VIP 10.0.0.200 is held by []',
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-drill-service-'));
  const deploy = new DeployService(join(dir, 'app'), createEventHub());
  service = new DrillService(deploy, null, join(dir, 'app'), { dataDir: dir, projectsDir: dir }, () => null);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('DrillService', () => {
  it('a design off lab nodes: every drill unavailable with the reason, and starting one is refused with it', async () => {
    const { drills, records, running } = await service.overview(design);
    expect(drills.map((d) => d.available)).toEqual([false, false]);
    expect(drills[0]!.reason).toMatch(/not lab nodes/);
    expect(records).toEqual([]);
    expect(running).toBeNull();
    await expect(service.start(design, 'vip-failover')).rejects.toThrow(/not lab nodes/);
  });

  it('a lab whose nodes are the database nodes: available when they run, refused when one is powered off', async () => {
    writeLab('qd1', process.pid);
    const { drills } = await service.overview(design);
    expect(drills.map((d) => [d.available, d.lab])).toEqual([
      [true, 'qd1'],
      [true, 'qd1'],
    ]);
    writeLab('qd1', null);
    expect((await service.overview(design)).drills[0]!.reason).toMatch(/powered off.*quorum lab recover/);
  });

  it('the host problem comes first (not root, not Linux)', async () => {
    writeLab('qd1', process.pid);
    const deploy = new DeployService(join(dir, 'app'), createEventHub());
    const notRoot = new DrillService(
      deploy,
      null,
      join(dir, 'app'),
      { dataDir: dir, projectsDir: dir },
      () => 'quorum lab needs root',
    );
    expect((await notRoot.overview(design)).drills[0]!.reason).toBe(
      'Drills power lab nodes off and on: quorum lab needs root.',
    );
    await expect(notRoot.start(design, 'full-outage')).rejects.toThrow(/needs root/);
  });

  it('lists the drills kept for this design (no run yet: drills-last.json), not other designs’', async () => {
    const file = join(dir, 'app', 'drills-last.json');
    keepDrill(file, record('a', design.name));
    keepDrill(file, record('b', 'another design'));
    keepDrill(file, { ...record('a', design.name), error: 'replaced' });
    expect(readDrills(file).map((d) => d.id)).toEqual(['b', 'a']);
    const { records } = await service.overview(design);
    expect(records.map((d) => [d.id, d.error])).toEqual([['a', 'replaced']]);
  });
});
