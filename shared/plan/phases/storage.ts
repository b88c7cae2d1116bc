/** Shared storage (Ceph, GlusterFS) before the services that use it, then Cinder. */
import {
  CEPH_POOLS,
  cephKeyringPath,
  cephMonitorCommands,
  cephOsdCommand,
  cephPoolCommands,
  glusterVolumeCommands,
  glusterVolumes,
  renderCephConfig,
  renderCephKeyring,
} from '../../render/storage';
import { renderCinderConfig } from '../../render/openstack';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { addGlusterGeoReplication } from './gluster-georep';
import { contentGuard, effectsGuard, startedAfter } from '../guards';
import {
  installPackages,
  registerService,
  registeredGuard,
  startGuard,
  uwsgiBind,
  uwsgiBoundGuard,
} from './services';

const CINDER_CONF = '/etc/cinder/cinder.conf';

export function addStoragePhase(b: PlanBuilder): void {
  const { ctx } = b;
  b.enter('storage');
  if (ctx.facts.ceph.used && ctx.cephMon.nodes.length > 0) addCeph(b);
  if (ctx.facts.gluster.used && ctx.gluster.nodes.length > 0) addGluster(b);
}

function addCeph(b: PlanBuilder): void {
  const { ctx } = b;
  const cephNodes = [...new Map([...ctx.cephMon.nodes, ...ctx.cephOsd.nodes].map((n) => [n.id, n])).values()];
  const clients = [
    ...new Map([...ctx.controllers.nodes, ...ctx.compute.nodes].map((n) => [n.id, n])).values(),
  ];
  const conf = write('/etc/ceph/ceph.conf', renderCephConfig(ctx));
  const pkgs =
    ctx.distro.family === 'debian' ? ['ceph-mon', 'ceph-mgr', 'ceph-osd', 'ceph-volume'] : ['ceph'];
  const cephInstall = [
    run(installPackages(ctx, pkgs)),
    run('install -d -o ceph -g ceph /var/lib/ceph/bootstrap-osd'),
    conf,
    write(cephKeyringPath('mon'), renderCephKeyring('mon'), '0600', 'ceph', 'ceph'),
    write(cephKeyringPath('admin'), renderCephKeyring('admin'), '0600'),
    write(cephKeyringPath('bootstrap_osd'), renderCephKeyring('bootstrap_osd'), '0600', 'ceph', 'ceph'),
  ];
  b.add({
    id: 'ceph.install',
    title: 'Install Ceph; ceph.conf and the bootstrap keyrings',
    why: 'Ceph replicates images, volumes and instance disks over several hosts; monitors keep a Paxos quorum (an odd number).',
    guide: GUIDE.book('Installing Ceph'),
    selector: b.selector('role', ctx.cephMon.role),
    nodes: cephNodes,
    actions: cephInstall,
    guard: effectsGuard(cephInstall),
  });
  b.perNode('ceph.monitor', ctx.cephMon.nodes, (node) => ({
    title: `Ceph monitor and manager on ${node.hostname}`,
    why: 'Every monitor is created from the same monmap, so they form one quorum without copying files between nodes.',
    guide: GUIDE.book('Configuring the Ceph node'),
    actions: cephMonitorCommands(ctx, node).map((c) => run(c)),
    guard: `test -d /var/lib/ceph/mon/ceph-${node.hostname}/store.db`,
    rerunSafe: false,
  }));
  b.add({
    id: 'ceph.quorum',
    title: 'Monitors in quorum',
    why: 'Wait for the monitors to agree before creating OSDs.',
    guide: GUIDE.book('Checking the status of Ceph'),
    selector: b.selector('first', ctx.cephMon.role),
    nodes: ctx.cephMon.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      check(
        'ceph quorum_status -f json | python3 -c \'import json,sys; print(len(json.load(sys.stdin)["quorum_names"]))\'',
        { kind: 'stdout-equals', text: String(ctx.cephMon.nodes.length) },
        'all monitors in quorum',
      ),
    ],
  });
  b.add({
    id: 'ceph.osds',
    title: 'OSDs on every empty disk',
    why: 'ceph-volume only takes disks it reports as available (no partitions, no filesystem), never a disk in use.',
    guide: GUIDE.book('Configuring a storage node'),
    selector: b.selector('role', ctx.cephOsd.role),
    nodes: ctx.cephOsd.nodes,
    actions: [run(cephOsdCommand(), 1_800_000)],
    guard: 'ls /var/lib/ceph/osd | grep -q ceph-',
  });
  b.add({
    id: 'ceph.pools',
    title: `Pools images, volumes, vms, backups (size ${ctx.facts.ceph.size}, min_size ${ctx.facts.ceph.minSize}) and the glance/cinder keys`,
    why: 'One pool per use, so each client key reaches only what it needs.',
    guide: GUIDE.install('Ceph: pools for OpenStack'),
    selector: b.selector('first', ctx.cephMon.role),
    nodes: ctx.cephMon.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      write(cephKeyringPath('glance'), renderCephKeyring('glance'), '0640'),
      write(cephKeyringPath('cinder'), renderCephKeyring('cinder'), '0640'),
      ...cephPoolCommands(ctx).map((c) => run(c)),
    ],
    // Every pool exists and is initialised for RBD; both client keys are known to the monitors.
    guard: effectsGuard(
      [
        write(cephKeyringPath('glance'), renderCephKeyring('glance'), '0640'),
        write(cephKeyringPath('cinder'), renderCephKeyring('cinder'), '0640'),
      ],
      [
        ...CEPH_POOLS.flatMap((pool) => [
          `ceph osd pool ls | grep -qx ${pool}`,
          `ceph osd pool application get ${pool} rbd >/dev/null 2>&1`,
          `ceph osd pool get ${pool} size | grep -qx 'size: ${ctx.facts.ceph.size}'`,
          `ceph osd pool get ${pool} min_size | grep -qx 'min_size: ${ctx.facts.ceph.minSize}'`,
        ]),
        'ceph auth get client.glance >/dev/null 2>&1',
        'ceph auth get client.cinder >/dev/null 2>&1',
      ],
    ),
  });
  b.add({
    id: 'ceph.clients',
    title: 'Ceph clients on controllers and computes',
    why: 'Glance, Cinder and Nova read ceph.conf and their own keyring; the keys were generated per project.',
    guide: GUIDE.install('Ceph: configure OpenStack clients'),
    selector: { kind: 'all' },
    nodes: clients,
    actions: [
      run(installPackages(ctx, ['ceph-common', 'python3-rbd'])),
      conf,
      write(cephKeyringPath('glance'), renderCephKeyring('glance'), '0640', 'root', 'root'),
      write(cephKeyringPath('cinder'), renderCephKeyring('cinder'), '0640', 'root', 'root'),
      run('getent group glance >/dev/null && chgrp glance /etc/ceph/ceph.client.glance.keyring || true'),
      run('getent group cinder >/dev/null && chgrp cinder /etc/ceph/ceph.client.cinder.keyring || true'),
      ...(b.openstack ? [run(`systemctl try-restart ${ctx.distro.services.glance}`)] : []),
    ],
    // The keyrings' group is the service's where it exists (chgrp above), so only their bytes are
    // compared; a running Glance was restarted after they were written.
    guard: effectsGuard(
      [run(installPackages(ctx, ['ceph-common', 'python3-rbd'])), conf],
      [
        ...(['glance', 'cinder'] as const).map((client) =>
          contentGuard(cephKeyringPath(client), renderCephKeyring(client)),
        ),
        ...(b.openstack
          ? [
              `{ ! systemctl is-active -q ${ctx.distro.services.glance} || ${startedAfter(ctx.distro.services.glance, ['/etc/ceph/ceph.conf', cephKeyringPath('glance')])}; }`,
            ]
          : []),
      ],
    ),
  });
}

