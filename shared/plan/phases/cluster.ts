/** Pacemaker/Corosync, and the helper other phases use to add their Pacemaker resources. */
import { renderCorosyncConfig } from '../../render/corosync';
import { type PacemakerConfig, pacemakerConfig, renderPacemakerCommands } from '../../render/pacemaker';
import { GUIDE, type PlanBuilder, check, enableNow, run, write } from '../builder';
import { effectsGuard, startedAfter } from '../guards';
import { SECRET, ref } from '../secrets';
import { shellQuote } from '../../shell/quote';

/** The part of the Pacemaker configuration whose resource ids pass `keep` (constraints follow them). */
function pacemakerSubsetConfig(
  b: PlanBuilder,
  keep: (id: string) => boolean,
  properties: boolean,
): PacemakerConfig {
  const full = pacemakerConfig(b.ctx);
  const resources = full.resources.filter((r) => keep(r.id));
  const ids = new Set(resources.map((r) => r.id));
  const refs = (c: PacemakerConfig['constraints'][number]): string[] =>
    c.kind === 'group'
      ? c.members
      : c.kind === 'colocation'
        ? [c.resource, c.with]
        : c.kind === 'location'
          ? [c.owner]
          : [c.first, c.then];
  const owns = (name: string) => {
    const base = name
      .split(':')[0]!
      .replace(/^(cl|ms)-/, '')
      .replace(/-clone$/, '');
    return ids.has(base);
  };
  const constraints = full.constraints.filter(
    (c) => refs(c).some(owns) || (c.kind === 'colocation' && owns(c.with)),
  );
  return { properties: properties ? full.properties : {}, resources, constraints };
}

/** The commands that create the part of the Pacemaker configuration whose resource ids pass `keep`. */
export function pacemakerSubset(
  b: PlanBuilder,
  keep: (id: string) => boolean,
  properties: boolean,
): string[] {
  return renderPacemakerCommands(b.ctx, pacemakerSubsetConfig(b, keep, properties));
}

/**
 * A guard that holds when the same part of the configuration is in the CIB: every cluster property has
 * its value and every resource exists with each of its parameters (`crm_resource`, in both the crm and
 * pcs distros). A changed design (another VIP address, a new resource) fails it, so the step runs again.
 */
export function pacemakerConfiguredGuard(
  b: PlanBuilder,
  keep: (id: string) => boolean,
  properties: boolean,
): string {
  const config = pacemakerSubsetConfig(b, keep, properties);
  const parts = Object.entries(config.properties).map(
    ([name, value]) =>
      `[ "$(crm_attribute --type crm_config --name ${name} --query --quiet 2>/dev/null)" = ${shellQuote(value)} ]`,
  );
  for (const r of config.resources) {
    parts.push(resourceExists(b, r.id));
    for (const [name, value] of Object.entries(r.params))
      parts.push(
        `[ "$(crm_resource --quiet --resource ${r.id} --get-parameter ${name} 2>/dev/null)" = ${shellQuote(value)} ]`,
      );
  }
  if (parts.length === 0) throw new Error('pacemakerConfiguredGuard: nothing to look for');
  return parts.join(' && ');
}

/** A guard that is true when a Pacemaker resource exists (crm or pcs). */
export function resourceExists(b: PlanBuilder, id: string): string {
  return b.ctx.distro.pacemaker.shell === 'crm'
    ? `crm configure show ${id} >/dev/null 2>&1`
    : `pcs resource config ${id} >/dev/null 2>&1`;
}

