// A real HA deployment of the infrastructure layer onto lab nodes (`npm run test:lab`; Linux, root): the
// compiled plan runs through the app's DeployService/PlanRunner over SSH, then the clusters are checked from
// inside the nodes. Traffic stays on the lab's private bridge (and the nodes' apt traffic to the mirror).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAddressPlan } from '../../shared/lab/addresses';
import { parseProjectFile, serializeDesign } from '../../shared/design/project-file';
import { Design } from '../../shared/design/schema';
import type { DeployService } from '../runner/deploy-service';
import { createBackend, type Backend } from '../api/backend';
import { readDrills, runDrillsFile } from '../drill/drill-records';
import { drillFigures } from '../../shared/drill/figures';
import { labDesign } from '../../shared/lab/lab-design';
import { compilePlan } from '../../shared/plan/compile';
import { appKnownHosts, deploy, labDeployService, planInstalls, sh, until, wsrep } from './deploy-support';
import { drillThroughApi } from './drill-api-support';
import { verifyLabDeployment } from './verify-support';
import { amqpRoundTrip, ensureAmqpProbeUser } from './amqp-probe';
import { DRILL_AMQP, describeVipFailover, type VipFailoverResult } from './drill';
import { run } from './host';
import { describeFullOutage, type FullOutageResult } from './recovery';
import { LabHandle, labDown, labHostProblem } from './index';
import { hasMountsBelow } from './node-root';
import { labPaths, readLabState } from './state';

// QUORUM_LAB_TEST_DIR keeps the base and golden layer between runs while developing.
const keepDir = process.env.QUORUM_LAB_TEST_DIR;
const dataDir = keepDir ?? mkdtempSync('/var/tmp/quorum-lab-deploy-');
const projectsDir = join(dataDir, 'projects');
const appDir = join(dataDir, 'app');
// Unique per run: another suite (another worktree) may run at the same time on this host.
const NAME = `qd${process.pid}`;
const timings: string[] = [];
const DRILL_USER = "'drill'@'%'";
/**
 * A deployment from scratch took 225 s on this 2-core host when quiet and 480 s while other suites ran
 * beside it: tests that deploy get 15 minutes (the suite's default is 8).
 */
const DEPLOY_TIMEOUT_MS = 15 * 60_000;
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

function retriedNote(retried: string[]): string {
  return retried.length > 0 ? ` (retried after an unknown outcome: ${retried.join(', ')})` : '';
}

function secondsSince(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}

/** The lab's design with the HA choices under test: Galera behind HAProxy + keepalived, RabbitMQ, memcached. */
function labHaDesign(
  garbd: boolean,
  loadBalancer: Design['options']['loadBalancer'] = 'haproxy-keepalived',
): Design {
  const parsed = parseProjectFile(readFileSync(join(projectsDir, `${NAME}-lab.quorum`), 'utf8'));
  if (!parsed.ok) throw new Error('the lab design does not load');
  const parsedDesign = withHaChoices(parsed.design, garbd, loadBalancer);
  // The lab's design file becomes what was deployed, so `quorum drill --lab NAME` finds the VIP.
  writeFileSync(join(projectsDir, `${NAME}-lab.quorum`), serializeDesign(parsedDesign));
  return parsedDesign;
}

/** `base` with the HA choices under test (see labHaDesign). */
function withHaChoices(
  base: Design,
  garbd: boolean,
  loadBalancer: Design['options']['loadBalancer'],
): Design {
  const design = structuredClone(base);
  const mgmt = design.networks.find((n) => n.purpose === 'management')!;
  const vip = labAddressPlan(mgmt.cidr, design.nodes.length).vipPool[0]!;
  design.vips = [
    { id: 'vip-internal', name: 'Internal VIP', network: mgmt.id, address: vip, services: ['database'] },
  ];
  design.options.database = 'galera-haproxy';
  design.options.loadBalancer = loadBalancer;
  // No fencing device exists in the lab (no BMC, no shared disk for SBD): stonith-enabled=false, as the
  // design's fencing option 'none' renders it. Production designs choose IPMI or SBD.
  design.options.fencing = 'none';
  design.options.messaging = { mode: 'mirrored', haMode: 'all' };
  design.options.memcached = 'local';
  design.options.storage = { images: 'local', volumes: 'none', instances: 'local' };
  // The file holds the last deployed design (the garbd one made the third node an arbitrator).
  for (const node of design.nodes) node.roles = ['controller'];
  design.options.arbitrator = { mode: 'none' };
  if (garbd) {
    const third = design.nodes[2]!;
    third.roles = ['arbitrator'];
    design.options.arbitrator = { mode: 'node', node: third.id };
  }
  return Design.parse(design);
}

/**
 * What a plan of these HA choices installs on a 3-node lab, for a golden layer built for the design under
 * test. Packages depend on the choices, not on addresses: the design is a lab design for a subnet that is
 * never brought up (nothing is sent to it).
 */
