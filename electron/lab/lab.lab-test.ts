// The lab on real Debian nodes (`npm run test:lab`; Linux, root, debootstrap, systemd-nspawn, iptables).
// Traffic goes only to the lab's own private subnet on its own bridge (and, through the host's NAT, from
// the nodes to the Debian mirror for apt).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProjectFile } from '../../shared/design/project-file';
import { cidrContains } from '../../shared/design/ipv4';
import { execInNode } from './exec';
import { LabHandle } from './index';
import { labUp, labDown } from './lab';
import { linkExists, listTaggedRules } from './network';
import { hasMountsBelow } from './node-root';
import { findNspawnPid, propagateDir } from './nspawn';
import { labHostProblem } from './prerequisites';
import { sshBanner } from './probe';
import { labPaths, readLabState, type LabState } from './state';
import { labStatus } from './power';

const root = join(import.meta.dirname, '..', '..');
// A fresh folder measures bring-up from nothing; QUORUM_LAB_TEST_DIR keeps the base between runs while
// developing (the first bring-up then reports "reused").
const keepDir = process.env.QUORUM_LAB_TEST_DIR;
const dataDir = keepDir ?? mkdtempSync('/var/tmp/quorum-lab-test-');
const projectsDir = join(dataDir, 'projects');
// Unique per run, so two lab suites on one machine (a developer's and a CI check) never share a bridge.
const NAME = `qt${process.pid}`;
const timings: string[] = [];
const appKnownHosts = join(dataDir, 'app', 'known_hosts');
const APP_KNOWN_HOSTS = 'example.invalid ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherHostKeyKeptAsItWas\n';

