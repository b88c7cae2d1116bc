/** Pacemaker/Corosync, and the helper other phases use to add their Pacemaker resources. */
import { renderCorosyncConfig } from '../../render/corosync';
import { type PacemakerConfig, pacemakerConfig, renderPacemakerCommands } from '../../render/pacemaker';
import { GUIDE, type PlanBuilder, check, enableNow, run, write } from '../builder';
import { SECRET, ref } from '../secrets';

/** The part of the Pacemaker configuration whose resource ids pass `keep` (constraints follow them). */
export function pacemakerSubset(
  b: PlanBuilder,
  keep: (id: string) => boolean,
  properties: boolean,
): string[] {
  const full = pacemakerConfig(b.ctx);
  const resources = full.resources.filter((r) => keep(r.id));
  const ids = new Set(resources.map((r) => r.id));
  const refs = (c: PacemakerConfig['constraints'][number]): string[] =>
    c.kind === 'group' ? c.members : c.kind === 'colocation' ? [c.resource, c.with] : [c.first, c.then];
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
  const subset: PacemakerConfig = { properties: properties ? full.properties : {}, resources, constraints };
  return renderPacemakerCommands(b.ctx, subset);
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
  b.add({
    id: 'pacemaker.corosync',
    title: 'Shared authkey and corosync.conf',
    why: 'Every member needs the same key (traffic is encrypted) and the same node list; two_node keeps a 2-node cluster quorate.',
    guide: GUIDE.book('Sharing and generating Corosync keys'),
    selector,
    nodes: group.nodes,
    actions: [
      run(`umask 077 && printf '%s' '${ref(SECRET.corosyncAuthkey)}' | base64 -d > /etc/corosync/authkey`),
      run('chmod 0400 /etc/corosync/authkey'),
      write('/etc/corosync/corosync.conf', renderCorosyncConfig(ctx)),
      ...(ctx.distro.pacemaker.shell === 'pcs'
        ? [run(`echo 'hacluster:${ref(SECRET.pacemakerHacluster)}' | chpasswd`)]
        : []),
    ],
  });
  b.add({
    id: 'pacemaker.start',
    title: 'Start Corosync and Pacemaker',
    why: 'Members must see each other and be quorate before any resource is defined.',
    guide: GUIDE.ha('Start Corosync; Start Pacemaker'),
    selector,
    nodes: group.nodes,
    actions: [
      ...enableNow(['corosync', 'pacemaker']),
      check(
        'corosync-quorumtool -s',
        { kind: 'stdout-matches', pattern: 'Quorate:\\s+Yes' },
        'cluster quorate',
      ),
    ],
  });
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
    actions: pacemakerSubset(b, (id) => id.startsWith('fence-'), true).map((c) => run(c)),
  });
}