function addGluster(b: PlanBuilder): void {
  const { ctx } = b;
  const g = ctx.gluster;
  const service = 'glusterd';
  b.add({
    id: 'gluster.install',
    title: 'Install GlusterFS and start glusterd',
    why: 'A replica volume keeps a full copy of the images on every Gluster node.',
    guide: GUIDE.book('Installation of GlusterFS'),
    selector: b.selector('role', g.role),
    nodes: g.nodes,
    actions: [
      run(installPackages(ctx, ['glusterfs-server'])),
      run(`systemctl enable --now ${service}`),
      ...glusterVolumes(ctx).map((v) => run(`mkdir -p ${v.brick}`)),
    ],
    guard: effectsGuard(
      [run(installPackages(ctx, ['glusterfs-server'])), run(`systemctl enable --now ${service}`)],
      glusterVolumes(ctx).map((v) => `test -d ${v.brick}`),
    ),
  });
  b.add({
    id: 'gluster.peers',
    title: 'Probe the peers',
    why: 'The trusted storage pool: every node knows every other.',
    guide: GUIDE.book('Configuring the nodes for communication'),
    selector: b.selector('first', g.role),
    nodes: g.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      ...g.nodes.slice(1).map((n) => run(`gluster peer probe ${n.hostname}`)),
      check(
        'gluster pool list | grep -c Connected',
        { kind: 'stdout-equals', text: String(g.nodes.length) },
        'all peers connected',
      ),
    ],
    guard: `[ "$(gluster pool list | grep -c Connected)" = ${g.nodes.length} ]`,
  });
  for (const volume of glusterVolumes(ctx)) {
    b.add({
      id: `gluster.volume-${volume.name}`,
      title: `Replica volume ${volume.name}${quorumTitle(ctx.design.options.gluster)}`,
      why: 'Quorum on both sides stops writes on the minority side instead of letting the copies diverge (split brain).',
      guide: GUIDE.book('Preventing a split-brain'),
      selector: b.selector('first', g.role),
      nodes: g.nodes.slice(0, 1),
      mode: 'one',
      actions: glusterVolumeCommands(ctx, volume.name, volume.brick).map((c) => run(c)),
      guard: glusterVolumeGuard(volume.name, glusterVolumeCommands(ctx, volume.name, volume.brick)),
    });
    const clients = volume.clients === 'controller' ? ctx.controllers : ctx.compute;
    const server = g.nodes[0]!.hostname;
    b.add({
      id: `gluster.mount-${volume.name}`,
      title: `Mount ${volume.name} at ${volume.mount}`,
      why: 'Every client sees the same files; backup-volfile-servers keeps the mount working when the first server is down.',
      guide: GUIDE.book('Creating a data point'),
      selector: b.selector('role', clients.role),
      nodes: clients.nodes,
      actions: [
        run(installPackages(ctx, ['glusterfs-client'])),
        run(
          `grep -q ' ${volume.mount} glusterfs ' /etc/fstab || echo '${server}:/${volume.name} ${volume.mount} glusterfs defaults,_netdev,backup-volfile-servers=${g.nodes
            .slice(1)
            .map((n) => n.hostname)
            .join(':')} 0 0' >> /etc/fstab`,
        ),
        run(`mkdir -p ${volume.mount} && (mountpoint -q ${volume.mount} || mount ${volume.mount})`),
      ],
      guard: effectsGuard(
        [run(installPackages(ctx, ['glusterfs-client']))],
        [`grep -q ' ${volume.mount} glusterfs ' /etc/fstab`, `mountpoint -q ${volume.mount}`],
      ),
    });
  }
  addGlusterGeoReplication(b);
}