export function addPacemakerPhase(b: PlanBuilder): void {
  const { ctx } = b;
  if (!ctx.usesPacemaker || ctx.pacemaker.nodes.length === 0) return;
  const group = ctx.pacemaker;
  const selector = b.selector('role', group.role);
  b.enter('pacemaker');
  b.add({
    id: 'pacemaker.packages',
    title: 'Install Pacemaker and Corosync',
    why: 'Pacemaker moves resources (VIPs, the legacy active/passive services) between nodes; Corosync gives it membership and quorum.',
    guide: GUIDE.ha('The Pacemaker cluster stack: Install packages'),
    selector,
    nodes: group.nodes,
    actions: [
      run(
        `${ctx.distro.isInstalled} ${ctx.distro.pacemaker.packages.join(' ')} >/dev/null 2>&1 || ${ctx.distro.install} ${ctx.distro.pacemaker.packages.join(' ')}`,
      ),
    ],
    guard: `${ctx.distro.isInstalled} ${ctx.distro.pacemaker.packages.join(' ')} >/dev/null 2>&1`,
  });
  const authkey = ref(SECRET.corosyncAuthkey);
  const conf = write(COROSYNC_CONF, renderCorosyncConfig(ctx));
  const pcs = ctx.distro.pacemaker.shell === 'pcs';
  b.add({
    id: 'pacemaker.corosync',
    title: 'Shared authkey and corosync.conf',
    why: 'Every member needs the same key (traffic is encrypted) and the same node list; two_node keeps a 2-node cluster quorate.',
    guide: GUIDE.book('Sharing and generating Corosync keys'),
    selector,
    nodes: group.nodes,
    actions: [
      run(`umask 077 && printf '%s' '${authkey}' | base64 -d > ${COROSYNC_AUTHKEY}`),
      run(`chmod 0400 ${COROSYNC_AUTHKEY}`),
      conf,
      ...(pcs ? [run(`echo 'hacluster:${ref(SECRET.pacemakerHacluster)}' | chpasswd`)] : []),
    ],
    // The key's bytes, owner and mode, the file's content, and (pcs) hacluster's password, unchanged.
    guard: [
      `[ "$(stat -c '%U:%G %a' ${COROSYNC_AUTHKEY} 2>/dev/null)" = 'root:root 400' ]`,
      `printf '%s' '${authkey}' | base64 -d | cmp -s ${COROSYNC_AUTHKEY} -`,
      effectsGuard([conf]),
      ...(pcs ? [passwordIsGuard('hacluster', ref(SECRET.pacemakerHacluster))] : []),
    ].join(' && '),
  });
  // Corosync reads its files when it starts: one started before they were last written runs an old
  // configuration (Debian starts it with its own default when the package is installed without a
  // policy-rc.d), so the step restarts it then, and only then.
  const fresh = startedAfter('corosync', [COROSYNC_CONF, COROSYNC_AUTHKEY]);
  b.add({
    id: 'pacemaker.start',
    title: 'Start Corosync and Pacemaker',
    why: 'Members must see each other and be quorate before any resource is defined.',
    guide: GUIDE.ha('Start Corosync; Start Pacemaker'),
    selector,
    nodes: group.nodes,
    actions: [
      run('systemctl enable corosync pacemaker'),
      run(
        `if ${fresh}; then systemctl start corosync pacemaker; else systemctl restart corosync pacemaker; fi`,
      ),
      check(
        'systemctl is-active corosync pacemaker',
        { kind: 'stdout-matches', pattern: '^(active\\s*)+$' },
        'services active',
        { attempts: 15, intervalMs: 2000 },
      ),
      check(QUORATE, { kind: 'exit-zero' }, 'cluster quorate'),
    ],
    // Running the written configuration, quorate, and this node online in Pacemaker.
    guard: [
      effectsGuard(enableNow(['corosync', 'pacemaker'])),
      fresh,
      QUORATE,
      'crm_mon -1 2>/dev/null | grep -Eq "Online: \\[ (.* )?$(crm_node -n) "',
    ].join(' && '),
  });
  const fencing = (id: string) => id.startsWith('fence-');
  b.add({
    id: 'pacemaker.properties',
    title: 'Cluster properties and fencing',
    why:
      ctx.design.options.fencing === 'none'
        ? 'Fencing is off by choice: a hung node cannot be powered off, so the legacy active/passive stacks risk split brain.'
        : 'Fencing powers off a node that stops answering, so its resources can start elsewhere safely.',
    guide: GUIDE.book('Setting the cluster properties'),
    selector: b.selector('first', group.role),
    nodes: group.nodes.slice(0, 1),
    mode: 'one',
    actions: pacemakerSubset(b, fencing, true).map((c) => run(c)),
    guard: pacemakerConfiguredGuard(b, fencing, true),
  });
}

const COROSYNC_CONF = '/etc/corosync/corosync.conf';
const COROSYNC_AUTHKEY = '/etc/corosync/authkey';
const QUORATE = "corosync-quorumtool -s 2>/dev/null | grep -Eq 'Quorate:[[:space:]]+Yes'";

/**
 * True when `user`'s password in /etc/shadow is `password`: the hash is recomputed with its own salt
 * and method (Perl's crypt is libcrypt's; perl-base is Essential on Debian, in every RHEL/SUSE base). The
 * password goes through stdin, never through a command line.
 */
export function passwordIsGuard(user: string, password: string): string {
  return `printf '%s\\n' '${password}' | perl -e 'my $p = <STDIN>; chomp $p; my $h = (split /:/, \`getent shadow ${user}\`)[1] // ""; exit(length($h) > 3 && crypt($p, $h) eq $h ? 0 : 1)'`;
}
