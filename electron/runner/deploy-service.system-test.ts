/**
 * The deploy service behind the API: preflight (host keys, login, sudo, OS), and a run's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventHub } from '../../shared/api/dispatcher';
import { TEST_USER, TEST_USER_PASSWORD, startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { DeployService } from './deploy-service';
import type { RunState } from '../../shared/deploy/run-state';
import { projectSecretsDir } from './secret-store';
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
    await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
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
    await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    await service.setCredentials({
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
    await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
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

  it('runs one step alone (the Guide tab): only that step, without its dependencies', async () => {
    const hub = createEventHub();
    const service = new DeployService(join(work, 'one-step'), hub);
    await service.knownHosts.addLines(lab.knownHostsLines());
    await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    const plan = labPlan(lab, [
      step('first', ['node1', 'node2'], ['echo ran-first']),
      step('second', ['node1', 'node2'], ['echo "ran-second {{secret:db}}"'], { dependsOn: ['first'] }),
    ]);
    plan.secrets.push({ name: 'db', description: 'test', kind: 'password', length: 24 });
    await service.loadPlan(plan);
    await expect(service.runStep('missing', undefined)).rejects.toThrow('the plan has no step missing');
    let output = '';
    const states: RunState[] = [];
    hub.subscribe('deployOutput', (p) => (output += (p as { data: string }).data));
    hub.subscribe('deployState', (p) => states.push((p as { run: RunState }).run));
    const runId = await service.runStep('second', undefined);
    const deadline = Date.now() + 20_000;
    while (states.at(-1)?.status !== 'done' && Date.now() < deadline) {
      service.ack(runId, 1 << 30);
      await new Promise((r) => setTimeout(r, 20));
    }
    const run = states.at(-1);
    expect(run?.status).toBe('done');
    expect(Object.keys(run!.tasks)).toEqual(['second']);
    expect(output).toMatch(/ran-second ••••••••/);
    expect(output).not.toContain('ran-first');
    // The loaded plan is still the whole plan: the Deploy tab runs it all as before.
    expect(service.plan?.steps.map((s) => s.id)).toEqual(['first', 'second']);
    await service.dispose();
  });

  it('checks a step done by hand without changing the node, and says what differs', async () => {
    const service = new DeployService(join(work, 'check-step'), createEventHub());
    await service.knownHosts.addLines(lab.knownHostsLines());
    await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    // The harness's hosts share this machine's file system: one node, and a folder of this test's own.
    const dir = mkdtempSync(join(tmpdir(), 'quorum-check-step-'));
    const file = join(dir, 'galera.cnf');
    const content = 'a = 1\npassword = {{secret:db}}\nc = 3\n';
    const plan = labPlan(lab, [
      step(
        'by-hand',
        ['node1'],
        [
          { kind: 'write-file', path: file, owner: 'root', group: 'root', mode: '0644', content, sudo: true },
          {
            kind: 'check',
            command: `cat ${join(dir, 'state')}`,
            expect: { kind: 'stdout-contains', text: 'Synced' },
            sudo: true,
            description: 'the cluster is synced',
          },
        ],
        { guard: { command: `test -e ${join(dir, 'state')}`, sudo: true } },
      ),
    ]);
    plan.secrets.push({ name: 'db', description: 'test', kind: 'password', length: 24 });
    await service.loadPlan(plan);
    await expect(service.checkStep('missing')).rejects.toThrow('the plan has no step missing');

    const [before] = await service.checkStep('by-hand');
    expect(before).toMatchObject({ node: 'node1', done: false, error: null });
    expect(before!.findings.map((f) => f.detail)).toEqual([
      `${file} does not exist on node1`,
      expect.stringContaining('output does not contain "Synced"'),
      'the guard does not pass on node1 (exit code 1): not done yet',
    ]);

    // Done by hand, with one line wrong: the secret's value is masked in what differs.
    const secret = JSON.parse(
      readFileSync(join(projectSecretsDir(join(work, 'check-step'), 'test'), 'secrets.json'), 'utf8'),
    ) as Record<string, string>;
    writeFileSync(file, `a = 1\npassword = ${secret.db}\nc = 4\n`, { mode: 0o644 });
    writeFileSync(join(dir, 'state'), 'wsrep_local_state_comment Synced\n');
    const [wrong] = await service.checkStep('by-hand');
    expect(wrong!.done).toBe(false);
    expect(wrong!.findings.map((f) => [f.ok, f.detail])).toEqual([
      [false, `line 3 of ${file}: the plan has “c = 3”, node1 has “c = 4”`],
      [true, null],
      [true, null],
    ]);
    writeFileSync(file, `a = 1\npassword = nope\nc = 3\n`);
    const [masked] = await service.checkStep('by-hand');
    expect(masked!.findings[0]!.detail).toContain(
      'the plan has “password = ••••••••”, node1 has “password = nope”',
    );

    writeFileSync(file, `a = 1\npassword = ${secret.db}\nc = 3\n`);
    const [done] = await service.checkStep('by-hand');
    expect(done).toMatchObject({ done: true, error: null });
    rmSync(dir, { recursive: true, force: true });
    await service.dispose();
  });

  it('keeps generated secrets per design: a restarted backend uses the same values, another design others', async () => {
    const dir = join(work, 'secrets');
    // In /tmp: the hosts' test user cannot write into this test's private folder.
    const flag = `/tmp/quorum-secrets-test-${process.pid}-${Date.now()}`;
    const runOnce = async (designName: string, failFirst = false): Promise<string> => {
      const hub = createEventHub();
      const service = new DeployService(dir, hub);
      await service.knownHosts.addLines(lab.knownHostsLines());
      await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
      // The node prints a hash of the value it was given: the value itself is masked in the output.
      const hashed = `echo "h=$(printf %s '{{secret:db}}' | sha256sum)"`;
      const failOnce = `test -e ${flag} || { touch ${flag}; exit 3; }`;
      const plan = labPlan(lab, [step('s', ['node1'], [failFirst ? `${hashed}; ${failOnce}` : hashed])]);
      plan.designName = designName;
      plan.secrets.push({ name: 'db', description: 'test', kind: 'password', length: 24 });
      await service.loadPlan(plan);
      let output = '';
      let status = '';
      hub.subscribe('deployOutput', (p) => (output += (p as { data: string }).data));
      hub.subscribe('deployState', (p) => (status = (p as { run: { status: string } }).run.status));
      const runId = await service.start(undefined);
      const deadline = Date.now() + 20_000;
      while (status !== 'done' && status !== 'failed' && Date.now() < deadline) {
        service.ack(runId, 1 << 30);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(status, output).toBe(failFirst ? 'failed' : 'done');
      await service.dispose();
      const hash = /h=([0-9a-f]{64})/.exec(output)?.[1];
      expect(hash).toBeDefined();
      return hash!;
    };
    const first = await runOnce('Cloud A');
    expect(await runOnce('Cloud A')).toBe(first);
    const other = await runOnce('Cloud B', true);
    expect(other).not.toBe(first);
    const kept = projectSecretsDir(dir, 'Cloud A');
    expect(statSync(join(kept, 'secrets.json')).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(join(kept, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(stored.db).toHaveLength(24);

    // After a restart the newest run (Cloud B's, failed) is reopened with the values it used: retrying its
    // step gives the node the same secret (without the run's copy it could not be filled in at all).
    const hub = createEventHub();
    const restarted = new DeployService(dir, hub);
    await restarted.knownHosts.addLines(lab.knownHostsLines());
    await restarted.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
    const { run } = await restarted.attach();
    let output = '';
    let status = '';
    hub.subscribe('deployOutput', (p) => (output += (p as { data: string }).data));
    hub.subscribe('deployState', (p) => (status = (p as { run: { status: string } }).run.status));
    await restarted.retry(run!.runId, 's', 'node1');
    const deadline = Date.now() + 20_000;
    // (The retry's first state event still says "failed": wait for the end of the retried task.)
    while (status !== 'done' && !output.includes('exit code') && Date.now() < deadline) {
      restarted.ack(run!.runId, 1 << 30);
      await new Promise((r) => setTimeout(r, 20));
    }
    rmSync(flag, { force: true });
    expect(status, output).toBe('done');
    expect(/h=([0-9a-f]{64})/.exec(output)?.[1]).toBe(other);
    await restarted.dispose();
  });

  it('opens an interactive shell on a PTY that follows resizes and reports its exit', async () => {
    const hub = createEventHub();
    const service = new DeployService(join(work, 'd'), hub);
    await service.knownHosts.addLines(lab.knownHostsLines());
    await service.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
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

  it('remembers credentials only through a vault, and without a keyring only on explicit opt-in', async () => {
    /** A FAKE vault: Electron's safeStorage cannot run here (no Electron binary); XOR stands in for it. */
    const fakeVault = (keyring: boolean) => ({
      keyringAvailable: () => keyring,
      encrypt: (text: string) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)),
      decrypt: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
    });
    const creds = {
      target: '*',
      identityFile: lab.clientKeyFile,
      sudoPassword: 'remember-me-123',
      remember: true,
    };
    const memoryOnly = new DeployService(join(work, 'e'), createEventHub());
    await expect(memoryOnly.setCredentials(creds)).rejects.toThrow(/memory only/);
    expect(memoryOnly.credentialStorage()).toEqual({ persistent: false, keyring: false, warning: null });

    const noKeyring = new DeployService(join(work, 'f'), createEventHub(), fakeVault(false));
    expect(noKeyring.credentialStorage().warning).toMatch(/No OS keyring/);
    await expect(noKeyring.setCredentials(creds)).rejects.toThrow(/No OS keyring/);
    expect(existsSync(join(work, 'f', 'credentials.enc'))).toBe(false);
    await noKeyring.setCredentials({ ...creds, allowWithoutKeyring: true });
    expect(existsSync(join(work, 'f', 'credentials.enc'))).toBe(true);

    const dir = join(work, 'g');
    const first = new DeployService(dir, createEventHub(), fakeVault(true));
    await first.setCredentials(creds);
    const file = readFileSync(join(dir, 'credentials.enc'));
    expect(file.toString()).not.toContain('remember-me-123');
    expect(statSync(join(dir, 'credentials.enc')).mode & 0o777).toBe(0o600);
    // After a restart the remembered credentials log in again.
    const second = new DeployService(dir, createEventHub(), fakeVault(true));
    await second.knownHosts.addLines(lab.knownHostsLines());
    await second.loadPlan(labPlan(lab, [step('s', ['node1'], ['true'])]));
    const [row] = await second.preflight();
    expect(row).toMatchObject({ auth: true, sudo: true });
  });
});
