import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it("gives root's sessions the lab's stock home, never the machine's own start-up files", async () => {
    const [a] = lab.hosts;
    writeFileSync(join(lab.rootHome, 'marker'), 'lab-home\n');
    // A login shell (as the terminal opens) and a plain command both see the lab's home as /root.
    expect(opensshRun(lab, a!, 'cat /root/marker; echo "$HOME"').trim().split('\n')).toEqual([
      'lab-home',
      '/root',
    ]);
    expect(opensshRun(lab, a!, 'bash -lc "cat ~/marker"').trim()).toBe('lab-home');
    expect(opensshRun(lab, a!, 'cat /root/.bashrc')).toBe(
      readFileSync(join(lab.rootHome, '.bashrc'), 'utf8'),
    );
    // The machine's /root is untouched and unseen.
    expect(existsSync('/root/marker')).toBe(false);
  });

  it('stops every sshd it started', async () => {
    const extra = await startSshdLab({ count: 1 });
    const pid = extra.hosts[0]!.pid;
    await extra.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
