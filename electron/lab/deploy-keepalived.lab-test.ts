// A real HA deployment of the infrastructure layer on lab nodes (`npm run test:lab`; Linux, root), part 1:
// Galera behind HAProxy + keepalived with RabbitMQ and memcached (verified, run again, both drills), then
// Galera with garbd. The compiled plan runs through the app's DeployService/PlanRunner over SSH, then the
// clusters are checked from inside the nodes. Part 2 (Pacemaker): deploy-pacemaker.lab-test.ts, run after
// this file (vitest.lab.config.ts orders the files). Traffic stays on the lab's private bridge (and the
// nodes' apt traffic to the mirror).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../shared/design/schema';
import type { DeployService } from '../runner/deploy-service';
import { createBackend, type Backend } from '../api/backend';
import { readDrills, runDrillsFile } from '../drill/drill-records';
import { drillFigures } from '../../shared/drill/figures';
import { deploy, labDeployService, sh, until, wsrep } from './deploy-support';
import {
  DEPLOY_TIMEOUT_MS,
  NAME,
  appDir,
  dataDir,
  deploySuiteHooks,
  labHaDesign,
  labUpForDeploy,
  projectsDir,
  retriedNote,
  secondRunChangesNothing,
  secondsSince,
  timings,
} from './deploy-test-support';
import { drillThroughApi } from './drill-api-support';
import { verifyLabDeployment } from './verify-support';
import { amqpRoundTrip, ensureAmqpProbeUser } from './amqp-probe';
import { DRILL_AMQP, describeVipFailover, type VipFailoverResult } from './drill';
import { run } from './host';
import { describeFullOutage, type FullOutageResult } from './recovery';
import type { LabHandle } from './index';

const DRILL_USER = "'drill'@'%'";
const QUORUM_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'quorum.mjs');

/** Runs `quorum drill KIND --lab NAME --json` (the CLI a user runs) and returns its result. */
async function drillCli<T>(kind: string): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    [
      QUORUM_BIN,
      'drill',
      kind,
      '--lab',
      NAME,
      '--json',
      '--data-dir',
      dataDir,
      '--projects-dir',
      projectsDir,
    ],
    { timeoutMs: 8 * 60_000 },
  ).catch((error: Error & { stdout?: string }) => {
    throw new Error(`quorum drill ${kind}: ${error.message}\n${error.stdout ?? ''}`);
  });
  return JSON.parse(stdout) as T;
}

