/**
 * The optional systems' files and commands, exercised by the real programs (Debian packages `swift`,
 * `rsync`, `openssl`, `python3`): every Swift/Octavia/telemetry INI file a template plan writes is read by
 * Python's configparser (strict) with its required keys asserted; rsyncd.conf too; the ring commands run
 * with swift-ring-builder (twice: the second run adds nothing); an rsync daemon on loopback serves the
 * rings to a puller; the Octavia CA commands derive the same CA on two "controllers".
 * A missing program skips with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../shared/plan/compile';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import { allSecretSpecs, secretValue } from '../../shared/plan/secrets';
import { SECRET_REFERENCE } from '../../shared/plan/types';
import { resolveTopology } from '../../shared/topology';
import { CONFIGPARSER_CHECK, lazyPythonBatch, pythonBatch, pythonValue } from './test-support/python-batch';
import { OCTAVIA_CERTS, octaviaCaCommands, octaviaClientCertCommands } from '../../shared/render/octavia';
import { SWIFT_RING_EXPORT, renderRsyncdConfig, swiftRingCommands } from '../../shared/render/swift';
import {
  renderCeilometerPipeline,
  renderRsyslogForward,
  renderRsyslogServer,
} from '../../shared/render/telemetry';

const designs = templateDesigns();
const book = designs['book-complete']!;
const has = (binary: string) => spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
const python = has('python3');

/** A number from a secret's name, so two secrets of the same length get different values. */
function seedOf(name: string): number {
  return [...name].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) & 0xffff, 0);
}

/** Fills secrets as the runner would, from fixed bytes (`salt` varies them). */
function fillSecrets(text: string, salt = 0): string {
  const specs = new Map(allSecretSpecs().map((s) => [s.name, s]));
  return text.replace(SECRET_REFERENCE, (_, name: string) => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`unknown secret ${name}`);
    return secretValue(
      spec,
      new Uint8Array(256).map((_, i) => (i * 37 + seedOf(name) + salt) & 255),
    );
  });
}

type Parsed = Record<string, Record<string, string>>;

/** Python's configparser over one text (its own process: a check of its own). */
function configparser(text: string): Parsed {
  return pythonValue<Parsed>(pythonBatch(CONFIGPARSER_CHECK, [text])[0]);
}

/** Keys each file must have, by path: section → keys. */
const REQUIRED: Record<string, Record<string, string[]>> = {
  '/etc/swift/swift.conf': { 'swift-hash': ['swift_hash_path_suffix', 'swift_hash_path_prefix'] },
  '/etc/swift/proxy-server.conf': {
    DEFAULT: ['bind_ip', 'bind_port', 'user'],
    'pipeline:main': ['pipeline'],
    'filter:authtoken': ['paste.filter_factory', 'auth_url', 'password', 'delay_auth_decision'],
    'filter:keystoneauth': ['use', 'operator_roles'],
    'filter:cache': ['use', 'memcache_servers'],
    'app:proxy-server': ['use', 'account_autocreate'],
  },
  '/etc/swift/account-server.conf': {
    DEFAULT: ['bind_ip', 'bind_port', 'devices'],
    'app:account-server': ['use'],
  },
  '/etc/swift/container-server.conf': {
    DEFAULT: ['bind_ip', 'bind_port', 'devices'],
    'app:container-server': ['use'],
  },
  '/etc/swift/object-server.conf': {
    DEFAULT: ['bind_ip', 'bind_port', 'devices'],
    'app:object-server': ['use'],
  },
  '/etc/octavia/octavia.conf': {
    database: ['connection'],
    api_settings: ['bind_host', 'bind_port'],
    health_manager: ['bind_ip', 'controller_ip_port_list', 'heartbeat_key'],
    controller_worker: ['amp_image_tag', 'amp_flavor_id', 'amp_boot_network_list', 'amp_secgroup_list'],
    certificates: ['ca_certificate', 'ca_private_key', 'server_certs_key_passphrase'],
    service_auth: ['auth_url', 'username', 'password'],
  },
  '/etc/ceilometer/ceilometer.conf': { DEFAULT: ['transport_url'], service_credentials: ['auth_url'] },
  '/etc/gnocchi/gnocchi.conf': { indexer: ['url'], storage: ['driver'] },
};

