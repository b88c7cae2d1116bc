/**
 * Connecting, host keys and authentication, against real OpenSSH sshd instances (see test-support).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { KnownHostsFile, fingerprint } from './known-hosts';
import { SshConnection, parseJump } from './connection';
import { SshError } from './errors';
import { connectTo, trustedKnownHosts } from './test-support/connect';
import { waitFor } from './test-support/lab-tests';
import {
  KEY_PASSPHRASE,
  TEST_USER,
  TEST_USER_PASSWORD,
  startSshdLab,
  type SshdLab,
} from './test-support/sshd-harness';

let lab: SshdLab;
beforeAll(async () => {
  lab = await startSshdLab({ count: 3 });
});
afterAll(async () => {
  await lab?.stop();
});

async function failure(promise: Promise<unknown>): Promise<SshError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SshError) return error;
    throw error;
  }
  throw new Error('expected the connection to fail');
}

function hostBlob(line: string): Buffer {
  return Buffer.from(line.split(' ')[1]!, 'base64');
}

describe('host keys', () => {
  it('asks about a new host with its SHA256 fingerprint, and rejecting really rejects', async () => {
    const host = lab.hosts[0]!;
    const knownHosts = new KnownHostsFile(join(lab.dir, 'kh-new-reject'));
    const asked: string[] = [];
    const connection = new SshConnection({
      target: { host: host.host, port: host.port, user: 'root' },
      credentials: { identityFile: lab.clientKeyFile },
      knownHosts,
      confirmHostKey: async (details) => {
        asked.push(details.fingerprint);
        return false;
      },
    });
    const error = await failure(connection.connect());
    expect(error.kind).toBe('host-key-rejected');
    expect(asked).toEqual([fingerprint(hostBlob(host.hostPublicKey))]);
    expect(asked[0]).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // The fingerprint matches what OpenSSH itself prints for the host key.
    const sshKeygen = execFileSync('ssh-keygen', ['-lf', join(lab.dir, host.name, 'host_key.pub')], {
      encoding: 'utf8',
    });
    expect(sshKeygen).toContain(asked[0]);
    expect(await knownHosts.entries()).toEqual([]);
    expect(host.log()).not.toMatch(/Accepted publickey/);
    expect(connection.state).toBe('closed');
  });

  it('without a prompt an unknown host is refused; accepting stores a hashed entry that is then trusted', async () => {
    const host = lab.hosts[1]!;
    const knownHosts = new KnownHostsFile(join(lab.dir, 'kh-new-accept'));
    const base = {
      target: { host: host.host, port: host.port, user: 'root' },
      credentials: { identityFile: lab.clientKeyFile },
      knownHosts,
    };
    expect((await failure(new SshConnection(base).connect())).kind).toBe('host-key-unknown');
    const accepted = new SshConnection({ ...base, confirmHostKey: async () => true });
    await accepted.connect();
    accepted.dispose();
    const text = readFileSync(knownHosts.path, 'utf8');
    expect(text).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    expect(text).not.toContain(host.host);
    // OpenSSH's own tools find the hashed entry.
    const found = execFileSync('ssh-keygen', ['-F', `[${host.host}]:${host.port}`, '-f', knownHosts.path], {
      encoding: 'utf8',
    });
    expect(found).toContain('ssh-ed25519');
    const again = new SshConnection(base);
    await again.connect();
    again.dispose();
  });

  it('a changed key is refused before authentication, showing both fingerprints', async () => {
    const host = lab.hosts[0]!;
    const other = lab.hosts[1]!;
    const knownHosts = new KnownHostsFile(join(lab.dir, 'kh-changed'));
    await knownHosts.addLines([`[${host.host}]:${host.port} ${other.hostPublicKey}`]);
    const before = host.log().length;
    const error = await failure(
      new SshConnection({
        target: { host: host.host, port: host.port, user: 'root' },
        credentials: { identityFile: lab.clientKeyFile },
        knownHosts,
        confirmHostKey: async () => true,
      }).connect(),
    );
    expect(error.kind).toBe('host-key-changed');
    expect(error.message).toContain(fingerprint(hostBlob(host.hostPublicKey)));
    expect(error.message).toContain(fingerprint(hostBlob(other.hostPublicKey)));
    expect(error.hostKey?.knownFingerprints).toEqual([fingerprint(hostBlob(other.hostPublicKey))]);
    // sshd writes its log asynchronously: wait until it has logged the end of this connection, so
    // the check below reads everything it will ever log about it.
    await waitFor(() => /Connection (closed|reset) by|Disconnected from/.test(host.log().slice(before)));
    const log = host.log().slice(before);
    expect(log).not.toMatch(/publickey|Accepted|Failed/);
  });
});

describe('authentication', () => {
  it('logs in with a passphrase-protected key file', async () => {
    const connection = await connectTo(lab, lab.hosts[0]!, {
      credentials: { identityFile: lab.encryptedKeyFile, passphrase: KEY_PASSPHRASE },
    });
    expect(connection.state).toBe('ready');
    connection.dispose();
  });

  it('logs in with a password', async () => {
    const host = lab.hosts[0]!;
    const connection = await connectTo(lab, host, {
      target: { host: host.host, port: host.port, user: TEST_USER },
      credentials: { password: TEST_USER_PASSWORD },
    });
    const command = await connection.exec('id -un');
    let out = '';
    command.onData((_, data) => (out += data.toString()));
    expect(await command.result).toEqual({ kind: 'exit', code: 0 });
    expect(out.trim()).toBe(TEST_USER);
    connection.dispose();
  });

  it('logs in through ssh-agent', async () => {
    const socket = join(lab.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100; i++) {
        try {
          execFileSync('ssh-add', [lab.clientKeyFile], { env: { SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      const connection = await connectTo(lab, lab.hosts[2]!, { credentials: { agent: socket } });
      expect(connection.state).toBe('ready');
      connection.dispose();
    } finally {
      agent.kill();
    }
  });

  it('a wrong key gives one clear authentication error', async () => {
    const error = await failure(
      connectTo(lab, lab.hosts[0]!, { credentials: { identityFile: lab.strangerKeyFile } }),
    );
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toMatch(/authentication failed for root@127\.0\.\d+\.\d+:\d+ \(tried: key\)/);
  });

  it('a wrong password gives one clear authentication error', async () => {
    const host = lab.hosts[0]!;
    const error = await failure(
      connectTo(lab, host, {
        target: { host: host.host, port: host.port, user: TEST_USER },
        credentials: { password: 'not-the-password' },
      }),
    );
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toContain('tried: password');
  });

  it('a wrong passphrase names the key file problem', async () => {
    const error = await failure(
      connectTo(lab, lab.hosts[0]!, {
        credentials: { identityFile: lab.encryptedKeyFile, passphrase: 'wrong' },
      }),
    );
    expect(error.kind).toBe('key-file');
  });
});

describe('reachability', () => {
  it('a refused port is unreachable at once', async () => {
    const started = Date.now();
    const host = lab.hosts[0]!;
    const error = await failure(connectTo(lab, { ...host, port: 1 }));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a silent listener times out within the connect timeout', async () => {
    const server: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = await failure(
        connectTo(lab, { ...lab.hosts[0]!, host: '127.0.0.1', port }, { readyTimeoutMs: 1500 }),
      );
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('1.5 s');
    } finally {
      server.close();
    }
  });
});

/**
 * Whether the TCP socket under a connection has TCP_NODELAY set, read from Node's own record of it (the
 * `kSetNoDelay` field `socket.setNoDelay` keeps): Node has no public getter for the option.
 */