function haPackages(loadBalancer: Design['options']['loadBalancer']): string[] {
  const nodes = [1, 2, 3].map((n) => ({ hostname: `${NAME}-${n}`, address: `10.117.250.${10 + n}` }));
  const topology = {
    name: NAME,
    subnet: '10.117.250.0/24',
    gateway: '10.117.250.1',
    identityFile: '/x',
    nodes,
  };
  const design = withHaChoices(labDesign(null, topology), false, loadBalancer);
  return planInstalls(compilePlan(design, { scope: 'infrastructure' })).packages;
}

/** Every package the infrastructure plans of this suite install on Debian (distro.ts). */
const GOLDEN_PACKAGES = [
  'mariadb-server',
  'mariadb-client',
  'galera-4',
  'rsync',
  'galera-arbitrator-4',
  'rabbitmq-server',
  'memcached',
  'haproxy',
  'keepalived',
].sort();

async function labUpForDeploy(golden?: readonly string[]): Promise<{ lab: LabHandle; upSeconds: number }> {
  const started = Date.now();
  mkdirSync(appDir, { recursive: true });
  const { lab, result } = await LabHandle.up({
    dataDir,
    projectsDir,
    name: NAME,
    nodes: 3,
    knownHosts: appKnownHosts(appDir),
    // QUORUM_LAB_GOLDEN=1: the infrastructure packages pre-installed in a golden layer (measures bring-up
    // with base + golden present; the plan's installs then find them).
    ...(golden ? { golden } : process.env.QUORUM_LAB_GOLDEN === '1' ? { golden: GOLDEN_PACKAGES } : {}),
  });
  // SSH answers before the nodes finished booting. A real machine is deployed to once it is up: wait for
  // systemd to say so.
  await Promise.all(
    lab.nodes.map((n) =>
      lab.exec(n.hostname, ['systemctl', 'is-system-running', '--wait']).catch(() => null),
    ),
  );
  const total = (Date.now() - started) / 1000;
  // Bring-up with the base and golden layer present: the time spent building either is left out.
  const built =
    (result.baseBuilt ? result.timings.base : 0) + (result.golden?.built ? result.timings.golden : 0);
  timings.push(
    `lab up, 3 nodes (base ${result.baseBuilt ? `built in ${result.timings.base.toFixed(1)} s` : 'reused'}${result.golden ? `, golden layer of ${golden?.length ?? GOLDEN_PACKAGES.length} packages ${result.golden.built ? `built in ${result.timings.golden.toFixed(1)} s` : 'reused'}` : ''}): ${total.toFixed(1)} s${built > 0 ? `, ${(total - built).toFixed(1)} s without the builds` : ''}`,
  );
  return { lab, upSeconds: total - built };
}