const files = Object.entries(designs).flatMap(([name, design]) =>
  compilePlan(design).steps.flatMap((step) =>
    step.actions.flatMap((a) =>
      a.kind === 'write-file' && /^\/etc\/(swift|octavia|ceilometer|gnocchi)\/.*\.conf$/.test(a.path)
        ? [[`${name} ${step.id} ${a.path}`, a.path, a.content] as const]
        : [],
    ),
  ),
);

describe('configparser reads the optional systems’ INI files, with their required keys', () => {
  it('finds Swift and Octavia files in the book template', () => {
    const paths = new Set(files.map(([, path]) => path));
    for (const path of [
      '/etc/swift/proxy-server.conf',
      '/etc/swift/object-server.conf',
      '/etc/octavia/octavia.conf',
    ])
      expect(paths.has(path), path).toBe(true);
  });
  // One Python process reads every file.
  const parsedFiles = lazyPythonBatch(CONFIGPARSER_CHECK, () =>
    files.map(([, , content]) => fillSecrets(content)),
  );
  it.skipIf(!python).each(files.map(([label, path], i) => [label, path, i] as const))('%s', (_, path, i) => {
    const parsed = pythonValue<Parsed>(parsedFiles()[i]);
    for (const [section, keys] of Object.entries(REQUIRED[path] ?? {}))
      for (const key of keys) expect(parsed[section]?.[key], `[${section}] ${key}`).toBeTruthy();
    if (path === '/etc/swift/proxy-server.conf') {
      const pipeline = parsed['pipeline:main']!.pipeline!.split(/\s+/);
      expect(pipeline.at(-1)).toBe('proxy-server');
      for (const filter of pipeline.slice(0, -1)) expect(parsed[`filter:${filter}`], filter).toBeDefined();
      expect(pipeline.indexOf('authtoken')).toBeLessThan(pipeline.indexOf('keystoneauth'));
    }
  });
  it.skipIf(!python)('rejects a file with a duplicate key (strict; the check can fail)', () => {
    expect(() => configparser('[DEFAULT]\nbind_ip = 1\nbind_ip = 2\n')).toThrow(/DuplicateOptionError/);
  });
});

describe('rsyncd.conf', () => {
  const ctx = resolveTopology(book);
  // rsyncd.conf has global parameters before the first module: give them a section to parse.
  const parsedNodes = lazyPythonBatch(CONFIGPARSER_CHECK, () =>
    ctx.swiftStorage.nodes.map((node) => `[global]\n${renderRsyncdConfig(ctx, node)}`),
  );
  it.skipIf(!python).each(ctx.swiftStorage.nodes.map((n, i) => [n.hostname, n, i] as const))(
    '%s: modules and the ring module on the first proxy',
    (hostname, node, i) => {
      const parsed = pythonValue<Parsed>(parsedNodes()[i]);
      expect(parsed.global).toMatchObject({ uid: 'swift', gid: 'swift', address: ctx.address(node) });
      for (const module of ['account', 'container', 'object'])
        expect(parsed[module]).toMatchObject({ path: '/srv/node/', 'read only': 'false' });
      if (hostname === ctx.swiftProxy.nodes[0]!.hostname) {
        expect(parsed.swift_rings).toMatchObject({ path: `${SWIFT_RING_EXPORT}/`, 'read only': 'true' });
        expect(parsed.swift_rings!['hosts allow']!.split(' ')).toHaveLength(3);
      } else expect(parsed.swift_rings).toBeUndefined();
    },
  );
});

