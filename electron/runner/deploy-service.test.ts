/**
 * The deploy service behind the API: preflight (host keys, login, sudo, OS), and a run's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventHub } from '../../shared/api/dispatcher';
import { TEST_USER, TEST_USER_PASSWORD, startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { DeployService } from './deploy-service';
import { labPlan, step } from './test-support/plans';

let lab: SshdLab;
let work: string;
beforeAll(async () => {
  lab = await startSshdLab({ count: 2 });
  work = mkdtempSync(join(tmpdir(), 'quorum-deploy-service-'));
});
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('DeployService', () => {
  it('preflight shows an unknown host key with its fingerprint, and the node is ready once trusted', async () => {
    const service = new DeployService(join(work, 'a'), createEventHub());
    service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    await service.loadPlan(labPlan(lab, [step('s', ['node1', 'node2'], ['true'])]));
    const first = await service.preflight();
    expect(first.map((r) => r.hostKey?.fingerprint)).toEqual([
      expect.stringMatching(/^SHA256:/),
      expect.stringMatching(/^SHA256:/),
    ]);
    expect(first[0]).toMatchObject({ reachable: true, auth: false, sudo: false });
    expect(first[0]!.fix).toMatch(/fingerprint/);
    const key = first[0]!.hostKey!;
    await service.knownHosts.trust(key.host, key.port, Buffer.from(key.key, 'base64'));
    const second = await service.preflight();
    expect(second[0]).toMatchObject({
      reachable: true,
      auth: true,
      sudo: true,
      os: 'debian 12',
      osMatches: true,
      problem: null,
    });
    expect(second[1]!.hostKey).not.toBeNull();
  });

  it('preflight reports a wrong sudo password with a fix, and credentials for one node override the default', async () => {
    const service = new DeployService(join(work, 'b'), createEventHub());
    await service.knownHosts.addLines(lab.knownHostsLines());
    const plan = labPlan(lab, [step('s', ['node1'], ['true'])]);
    const node1 = lab.hosts[0]!;
    plan.nodes[0]!.ssh = { host: node1.host, port: node1.port, user: TEST_USER };
    await service.loadPlan(plan);
    service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    service.setCredentials({
      target: `${TEST_USER}@${node1.host}:${node1.port}`,
      password: TEST_USER_PASSWORD,
      sudoPassword: 'not-it',
    });
    const [row] = await service.preflight();
    expect(row).toMatchObject({ reachable: true, auth: true, sudo: false });
    expect(row!.problem).toMatch(/wrong password/);
    expect(row!.fix).toMatch(/sudo/);
    expect(JSON.stringify(row)).not.toContain(TEST_USER_PASSWORD);
  });

  it('a run streams output and state events and ends done; generated secrets are masked', async () => {
    const hub = createEventHub();
    const service = new DeployService(join(work, 'c'), hub);
    await service.knownHosts.addLines(lab.knownHostsLines());
    service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    const plan = labPlan(lab, [step('s', ['node1', 'node2'], ['echo "pw={{secret:db}}"'])]);
    plan.secrets.push({ name: 'db', description: 'test', kind: 'password', length: 24 });
    await service.loadPlan(plan);
    const output: string[] = [];
    const states: string[] = [];
    hub.subscribe('deployOutput', (p) => output.push((p as { data: string }).data));
    hub.subscribe('deployState', (p) => states.push((p as { run: { status: string } }).run.status));
    const runId = await service.start(undefined);
    const deadline = Date.now() + 20_000;
    while (states.at(-1) !== 'done' && Date.now() < deadline) {
      service.ack(runId, 1 << 30);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(states.at(-1)).toBe('done');
    expect(output.join('')).toMatch(/pw=••••••••/);
    await service.dispose();
  });

  it('opens an interactive shell on a PTY that follows resizes and reports its exit', async () => {
    const hub = createEventHub();
    const service = new DeployService(join(work, 'd'), hub);
    await service.knownHosts.addLines(lab.knownHostsLines());
    service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    await service.loadPlan(labPlan(lab, [step('s', ['node1'], ['true'])]));
    let output = '';
    let exited = false;
    hub.subscribe('shellOutput', (p) => (output += (p as { data: string }).data));
    hub.subscribe('shellExit', () => (exited = true));
    const until = async (condition: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`never happened; output so far: ${output}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const shellId = await service.shells.open(service.node('node1'), 100, 30);
    service.shells.input(shellId, 'stty size; tty\n');
    await until(() => /\b30 100\b/.test(output) && output.includes('/dev/pts/'));
    service.shells.resize(shellId, 120, 40);
    service.shells.input(shellId, 'stty size\n');
    await until(() => /\b40 120\b/.test(output));
    service.shells.input(shellId, 'exit\n');
    await until(() => exited);
    await service.dispose();
  });
});
