import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensshRun, startSshdLab, type SshdLab } from './sshd-harness';

describe('sshd harness', () => {
  let lab: SshdLab;
  beforeAll(async () => {
    lab = await startSshdLab({ count: 2 });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('starts independent sshd hosts on loopback that OpenSSH can log in to', async () => {
    const [a, b] = lab.hosts;
    expect(a!.host).not.toBe(b!.host);
    expect(a!.hostPublicKey).not.toBe(b!.hostPublicKey);
    expect(opensshRun(lab, a!, 'echo hello-$(id -un)').trim()).toBe('hello-root');
    await a!.waitForLog(/Accepted publickey for root/);
  });

  it('stops every sshd it started', async () => {
    const extra = await startSshdLab({ count: 1 });
    const pid = extra.hosts[0]!.pid;
    await extra.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