describe('swift-ring-builder builds the rings from the plan’s commands', () => {
  const reason = !has('swift-ring-builder')
    ? 'swift-ring-builder not installed (Debian package swift)'
    : null;
  if (reason) it.skip(reason, () => {});
  it.skipIf(reason !== null)(
    'three rings, every disk once, even after a second run',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'quorum-rings-'));
      const ctx = resolveTopology(book);
      const commands = swiftRingCommands(ctx).map((c) => c.replaceAll('/etc/swift/', `${dir}/`));
      for (let round = 0; round < 2; round++) {
        for (const command of commands) {
          const result = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
          expect(result.status, `${command}\n${result.stderr}`).toBe(0);
        }
      }
      for (const ring of ['account', 'container', 'object']) {
        const rebalance = spawnSync('swift-ring-builder', [`${dir}/${ring}.builder`, 'rebalance'], {
          encoding: 'utf8',
        });
        expect(rebalance.status, rebalance.stdout + rebalance.stderr).toBe(0);
        const shown = spawnSync('swift-ring-builder', [`${dir}/${ring}.builder`], {
          encoding: 'utf8',
        }).stdout;
        expect(shown).toMatch(/1024 partitions, 3\.000000 replicas, 1 regions, 3 zones, 3 devices/);
        for (const node of ctx.swiftStorage.nodes) expect(shown).toContain(ctx.address(node));
      }
      expect(readdirSync(dir).filter((f) => f.endsWith('.ring.gz'))).toHaveLength(3);
      // Every swift-ring-builder call starts Python with Swift loaded (about a second on a busy machine).
    },
    600_000,
  );
});

describe('the rsync module serves the rings to the other Swift nodes', () => {
  const isRoot = process.getuid?.() === 0;
  const swiftUser = spawnSync('id', ['swift']).status === 0;
  const reason = !has('rsync')
    ? 'rsync not installed'
    : !isRoot || !swiftUser
      ? 'needs root and a swift user (Debian package swift)'
      : null;
  if (reason) it.skip(`rsync daemon check skipped: ${reason}`, () => {});
  it.skipIf(reason !== null)('a puller gets the three .ring.gz files and nothing else', async () => {
    const ctx = resolveTopology(book);
    const source = ctx.swiftProxy.nodes[0]!;
    const dir = mkdtempSync(join(tmpdir(), 'quorum-rsyncd-'));
    const exported = join(dir, 'export');
    mkdirSync(exported);
    for (const f of ['account.ring.gz', 'container.ring.gz', 'object.ring.gz', 'object.builder'])
      writeFileSync(join(exported, f), f);
    spawnSync('chmod', ['-R', 'a+rX', dir]);
    // Only host specifics change: loopback instead of the node's address, our folders.
    const port = 20000 + (process.pid % 20000);
    const conf = renderRsyncdConfig(ctx, source)
      .replace(`address = ${ctx.address(source)}`, 'address = 127.0.0.1')
      .replace(/^hosts allow = .*$/m, 'hosts allow = 127.0.0.1')
      .replaceAll(`${SWIFT_RING_EXPORT}/`, `${exported}/`)
      .replace('/var/log/rsyncd.log', join(dir, 'rsyncd.log'))
      .replace('/var/run/rsyncd.pid', join(dir, 'rsyncd.pid'));
    writeFileSync(join(dir, 'rsyncd.conf'), conf);
    // stdin must not be a socket (libuv's pipes are socketpairs): rsync would think inetd started it.
    const daemon = spawnSync(
      'rsync',
      ['--daemon', `--config=${join(dir, 'rsyncd.conf')}`, `--port=${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      },
    );
    const log = join(dir, 'rsyncd.log');
    expect(daemon.status, daemon.stderr + (existsSync(log) ? readFileSync(log, 'utf8') : '')).toBe(0);
    const target = join(dir, 'etc-swift');
    mkdirSync(target);
    try {
      let pulled = { status: -1 as number | null, stderr: '' };
      // The daemon forks into the background; retry while it binds (a condition, not a sleep).
      for (let attempt = 0; attempt < 50 && pulled.status !== 0; attempt++) {
        pulled = spawnSync(
          'rsync',
          [
            '-a',
            '--include=*.ring.gz',
            '--exclude=*',
            `rsync://127.0.0.1:${port}/swift_rings/`,
            `${target}/`,
          ],
          { encoding: 'utf8' },
        );
        if (pulled.status !== 0) await new Promise((r) => setImmediate(r));
      }
      expect(pulled.status, pulled.stderr).toBe(0);
      expect(readdirSync(target).sort()).toEqual(['account.ring.gz', 'container.ring.gz', 'object.ring.gz']);
    } finally {
      const pidFile = join(dir, 'rsyncd.pid');
      if (existsSync(pidFile)) spawnSync('sh', ['-c', `kill $(cat ${pidFile})`]);
    }
  });
});

