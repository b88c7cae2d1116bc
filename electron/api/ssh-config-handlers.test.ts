import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSshConfig, sshConfigHandlers } from './ssh-config-handlers';
import { FileAccess } from '../store/file-access';

const CONFIG = `# lab
Include ~/.ssh/config.d/*

Host *
  User admin
  ServerAliveInterval 30

Host controller1 controller2
  HostName 192.168.56.101
  Port 2222
  IdentityFile ~/.ssh/lab_ed25519
  ProxyJump bastion

Host bastion
  HostName bastion.lab
  User jump

Host *.example.org
  User nobody

Match exec "touch /tmp/quorum-must-not-run"
  User evil
`;

describe('SSH config import', () => {
  it('lists concrete hosts with resolved settings, first value wins, wildcards and Match skipped', () => {
    const { hosts, notes } = parseSshConfig(CONFIG);
    expect(hosts).toEqual([
      {
        alias: 'controller1',
        host: '192.168.56.101',
        port: 2222,
        user: 'admin',
        identityFile: '~/.ssh/lab_ed25519',
        proxyJump: 'bastion',
      },
      {
        alias: 'controller2',
        host: '192.168.56.101',
        port: 2222,
        user: 'admin',
        identityFile: '~/.ssh/lab_ed25519',
        proxyJump: 'bastion',
      },
      { alias: 'bastion', host: 'bastion.lab', port: 22, user: 'admin', identityFile: null, proxyJump: null },
    ]);
    expect(notes.sort()).toEqual(['Include ~/.ssh/config.d/* is not followed.', 'Match blocks are ignored.']);
  });

  it('reads a given path and reports a missing file clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-ssh-'));
    const file = join(dir, 'config');
    await writeFile(file, 'Host db1\n  HostName 10.0.0.5\n');
    const handlers = sshConfigHandlers(FileAccess.unconfined());
    const ctx = { client: 'test' };
    await expect(handlers.readSshConfig({ path: file }, ctx)).resolves.toMatchObject({
      path: file,
      hosts: [{ alias: 'db1', host: '10.0.0.5', port: 22, user: null }],
    });
    await expect(handlers.readSshConfig({ path: join(dir, 'nope') }, ctx)).rejects.toThrow(
      'There is no SSH config',
    );
  });
});
