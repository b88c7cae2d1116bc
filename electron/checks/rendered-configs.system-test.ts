/**
 * The rendered configs of every template design, checked by the real tools (installed in CI from Debian):
 * haproxy -c, keepalived --config-test, corosync -t (in a private network namespace holding one node's
 * address, because corosync must find itself in the nodelist), and mariadbd parsing the Galera drop-in.
 * A config the tool rejects fails the test; a missing binary skips with the reason.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import { allSecretSpecs, secretValue } from '../../shared/plan/secrets';
import { SECRET_REFERENCE } from '../../shared/plan/types';
import { resolveTopology } from '../../shared/topology';
import { renderCorosyncConfig } from '../../shared/render/corosync';
import { renderHaproxyConfig } from '../../shared/render/haproxy';
import {
  HAPROXY_CHECK_PATH,
  renderHaproxyCheckScript,
  renderKeepalivedConfig,
} from '../../shared/render/keepalived';
import { renderGaleraConfig } from '../../shared/render/mariadb';
import { renderNagiosConfig } from '../../shared/render/monitoring';

function which(binary: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const path = join(dir, binary);
    if (spawnSync('test', ['-x', path]).status === 0) return path;
  }
  return null;
}

/** Fills `{{secret:NAME}}` as the runner would, with values generated from fixed bytes. */
function fillSecrets(text: string): string {
  const specs = new Map(allSecretSpecs().map((s) => [s.name, s]));
  return text.replace(SECRET_REFERENCE, (_, name: string) => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`unknown secret ${name}`);
    return secretValue(
      spec,
      new Uint8Array(256).map((_, i) => (i * 37 + name.length) & 255),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'quorum-render-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const designs = Object.entries(templateDesigns());
const haproxy = which('haproxy');
const keepalived = which('keepalived');
const corosync = which('corosync');
const mariadbd = which('mariadbd');
const isRoot = process.getuid?.() === 0;

describe('haproxy -c accepts haproxy.cfg', () => {
  it.skipIf(!haproxy).each(designs)('%s', (name, design) => {
    const ctx = resolveTopology(design);
    const path = write(`${name}-haproxy.cfg`, fillSecrets(renderHaproxyConfig(ctx)));
    const result = spawnSync(haproxy!, ['-c', '-f', path], { encoding: 'utf8' });
    expect(result.stderr + result.stdout).toContain('Configuration file is valid');
    expect(result.status).toBe(0);
  });
  it.skipIf(!haproxy)('rejects a broken file (the check can fail)', () => {
    const path = write(
      'broken-haproxy.cfg',
      'listen galera\n    bind 10.0.0.1:3306\n    nonsense_keyword on\n',
    );
    expect(spawnSync(haproxy!, ['-c', '-f', path]).status).not.toBe(0);
  });
});

describe('keepalived --config-test accepts keepalived.conf on every load balancer', () => {
  // The check script must exist (keepalived disables a missing one and fails the test): a copy in our dir.
  const script = write('check_haproxy.sh', renderHaproxyCheckScript());
  chmodSync(script, 0o755);
  const cases = designs.flatMap(([name, design]) => {
    const ctx = resolveTopology(design);
    if (design.options.loadBalancer !== 'haproxy-keepalived') return [];
    return ctx.loadBalancers.nodes.map((node) => [`${name} ${node.hostname}`, design, node.id] as const);
  });
  const unshare = which('unshare');
  // keepalived refuses interfaces that do not exist: test in a private network namespace that has the
  // node's interfaces (bridges: this kernel has no dummy module), as the real node would.
  const reason = !keepalived
    ? 'keepalived not installed'
    : !isRoot || !unshare
      ? 'needs root and unshare'
      : null;
  const inNamespace = (interfaces: string[], command: string) =>
    spawnSync(
      unshare!,
      [
        '-n',
        'sh',
        '-c',
        [...interfaces.map((i) => `ip link add ${i} type bridge`), `exec ${command}`].join(' && '),
      ],
      { encoding: 'utf8' },
    );
  if (reason) it.skip(`keepalived checks skipped: ${reason}`, () => {});
  it.skipIf(reason !== null).each(cases)('%s', (label, design, nodeId) => {
    const ctx = resolveTopology(design);
    const node = design.nodes.find((n) => n.id === nodeId)!;
    const text = fillSecrets(renderKeepalivedConfig(ctx, node)).replace(HAPROXY_CHECK_PATH, script);
    const path = write(`${label.replace(/\W+/g, '-')}-keepalived.conf`, text);
    const result = inNamespace(
      node.nics.map((n) => n.name),
      `${keepalived} --config-test -f ${path}`,
    );
    expect(result.stderr, result.stderr).not.toMatch(
      /Unknown keyword|missing a value|Disabling track script|WARNING|must be an integer|does not support/,
    );
    expect(result.status).toBe(0);
  });
  it.skipIf(reason !== null)('rejects unicast peers on one line (the LAB-NOTES split brain)', () => {
    const [, design] = designs.find(([n]) => n === 'ha-guide-reference')!;
    const ctx = resolveTopology(design);
    const node = ctx.loadBalancers.nodes[0]!;
    const text = fillSecrets(renderKeepalivedConfig(ctx, node))
      .replace(HAPROXY_CHECK_PATH, script)
      .replace(/unicast_peer \{\n\s+(\S+)\n\s+(\S+)\n/, 'unicast_peer { $1 $2\n');
    const result = inNamespace(
      ['eth0', 'eth1'],
      `${keepalived} --config-test -f ${write('one-line-peers.conf', text)}`,
    );
    expect(result.status).not.toBe(0);
  });
});

describe('corosync -t accepts corosync.conf', () => {
  const authkey = write('authkey', 'k'.repeat(128));
  const cases = designs.filter(([, d]) => resolveTopology(d).usesPacemaker);
  const unshare = which('unshare');
  const reason = !corosync ? 'corosync not installed' : !isRoot || !unshare ? 'needs root and unshare' : null;
  it.skipIf(reason !== null).each(cases)('%s', (name, design) => {
    const ctx = resolveTopology(design);
    // Only host paths are swapped: the key and the log file (the distro's log folder may not exist here).
    const text = renderCorosyncConfig(ctx)
      .replace('/etc/corosync/authkey', authkey)
      .replace(/^(\s*)logfile: .*$/m, `$1logfile: ${join(dir, `${name}-corosync.log`)}`);
    const path = write(`${name}-corosync.conf`, text);
    const self = ctx.address(ctx.pacemaker.nodes[0]!);
    const result = spawnSync(
      unshare!,
      [
        '-n',
        'sh',
        '-c',
        `ip link set lo up && ip addr add ${self}/32 dev lo && exec ${corosync} -t -c ${path}`,
      ],
      { encoding: 'utf8' },
    );
    expect(result.stderr, result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });
  if (reason) it.skip(`corosync checks skipped: ${reason}`, () => {});
});

describe('mariadbd reads the Galera drop-in', () => {
  it
    .skipIf(!mariadbd)
    .each(designs.filter(([, d]) => d.distro === 'debian' && d.options.database !== 'drbd-mysql'))(
    '%s',
    (name, design) => {
      const ctx = resolveTopology(design);
      const node = ctx.database.nodes[0]!;
      const text = renderGaleraConfig(ctx, node);
      const path = write(`${name}-galera.cnf`, text);
      // --help --verbose parses every option and refuses unknown ones or wsrep misconfiguration.
      const result = spawnSync(mariadbd!, [`--defaults-file=${path}`, '--help', '--verbose'], {
        encoding: 'utf8',
      });
      expect(result.stderr, result.stderr).not.toMatch(/\[ERROR\]/);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/wsrep-provider\s+\/usr\/lib\/galera\/libgalera_smm\.so/);
      const printed = spawnSync('my_print_defaults', [`--defaults-file=${path}`, 'mysqld', 'galera'], {
        encoding: 'utf8',
      }).stdout;
      expect(printed).toContain(
        `--wsrep_cluster_address=gcomm://${ctx.database.nodes.map((n) => ctx.address(n)).join(',')}`,
      );
      expect(printed).toContain(`--bind-address=${ctx.address(node)}`);
    },
  );
});

describe('nagios4 -v accepts the monitoring checks', () => {
  const nagios = which('nagios4');
  const main = '/etc/nagios4/nagios.cfg';
  const reason = !nagios
    ? 'nagios4 not installed'
    : spawnSync('test', ['-r', main]).status !== 0
      ? `${main} missing`
      : null;
  if (reason) it.skip(`nagios checks skipped: ${reason}`, () => {});
  it.skipIf(reason !== null).each(designs)('%s', (name, design) => {
    const ctx = resolveTopology(design);
    chmodSync(dir, 0o755); // nagios4 reads its files as the nagios user
    const ours = write(`${name}-quorum.cfg`, renderNagiosConfig(ctx));
    // Debian's own main file and templates, with our object file in place of the conf.d folder.
    const text = readFileSync(main, 'utf8').replace(/^cfg_dir=\/etc\/nagios4\/conf\.d$/m, `cfg_file=${ours}`);
    const result = spawnSync(nagios!, ['-v', write(`${name}-nagios.cfg`, text)], { encoding: 'utf8' });
    expect(result.stdout, result.stdout).toMatch(/Total Errors:\s+0/);
    expect(result.status).toBe(0);
  });
});