describe('Octavia CAs from the per-project keys', () => {
  const reason = !has('openssl') || !python ? 'openssl and python3 needed' : null;
  if (reason) it.skip(reason, () => {});
  it.skipIf(reason !== null)(
    'two controllers derive the same CA; a client cert of one verifies on the other',
    () => {
      const ctx = resolveTopology(book);
      const [a, b] = ctx.controllers.nodes;
      const make = (node: typeof a) => {
        const dir = mkdtempSync(join(tmpdir(), 'quorum-octavia-'));
        mkdirSync(join(dir, 'private'));
        const commands = [
          ...octaviaCaCommands('server'),
          ...octaviaCaCommands('client'),
          ...octaviaClientCertCommands(node!),
        ]
          .filter((c) => !c.startsWith('chown'))
          .map((c) => fillSecrets(c).replaceAll(OCTAVIA_CERTS, dir));
        for (const command of commands) {
          const result = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
          expect(result.status, `${command}\n${result.stderr}`).toBe(0);
        }
        return dir;
      };
      const one = make(a);
      const two = make(b);
      const pub = (dir: string, ca: string) =>
        spawnSync('openssl', ['x509', '-in', join(dir, `${ca}_ca.cert.pem`), '-noout', '-pubkey'], {
          encoding: 'utf8',
        }).stdout;
      expect(pub(one, 'server')).toMatch(/BEGIN PUBLIC KEY/);
      expect(pub(one, 'server')).toBe(pub(two, 'server'));
      expect(pub(one, 'client')).toBe(pub(two, 'client'));
      expect(pub(one, 'server')).not.toBe(pub(one, 'client'));
      const verify = spawnSync(
        'openssl',
        ['verify', '-CAfile', join(two, 'client_ca.cert.pem'), join(one, 'client.cert.pem')],
        { encoding: 'utf8' },
      );
      expect(verify.stdout + verify.stderr).toContain(': OK');
      // The check can fail: the server CA did not sign the client certificate.
      const wrong = spawnSync('openssl', [
        'verify',
        '-CAfile',
        join(two, 'server_ca.cert.pem'),
        join(one, 'client.cert.pem'),
      ]);
      expect(wrong.status).not.toBe(0);
    },
  );
});

describe('monitoring files read by their own programs', () => {
  const ctx = resolveTopology(book);
  const dir = mkdtempSync(join(tmpdir(), 'quorum-monitoring-'));
  // No collectd check: collectd 5.12's -t exits 0 even for a file that is not a config at all.
  const rsyslogd = has('rsyslogd') ? null : 'rsyslogd not installed';
  if (rsyslogd) it.skip(rsyslogd, () => {});
  it.skipIf(rsyslogd !== null).each([
    ['forwarding', renderRsyslogForward(ctx)],
    ['log host', renderRsyslogServer(ctx, ctx.monitoring.nodes[0]!)],
  ])('rsyslogd -N1 accepts the %s rules', (_, text) => {
    const path = join(dir, `rsyslog-${text.length}.conf`);
    // Only the rules file, with a work directory of our own for the disk queues.
    writeFileSync(path, `global(workDirectory="${dir}")\n${text}`);
    const result = spawnSync('rsyslogd', ['-N1', '-f', path], { encoding: 'utf8' });
    expect(result.stderr, result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });
  it.skipIf(rsyslogd !== null)('rsyslogd -N1 rejects a broken rule (the check can fail)', () => {
    const path = join(dir, 'broken-rsyslog.conf');
    writeFileSync(path, '*.* action(type="omfwd" target=)\n');
    expect(spawnSync('rsyslogd', ['-N1', '-f', path]).status).not.toBe(0);
  });
  it.skipIf(!python)('pipeline.yaml is YAML with a gnocchi publisher', () => {
    const result = spawnSync(
      'python3',
      ['-c', 'import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin)))'],
      { input: renderCeilometerPipeline(), encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { sinks: { publishers: string[] }[] };
    expect(doc.sinks[0]!.publishers[0]).toMatch(/^gnocchi:\/\//);
  });
});