describe('a real HA deployment of the infrastructure layer on lab nodes', () => {
  let lab: LabHandle;
  let service: DeployService;
  let design: Design;
  // The first deployment runs in a whole backend (the app's dispatcher), so its drill goes through the API.
  let backend: Backend;

  deploySuiteHooks(() => service);

  it(
    'deploys Galera ×3 behind HAProxy + keepalived, RabbitMQ ×3 and memcached with the real runner',
    async () => {
      ({ lab } = await labUpForDeploy());
      design = labHaDesign(false);
      backend = createBackend(
        { dataDir: appDir, projectsDir, labs: { dataDir, projectsDir } },
        { host: 'web', version: '0.0.0-test' },
      );
      service = backend.deploy;
      await service.setCredentials({ target: '*', identityFile: lab.state.identityFile });
      const outcome = await deploy(service, design);
      timings.push(
        `deploy (Galera ×3, HAProxy/keepalived VIP, RabbitMQ ×3, memcached): ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`,
      );
      expect(outcome.failures).toEqual([]);
      expect(outcome.state.status).toBe('done');
      // The app's own verification (Deploy tab's Verify panel, `quorum deploy --verify`): all green.
      expect((await verifyLabDeployment(service, design)).red).toEqual([]);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it('verifies: Galera 3 and Synced, a client writes through the VIP, RabbitMQ 3 with policy/user/vhost, memcached', async () => {
    const started = Date.now();
    const names = lab.nodes.map((n) => n.hostname);
    for (const node of names) {
      expect(await wsrep(lab, node, 'wsrep_cluster_size')).toBe('3');
      expect(await wsrep(lab, node, 'wsrep_local_state_comment')).toBe('Synced');
      expect(await wsrep(lab, node, 'wsrep_cluster_status')).toBe('Primary');
    }
    const vip = design.vips[0]!.address;
    await sh(
      lab,
      names[0]!,
      `mysql -e "CREATE USER IF NOT EXISTS ${DRILL_USER} IDENTIFIED BY 'drill'; GRANT ALL ON drill.* TO ${DRILL_USER}; CREATE DATABASE IF NOT EXISTS drill; CREATE TABLE IF NOT EXISTS drill.w (id INT PRIMARY KEY, at VARCHAR(40))"`,
    );
    const client = `mysql -h ${vip} -u drill -pdrill drill`;
    await sh(lab, names[2]!, `${client} -e "INSERT INTO w VALUES (1, 'through the VIP')"`);
    for (const node of names) {
      expect(await sh(lab, node, `mysql -Nse "SELECT at FROM drill.w WHERE id = 1"`)).toBe('through the VIP');
    }
    // Exactly one node holds the VIP.
    const holders = [];
    for (const node of names)
      if ((await sh(lab, node, 'ip -4 -o addr show dev host0')).includes(` ${vip}/`)) holders.push(node);
    expect(holders).toHaveLength(1);

    const status = JSON.parse(await sh(lab, names[1]!, 'rabbitmqctl cluster_status --formatter json')) as {
      running_nodes: string[];
    };
    expect(status.running_nodes.sort()).toEqual(names.map((n) => `rabbit@${n}`));
    expect((await sh(lab, names[0]!, 'rabbitmqctl list_vhosts -q')).split('\n')).toContain('openstack');
    expect(await sh(lab, names[0]!, 'rabbitmqctl list_users -q')).toMatch(/^openstack\s/m);
    expect(await sh(lab, names[0]!, 'rabbitmqctl list_policies -p openstack -q')).toMatch(
      /ha-all.*"ha-mode":"all"/,
    );
    // A real AMQP client: published (with publisher confirms) through the first broker, consumed through
    // the third; the queue is mirrored by the plan's ha-all policy.
    await ensureAmqpProbeUser(lab, names[0]!, DRILL_AMQP);
    const [first, , third] = lab.nodes;
    const trip = await amqpRoundTrip(lab, names[1]!, first!.address, third!.address, {
      ...DRILL_AMQP,
      kind: 'classic',
    });
    expect(trip.received).toBe(trip.body);
    expect(await sh(lab, names[1]!, `rabbitmqctl list_queues -p openstack -q name policy`)).toMatch(
      /quorum-drill\s+ha-all/,
    );
    for (const node of names) {
      expect(await sh(lab, node, 'systemctl is-active memcached')).toBe('active');
      expect(await sh(lab, node, 'ss -Hltn sport = :11211')).toContain(':11211');
    }
    timings.push(`verify: ${secondsSince(started)} s`);
  });

  it('running the same plan again changes nothing: every step is already done, the clusters stay healthy', async () => {
    await secondRunChangesNothing(service, design, 'the same plan');
    for (const node of lab.nodes.map((n) => n.hostname)) {
      expect(await wsrep(lab, node, 'wsrep_cluster_size')).toBe('3');
      expect(await wsrep(lab, node, 'wsrep_local_state_comment')).toBe('Synced');
    }
    const status = JSON.parse(
      await sh(lab, lab.nodes[0]!.hostname, 'rabbitmqctl cluster_status --formatter json'),
    ) as {
      running_nodes: string[];
    };
    expect(status.running_nodes).toHaveLength(3);
  });

  it("drill vip-failover from the Verify panel (drillStart over the dispatcher): progress events, writes resume, none acknowledged is lost, RabbitMQ keeps serving; kept in the run's drills.json", async () => {
    const listed = (await backend.dispatcher.invoke('drillList', { design }, { client: 'lab-test' })) as {
      ok: boolean;
      value?: { drills: { kind: string; available: boolean; reason: string | null }[] };
    };
    expect(listed.value?.drills.map((d) => [d.kind, d.available, d.reason])).toEqual([
      ['vip-failover', true, null],
      ['full-outage', true, null],
    ]);
    const { progress, record } = await drillThroughApi(backend, design, 'vip-failover');
    expect(record.error).toBeNull();
    expect(record.status).toBe('done');
    const r = record.result as VipFailoverResult;
    timings.push(
      `drill vip-failover (API, as the Verify panel runs it):\n    ${describeVipFailover(r).join('\n    ')}\n    progress events: ${progress.length} (${progress.join(' | ')})`,
    );
    expect(progress.some((l) => /^powering off /.test(l))).toBe(true);
    expect(progress.some((l) => /^VIP on /.test(l))).toBe(true);
    expect(progress).toEqual(record.lines);
    expect(r.writesBackSeconds).not.toBeNull();
    expect(r.newHolder).not.toBeNull();
    expect(r.newHolder).not.toBe(r.killed);
    expect(r.acknowledged).toBeGreaterThan(0);
    expect(r.lost).toEqual([]);
    expect(r.galeraSizeTwoSeconds).not.toBeNull();
    expect(r.rabbitRunningDuringOutage).toBe(2);
    expect(r.rabbitRoundTripDuringOutage).toBe(true);
    expect(r.rejoin?.rabbitRunningSeconds).not.toBeNull();
    timings.push(
      `  judged: ${drillFigures(r)
        .map((f) => `${f.label} ${f.value} [${f.status}]`)
        .join('; ')}`,
    );
    // Kept with the run (beside its journal), and listed again as the reopened panel lists it.
    const kept = readDrills(runDrillsFile(service.currentRunner!.runDir));
    expect(kept.map((d) => [d.id, d.kind, d.result?.lost])).toEqual([[record.id, 'vip-failover', []]]);
    expect(kept[0]!.runId).toBe(service.currentRunner!.state.runId);
    const again = (await backend.dispatcher.invoke('drillList', { design }, { client: 'lab-test' })) as {
      value?: { records: { id: string }[] };
    };
    expect(again.value?.records.map((d) => d.id)).toEqual([record.id]);
    for (const node of lab.nodes.map((n) => n.hostname)) {
      expect(await wsrep(lab, node, 'wsrep_cluster_size')).toBe('3');
      expect(await wsrep(lab, node, 'wsrep_local_state_comment')).toBe('Synced');
    }
  });

  it('drill (quorum drill full-outage): every database node dies; the runbook procedure brings Galera back with every acknowledged write', async () => {
    const r = await drillCli<FullOutageResult>('full-outage');
    timings.push(`drill full-outage:\n    ${describeFullOutage(r).join('\n    ')}`);
    expect(r.killOrder).toHaveLength(3);
    expect(r.clusterSize).toBe(3);
    expect(r.allSynced).toBe(true);
    expect(r.acknowledged).toBeGreaterThan(0);
    expect(r.lost).toEqual([]);
    expect(['safe-to-bootstrap', 'highest-seqno']).toContain(r.recovery.choice.rule);
    for (const node of lab.nodes.map((n) => n.hostname)) {
      expect(await wsrep(lab, node, 'wsrep_cluster_status')).toBe('Primary');
    }
  });

  it(
    'Galera with 2 data nodes and garbd on the third: cluster size 3 with garbd counted',
    async () => {
      await service.dispose();
      await lab.down();
      ({ lab } = await labUpForDeploy());
      design = labHaDesign(true);
      service = await labDeployService(appDir, lab.state.identityFile);
      const outcome = await deploy(service, design);
      timings.push(`deploy with garbd: ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`);
      expect(outcome.failures).toEqual([]);
      const [first, second, third] = lab.nodes.map((n) => n.hostname) as [string, string, string];
      const waited = await until(
        async () => (await wsrep(lab, first, 'wsrep_cluster_size')) === '3',
        90_000,
        'garbd to be counted',
      );
      timings.push(`garbd counted ${waited.toFixed(1)} s after the run ended`);
      expect(await wsrep(lab, second, 'wsrep_cluster_size')).toBe('3');
      expect(await sh(lab, third, 'systemctl is-active garb')).toBe('active');
      expect(await sh(lab, third, 'systemctl is-active mariadb || true')).not.toBe('active');
    },
    DEPLOY_TIMEOUT_MS,
  );
});