function tcpNoDelay(connection: SshConnection): boolean {
  const inner = connection as unknown as { client: { _sock?: object }; jump: SshConnection | null };
  const socket = inner.client._sock;
  if (!(socket instanceof Socket)) throw new Error('the connection has no TCP socket of its own');
  const field = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
  if (!field) throw new Error("this Node keeps no kSetNoDelay field on its sockets: update the test's probe");
  return (socket as unknown as Record<symbol, unknown>)[field] === true;
}

describe('latency', () => {
  it("sets TCP_NODELAY on the connection's socket (Nagle held every command's last packet)", async () => {
    const connection = await connectTo(lab, lab.hosts[0]!);
    expect(tcpNoDelay(connection)).toBe(true);
    connection.dispose();
    // The probe sees the difference: the benchmark's "before" leaves Nagle on.
    const nagle = await connectTo(lab, lab.hosts[0]!, { noDelay: false });
    expect(tcpNoDelay(nagle)).toBe(false);
    nagle.dispose();
  });
});

describe('jump host', () => {
  it('parses ProxyJump values', () => {
    expect(parseJump('bastion', 'root')).toEqual({ user: 'root', host: 'bastion', port: 22 });
    expect(parseJump('ops@10.0.0.9:2222', 'root')).toEqual({ user: 'ops', host: '10.0.0.9', port: 2222 });
    expect(parseJump('[fd00::1]:22', 'admin')).toEqual({ user: 'admin', host: 'fd00::1', port: 22 });
    expect(() => parseJump('a b', 'root')).toThrow(/not a jump host/);
  });

  it('reaches a node through a bastion (ProxyJump)', async () => {
    const bastion = lab.hosts[0]!;
    const node = lab.hosts[1]!;
    const connection = await connectTo(lab, node, {
      jump: {
        target: { host: bastion.host, port: bastion.port, user: 'root' },
        credentials: { identityFile: lab.clientKeyFile },
      },
      knownHosts: await trustedKnownHosts(lab),
    });
    const command = await connection.exec('echo via-jump');
    let out = '';
    command.onData((_, data) => (out += data.toString()));
    await command.result;
    expect(out).toBe('via-jump\n');
    // The TCP socket is the bastion's: it carries every packet to the node.
    const inner = connection as unknown as { jump: SshConnection };
    expect(tcpNoDelay(inner.jump)).toBe(true);
    // The bastion authenticated us and the node saw a forwarded connection.
    await bastion.waitForLog(/Accepted publickey for root/);
    await node.waitForLog(/Accepted publickey for root/);
    connection.dispose();
  });
});
