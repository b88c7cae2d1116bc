/**
 * What the two lab deployment suites share: deploy-keepalived.lab-test.ts (the keepalived and garbd designs,
 * drills, a second run) and deploy-pacemaker.lab-test.ts (Pacemaker on a golden layer, a second run, drift).
 * Both use the data folder the lab suite's global setup made (lab-data-dir.ts), so the base root filesystem
 * and golden layers are built once for both; each file brings up its own lab, named after its process.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { labAddressPlan } from '../../shared/lab/addresses';
import { parseProjectFile, serializeDesign } from '../../shared/design/project-file';
import { Design } from '../../shared/design/schema';
import { labDesign } from '../../shared/lab/lab-design';
import { compilePlan } from '../../shared/plan/compile';
import type { DeployService } from '../runner/deploy-service';
import { appKnownHosts, deploy, planInstalls } from './deploy-support';
import { LabHandle, labDown, labHostProblem } from './index';
import { labPaths, readLabState } from './state';

/** The data folder shared by the deployment suites (base, golden layers, labs, projects). */
export const dataDir = inject('labDeployDir');
/** Lab design files (`NAME-lab.quorum`). */
export const projectsDir = join(dataDir, 'projects');
/** The app's own data folder (known hosts, runs). */
export const appDir = join(dataDir, 'app');
/** Unique per run: another suite (another worktree) may run at the same time on this host. */
export const NAME = `qd${process.pid}`;
/** Lines printed when the file's suite ends. */
export const timings: string[] = [];
/**
 * A deployment from scratch took 225 s on this 2-core host when quiet and 480 s while other suites ran
 * beside it: tests that deploy get 15 minutes (the suite's default is 8).
 */
export const DEPLOY_TIMEOUT_MS = 15 * 60_000;

/**
 * The hooks of a deployment suite: refuse to run where labs cannot; at the end print the timings, close
 * the deploy service and take the file's lab down (QUORUM_LAB_KEEP=1 leaves it up to look at).
 */
export function deploySuiteHooks(service: () => DeployService | undefined): void {
  beforeAll(() => {
    const problem = labHostProblem();
    if (problem) throw new Error(`the lab suite cannot run here: ${problem}`);
  });
  // Tearing down 3 nodes took over 2 minutes (the suite's hook default) at load 20.
  afterAll(async () => {
    console.log(`\nlab deployment timings:\n  ${timings.join('\n  ')}\n`);
    await service()?.dispose();
    if (process.env.QUORUM_LAB_KEEP === '1') return;
    if (readLabState(labPaths(dataDir), NAME)) await labDown({ dataDir, projectsDir }, NAME).catch(() => {});
  }, 5 * 60_000);
}

/** How a run's retried tasks read in the timings. */
export function retriedNote(retried: string[]): string {
  return retried.length > 0 ? ` (retried after an unknown outcome: ${retried.join(', ')})` : '';
}

/** Seconds since `started` (a Date.now()), for the timings. */
export function secondsSince(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}

/** The lab's design with the HA choices under test: Galera behind HAProxy + keepalived, RabbitMQ, memcached. */
export function labHaDesign(
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
export function haPackages(loadBalancer: Design['options']['loadBalancer']): string[] {
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

/** Brings up a 3-node lab for a deployment and waits until systemd says its nodes are up. */
export async function labUpForDeploy(
  golden?: readonly string[],
): Promise<{ lab: LabHandle; upSeconds: number }> {
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

/** Runs `design`'s plan again and expects it to change nothing: no failure, no step that changes a node ran. */
export async function secondRunChangesNothing(
  service: DeployService,
  design: Design,
  what: string,
): Promise<void> {
  const outcome = await deploy(service, design);
  timings.push(`second run of ${what}: ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`);
  expect(outcome.failures).toEqual([]);
  expect(outcome.ran).toEqual([]);
}