function quorum(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [join(root, 'bin', 'quorum.mjs'), ...args, '--data-dir', dataDir, '--projects-dir', projectsDir],
    { encoding: 'utf8', timeout: 10 * 60_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lab(...args: string[]): string {
  const result = quorum('lab', ...args, '--name', NAME);
  if (result.code !== 0)
    throw new Error(`quorum lab ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

function ssh(state: LabState, address: string, command: string, knownHosts = state.knownHostsFile): string {
  const result = spawnSync(
    'ssh',
    [
      '-i',
      state.identityFile,
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=5',
      `root@${address}`,
      command,
    ],
    { encoding: 'utf8', timeout: 5 * 60_000 },
  );
  if (result.status !== 0)
    throw new Error(`ssh ${address} ${command}: exit ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Everything of the lab still on the host; empty when it is completely gone. */
async function leftovers(state: LabState): Promise<string[]> {
  const left: string[] = [];
  if (await linkExists(state.bridge)) left.push(`bridge ${state.bridge}`);
  for (const rule of await listTaggedRules(state.ruleTag))
    left.push(`iptables ${rule.table} ${rule.args.join(' ')}`);
  if (hasMountsBelow(labPaths(dataDir).labDir(state.name))) left.push('mounts below the lab folder');
  for (const node of state.nodes) {
    if (findNspawnPid(node.machine) !== null) left.push(`nspawn of ${node.machine}`);
    if (await linkExists(`vb-${node.machine}`)) left.push(`veth vb-${node.machine}`);
    for (const dir of node.cgroups) if (existsSync(dir)) left.push(`cgroup ${dir}`);
    if (existsSync(propagateDir(node.machine))) left.push(propagateDir(node.machine));
    if (existsSync(node.dir)) left.push(node.dir);
  }
  if (existsSync(labPaths(dataDir).labDir(state.name))) left.push('the lab folder');
  return left;
}

function stateNow(): LabState {
  const state = readLabState(labPaths(dataDir), NAME);
  if (!state) throw new Error('no lab state');
  return state;
}

describe('quorum lab on real nodes', () => {
  let state: LabState;

  beforeAll(() => {
    const problem = labHostProblem();
    if (problem) throw new Error(`the lab suite cannot run here: ${problem}`);
  });

  afterAll(async () => {
    if (readLabState(labPaths(dataDir), NAME)) await labDown({ dataDir, projectsDir }, NAME).catch(() => {});
    if (!keepDir && !hasMountsBelow(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    console.log(`\nlab timings (3 nodes):\n  ${timings.join('\n  ')}\n`);
  });

  // The check runs the real CLI as `nobody`, which needs to read the checkout (not so under a private home).
  const nobodyReads =
    spawnSync('setpriv', [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      'test',
      '-r',
      join(root, 'bin', 'quorum.mjs'),
    ]).status === 0;
  it.skipIf(!nobodyReads)('refuses without root in one line, creating nothing (run as nobody)', () => {
    const result = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        join(root, 'bin', 'quorum.mjs'),
        'lab',
        'up',
        '--data-dir',
        join(dataDir, 'nobody'),
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^quorum lab needs root: [^\n]*$/);
    expect(existsSync(join(dataDir, 'nobody'))).toBe(false);
  });

  it('brings up 3 nodes (from nothing: debootstrap included) and writes a design pointing at them', () => {
    const started = Date.now();
    mkdirSync(dirname(appKnownHosts), { recursive: true });
    writeFileSync(appKnownHosts, APP_KNOWN_HOSTS);
    const out = lab('up', '--nodes', '3', '--known-hosts', appKnownHosts);
    timings.push(
      `${keepDir ? 'first up' : 'up from nothing (debootstrap included)'}: ${((Date.now() - started) / 1000).toFixed(1)} s — ${out.trim().split('\n').pop()}`,
    );
    state = stateNow();
    expect(state.phase).toBe('up');
    expect(state.nodes.map((n) => n.hostname)).toEqual([`${NAME}-1`, `${NAME}-2`, `${NAME}-3`]);
    for (const node of state.nodes) expect(out).toContain(node.address);
    const parsed = parseProjectFile(readFileSync(join(projectsDir, `${NAME}-lab.quorum`), 'utf8'));
    if (!parsed.ok) throw new Error('the design file does not load');
    const mgmt = parsed.design.networks.find((n) => n.purpose === 'management');
    expect(mgmt?.cidr).toBe(state.subnet);
    expect(
      parsed.design.nodes.map((n) => [n.hostname, n.ssh?.host, n.ssh?.identityFile, n.nics[0]?.address]),
    ).toEqual(state.nodes.map((n) => [n.hostname, n.address, state.identityFile, n.address]));
    for (const node of state.nodes) expect(cidrContains(state.subnet, node.address)).toBe(true);
  });

  it('answers SSH on every node with its host name, known host key and its peers by name', () => {
    const names = state.nodes.map((n) => n.hostname);
    for (const node of state.nodes) {
      const out = ssh(state, node.address, `hostname; cat /etc/machine-id; getent hosts ${names.join(' ')}`);
      const [hostname, machineId, ...hosts] = out.trim().split('\n');
      expect(hostname).toBe(node.hostname);
      expect(machineId).toMatch(/^[0-9a-f]{32}$/);
      expect(hosts.map((line) => line.split(/\s+/).slice(0, 2))).toEqual(
        state.nodes.map((n) => [n.address, n.hostname]),
      );
    }
    // The app's known_hosts got the same keys by address, next to what it had.
    expect(readFileSync(appKnownHosts, 'utf8').startsWith(APP_KNOWN_HOSTS)).toBe(true);
    for (const node of state.nodes) {
      expect(ssh(state, node.address, 'hostname', appKnownHosts).trim()).toBe(node.hostname);
    }
    const ids = state.nodes.map((n) =>
      ssh(state, n.address, 'cat /etc/machine-id /etc/ssh/ssh_host_ed25519_key.pub'),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('reaches the Debian mirror from inside: apt installs memcached and it runs', async () => {
    const node = state.nodes[0]!;
    const started = Date.now();
    ssh(
      state,
      node.address,
      'export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends memcached >/dev/null',
    );
    timings.push(
      `apt-get update + install memcached on one node: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const { stdout } = await execInNode(node, ['systemctl', 'is-active', 'memcached']);
    expect(stdout.trim()).toBe('active');
    expect(ssh(state, node.address, 'ss -Hltn sport = :11211')).toContain('11211');
  });

  it('fail powers a node off hard; the others keep answering; recover boots it from its own disk', async () => {
    const [first, second, third] = state.nodes as [
      LabState['nodes'][0],
      LabState['nodes'][0],
      LabState['nodes'][0],
    ];
    lab('fail', first.hostname);
    expect(await sshBanner(first.address, 22, 2000)).toBeNull();
    expect(await sshBanner(second.address)).toMatch(/^SSH-2\.0-/);
    expect(await sshBanner(third.address)).toMatch(/^SSH-2\.0-/);
    const status = await labStatus({ dataDir }, NAME);
    expect(status.nodes.map((n) => n.power)).toEqual(['off', 'running', 'running']);
    expect(lab('status')).toMatch(
      new RegExp(`${first.machine}\\s+${first.hostname}\\s+${first.address.replace(/\./g, '\\.')}\\s+off`),
    );
    expect(quorum('lab', 'fail', first.hostname, '--name', NAME).stderr).toMatch(/already off/);

    const started = Date.now();
    lab('recover', first.hostname);
    timings.push(`recover one node until SSH answers: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(ssh(state, first.address, 'hostname').trim()).toBe(first.hostname);
    // The disk survived the power-off: memcached is still installed and starts at boot.
    const active = await execInNode(stateNow().nodes[0]!, ['systemctl', 'is-active', 'memcached']).catch(
      (e: Error) => e.message,
    );
    expect(typeof active === 'string' ? active : active.stdout.trim()).toMatch(/active|activating/);
    expect((await labStatus({ dataDir }, NAME)).nodes.every((n) => n.power === 'running' && n.ssh)).toBe(
      true,
    );
  });

  it('the lab API runs commands inside a node (nsenter), finds its PID 1 and pulls its plug', async () => {
    const lab = LabHandle.open({ dataDir, projectsDir }, NAME);
    const node = lab.nodes[1]!;
    expect((await lab.exec(node.hostname, ['hostname'])).stdout.trim()).toBe(node.hostname);
    expect((await lab.exec('2', ['cat', '/proc/1/comm'])).stdout.trim()).toBe('systemd');
    expect((await lab.exec(node.address, ['ip', '-4', '-o', 'addr', 'show', 'host0'])).stdout).toContain(
      `${node.address}/`,
    );
    expect((await lab.exec(node.machine, ['cat'], { input: 'to the node\n' })).stdout).toBe('to the node\n');
    process.env.QUORUM_LAB_HOST_ONLY = 'x';
    expect((await lab.exec(node.machine, ['env'])).stdout).not.toContain('QUORUM_LAB_HOST_ONLY');
    await expect(lab.exec(node.machine, ['sh', '-c', 'echo oops >&2; exit 3'])).rejects.toMatchObject({
      exitCode: 3,
      stderr: 'oops\n',
    });
    const init = lab.initPid(node.machine);
    expect(init).toBe((await lab.status()).nodes[1]?.initPid);
    expect(readFileSync(`/proc/${init}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);

    const before = Date.now();
    const { killedAt } = await lab.fail(node.machine);
    expect(killedAt).toBeGreaterThanOrEqual(before);
    expect(killedAt).toBeLessThanOrEqual(Date.now());
    expect(lab.initPid(node.machine)).toBeNull();
    await expect(lab.exec(node.machine, ['true'])).rejects.toThrow(/not running/);
    expect(await lab.sshAnswers(node.machine)).toBe(false);
    await lab.recover(node.machine);
    expect(await lab.sshAnswers(node.machine)).toBe(true);
    expect((await lab.exec(node.machine, ['hostname'])).stdout.trim()).toBe(node.hostname);
  });

  it('down leaves no bridge, iptables rule, mount, process or folder behind', async () => {
    const out = lab('down');
    expect(out).toContain(`lab ${NAME} removed`);
    expect(await leftovers(state)).toEqual([]);
    expect(readFileSync(appKnownHosts, 'utf8')).toBe(APP_KNOWN_HOSTS);
  });

  it.each(['network', 'roots', 'boot'] as const)(
    'a failure after the %s stage leaves nothing behind',
    async (stage) => {
      await expect(
        labUp({ dataDir, projectsDir, name: NAME, nodes: 3, design: null, faultAfter: stage }),
      ).rejects.toThrow(`injected failure after the ${stage} stage`);
      expect(await leftovers(state)).toEqual([]);
    },
  );

  it('brings up 3 nodes again with the base present', async () => {
    const started = Date.now();
    const result = await labUp({ dataDir, projectsDir, name: NAME, nodes: 3 });
    timings.push(
      `up with the base present: ${((Date.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(result.timings)})`,
    );
    expect(result.baseBuilt).toBe(false);
    for (const node of result.state.nodes)
      expect(ssh(result.state, node.address, 'hostname').trim()).toBe(node.hostname);
    await labDown({ dataDir, projectsDir }, NAME);
    expect(await leftovers(result.state)).toEqual([]);
  });

  it('stacks a golden layer under every node: packages present, apt finds nothing to do', async () => {
    let started = Date.now();
    const first = await labUp({
      dataDir,
      projectsDir,
      name: NAME,
      nodes: 3,
      design: null,
      golden: ['memcached'],
    });
    timings.push(
      `up with a golden layer (memcached) ${first.golden?.built ? 'built now' : 'reused'}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const node of first.state.nodes) {
      expect(ssh(first.state, node.address, "dpkg-query -W -f='${Status}' memcached")).toBe(
        'install ok installed',
      );
    }
    const node = first.state.nodes[2]!;
    const apt = ssh(
      first.state,
      node.address,
      'export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y --no-install-recommends memcached',
    );
    expect(apt).toMatch(/memcached is already the newest version/);
    expect(apt).toMatch(/0 newly installed/);
    expect(ssh(first.state, node.address, 'test ! -e /usr/sbin/policy-rc.d && echo clean')).toBe('clean\n');
    // Nothing of the layer runs at boot (the plan enables and starts each service when it is configured).
    expect(ssh(first.state, node.address, 'systemctl is-enabled memcached || true')).toBe('disabled\n');
    expect(ssh(first.state, node.address, 'systemctl is-active memcached || true')).toBe('inactive\n');
    await labDown({ dataDir, projectsDir }, NAME);
    expect(await leftovers(first.state)).toEqual([]);

    started = Date.now();
    const again = await labUp({
      dataDir,
      projectsDir,
      name: NAME,
      nodes: 3,
      design: null,
      golden: ['memcached'],
    });
    timings.push(
      `up with the base and golden layer present: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(again.golden).toEqual({ path: first.golden?.path, built: false });
    await labDown({ dataDir, projectsDir }, NAME);
    expect(await leftovers(again.state)).toEqual([]);
  });
});