describe('a real HA deployment of the infrastructure layer on lab nodes', () => {
  let lab: LabHandle;
  let service: DeployService;
  let design: Design;
  // The first deployment runs in a whole backend (the app's dispatcher), so its drill goes through the API.
  let backend: Backend;

  beforeAll(() => {
    const problem = labHostProblem();
    if (problem) throw new Error(`the lab suite cannot run here: ${problem}`);
  });

  // Tearing down 3 nodes took over 2 minutes (the suite's hook default) at load 20.
  afterAll(async () => {
    console.log(`\nlab deployment timings:\n  ${timings.join('\n  ')}\n`);
    await service?.dispose();
    // QUORUM_LAB_KEEP=1 leaves the last lab up to look at it (remove it with `quorum lab down`).
    if (process.env.QUORUM_LAB_KEEP === '1') return;
    if (readLabState(labPaths(dataDir), NAME)) await labDown({ dataDir, projectsDir }, NAME).catch(() => {});
    if (!keepDir && !hasMountsBelow(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }, 5 * 60_000);

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
    const outcome = await deploy(service, design);
    timings.push(
      `second run of the same plan: ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`,
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran).toEqual([]);
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

  /** crm_mon -1 on the first node: every node online, the haproxy clone on each, the VIP on exactly one. */
  async function pacemakerHealthy(): Promise<string> {
    const names = lab.nodes.map((n) => n.hostname);
    const vip = design.vips[0]!.address;
    const status = await sh(lab, names[0]!, 'crm_mon -1');
    const online = /Online:\s*\[\s*([^\]]*)\]/.exec(status)?.[1]?.trim().split(/\s+/) ?? [];
    expect(online.sort()).toEqual([...names].sort());
    expect(
      /haproxy-clone[^\n]*\n\s*\*\s*Started:\s*\[\s*([^\]]*)\]/.exec(status)?.[1]?.trim().split(/\s+/).sort(),
    ).toEqual([...names].sort());
    const started = [...status.matchAll(/vip-\S+\s+\(ocf:heartbeat:IPaddr2\):\s+Started (\S+)/g)].map(
      (m) => m[1],
    );
    expect(started).toHaveLength(1);
    const holders = [];
    for (const node of names)
      if ((await sh(lab, node, 'ip -4 -o addr show dev host0')).includes(` ${vip}/`)) holders.push(node);
    expect(holders).toEqual(started);
    return status;
  }

  /** `Install:` lines in each node's apt history (the golden layer's own install is in its lower layer). */
  async function aptInstalls(): Promise<number[]> {
    return Promise.all(
      lab.nodes.map(async (n) =>
        Number(await sh(lab, n.hostname, 'grep -c "^Install:" /var/log/apt/history.log || true')),
      ),
    );
  }

  it(
    'Pacemaker/Corosync on 3 nodes with the VIP as an IPaddr2 resource, on base + golden layer: 3 online, the VIP started on exactly one, which holds the address; the installs find every package present',
    async () => {
      // Alone (vitest -t Pacemaker) there is no earlier lab.
      await service?.dispose();
      await lab?.down();
      // The golden layer holds what this design's plan installs (built once, kept with the base).
      const packages = haPackages('pacemaker-haproxy');
      const up = await labUpForDeploy(packages);
      lab = up.lab;
      design = labHaDesign(false, 'pacemaker-haproxy');
      service = await labDeployService(appDir, lab.state.identityFile);
      const installsBefore = await aptInstalls();
      const outcome = await deploy(service, design);
      timings.push(
        `deploy with Pacemaker VIP (golden layer): ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`,
      );
      expect(outcome.failures).toEqual([]);
      const verification = await verifyLabDeployment(service, design);
      expect(verification.red).toEqual([]);
      timings.push(
        `bring-up → verified cluster, base + golden layer present (lab up ${up.upSeconds.toFixed(1)} + deploy ${outcome.seconds.toFixed(1)} + verify ${verification.seconds.toFixed(1)}): ${(up.upSeconds + outcome.seconds + verification.seconds).toFixed(1)} s`,
      );
      // The plan's install steps ran on every node and found the packages present: apt installed nothing.
      const installs = planInstalls(outcome.plan);
      expect(installs.packages).toEqual(packages);
      const tasks = installs.steps.flatMap((step) =>
        Object.entries(outcome.state.tasks[step] ?? {}).map(([node, task]) => ({ step, node, task })),
      );
      expect(tasks.length).toBeGreaterThanOrEqual(installs.steps.length);
      expect(tasks.filter(({ task }) => task.status !== 'ok')).toEqual([]);
      expect(await aptInstalls()).toEqual(installsBefore);
      const byGuard = tasks.filter(({ task }) => task.byGuard).length;
      timings.push(
        `install steps on the golden layer: ${tasks.length} tasks of ${installs.steps.length} steps ran, apt installed nothing (${byGuard} already done by their guard, the others found the packages in their first command)`,
      );
      const status = await pacemakerHealthy();
      timings.push(`crm_mon -1:\n    ${status.split('\n').join('\n    ')}`);
      expect(await sh(lab, lab.nodes[1]!.hostname, 'pcs property config stonith-enabled')).toMatch(
        /stonith-enabled:\s*false/,
      );
    },
    DEPLOY_TIMEOUT_MS,
  );

  it("running the Pacemaker design's plan again changes nothing: every step is already done, crm_mon stays healthy", async () => {
    const outcome = await deploy(service, design);
    timings.push(
      `second run of the Pacemaker plan: ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`,
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran).toEqual([]);
    await pacemakerHealthy();
    expect((await verifyLabDeployment(service, design)).red).toEqual([]);
  });

  it("a changed corosync.conf on one node is put back: only that node's Corosync steps run, the cluster stays healthy", async () => {
    const node = design.nodes[1]!;
    await sh(lab, node.hostname, "echo '# changed by hand' >> /etc/corosync/corosync.conf");
    const outcome = await deploy(service, design);
    timings.push(`re-run after a drifted corosync.conf: ${outcome.seconds.toFixed(1)} s`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran.sort()).toEqual([`pacemaker.corosync@${node.id}`, `pacemaker.start@${node.id}`]);
    expect(
      await sh(lab, node.hostname, 'grep -c "changed by hand" /etc/corosync/corosync.conf || true'),
    ).toBe('0');
    await until(
      async () => {
        try {
          await pacemakerHealthy();
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      'Pacemaker to be healthy again',
    );
    await pacemakerHealthy();
  });

  it("a VIP resource's parameter changed by hand is put back: the VIP step updates the existing resource (no create), the cluster stays healthy", async () => {
    const id = `vip-${design.vips[0]!.id}`;
    const first = lab.nodes[0]!.hostname;
    const netmask = () =>
      sh(lab, first, `crm_resource --quiet --resource ${id} --get-parameter cidr_netmask`);
    const wanted = await netmask();
    expect(wanted).not.toBe('32');
    await sh(lab, first, `pcs resource update ${id} cidr_netmask=32`);
    expect(await netmask()).toBe('32');
    const outcome = await deploy(service, design);
    timings.push(`re-run after a drifted VIP resource: ${outcome.seconds.toFixed(1)} s`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran.map((r) => r.split('@')[0])).toEqual(['lb.pacemaker-vips']);
    expect(await netmask()).toBe(wanted);
    await until(
      async () => {
        try {
          await pacemakerHealthy();
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      'Pacemaker to be healthy again',
    );
  });
});