/** Started, and every option the commands set has its value (`gluster volume get`). */
function glusterVolumeGuard(volume: string, commands: readonly string[]): string {
  const options = commands.flatMap((c) => {
    const m = /^gluster volume set (\S+) (\S+) (\S+)$/.exec(c);
    return m
      ? [`[ "$(gluster volume get ${m[1]} ${m[2]} | awk '$1 == "${m[2]}" {print $2}')" = '${m[3]}' ]`]
      : [];
  });
  return [`gluster volume info ${volume} | grep -q 'Status: Started'`, ...options].join(' && ');
}

function quorumTitle(g: { serverQuorum: boolean; clientQuorum: boolean } | undefined): string {
  const kinds = [...(g?.serverQuorum ? ['server'] : []), ...(g?.clientQuorum ? ['client'] : [])];
  return kinds.length ? ` with ${kinds.join(' and ')} quorum` : ' (no quorum: see the findings)';
}

export function addCinderPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (c.nodes.length === 0 || ctx.design.options.storage.volumes === 'none') return;
  const s = ctx.distro.services;
  b.enter('cinder');
  b.perNode('cinder.install', c.nodes, (node) => ({
    guard: effectsGuard(
      [
        run(installPackages(ctx, ctx.distro.openstack.cinder)),
        write(CINDER_CONF, renderCinderConfig(ctx, node), '0640', 'root', 'cinder'),
      ],
      [uwsgiBoundGuard(ctx, node, '/etc/cinder', [8776])],
    ),
    title: `Cinder on ${node.hostname}`,
    why:
      ctx.design.options.storage.volumes === 'ceph'
        ? 'cinder-volume runs on every controller with one shared backend_host, so any of them manages every RBD volume.'
        : 'With LVM, a volume lives on one controller: it is not highly available (flagged by the rules).',
    guide: GUIDE.ha('Highly available Block Storage API'),
    actions: [
      run(installPackages(ctx, ctx.distro.openstack.cinder)),
      write(CINDER_CONF, renderCinderConfig(ctx, node), '0640', 'root', 'cinder'),
      run(uwsgiBind(ctx, node, '/etc/cinder', [8776])),
    ],
  }));
  b.add({
    id: 'cinder.register',
    title: 'Cinder database, user and endpoints',
    why: 'Once, on one controller.',
    guide: GUIDE.install('Block Storage: prerequisites'),
    selector: b.selector('first', c.role),
    nodes: c.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      run('su -s /bin/sh -c "cinder-manage db sync" cinder'),
      ...registerService(
        ctx,
        'cinder',
        'volumev3',
        'OpenStack Block Storage',
        `http://${ctx.endpointHost('cinder')}:8776/v3/%\\(project_id\\)s`,
      ).map((x) => run(x)),
    ],
    guard: registeredGuard('cinder', 'volumev3'),
  });
  b.add({
    id: 'cinder.start',
    title: 'Start Cinder on every controller',
    why: 'API and scheduler active/active behind the VIP.',
    guide: null,
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: [
      ...restart([...s.cinderController, s.cinderVolume]),
      run(`systemctl enable ${[...s.cinderController, s.cinderVolume].join(' ')}`),
    ],
    guard: startGuard(
      [
        ...restart([...s.cinderController, s.cinderVolume]),
        run(`systemctl enable ${[...s.cinderController, s.cinderVolume].join(' ')}`),
      ],
      [...s.cinderController, s.cinderVolume],
      [CINDER_CONF],
    ),
  });
}
