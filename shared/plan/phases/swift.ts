/**
 * Swift object storage (book ch. 5 "High availability object storage services", Swift install guide):
 * storage nodes (disks, rsync, account/container/object servers), proxies with Keystone auth, the rings
 * built once on the first proxy and pulled by every other Swift node, HAProxy in front (load-balancing
 * phase, `swift` on a VIP), the endpoint in Keystone, and a check through the VIP.
 */
import type { Action } from '../types';
import { optionalProfile } from '../../render/distro-optional';
import {
  SWIFT_RINGS,
  SWIFT_RING_EXPORT,
  renderRsyncdConfig,
  renderSwiftConfig,
  renderSwiftProxyConfig,
  renderSwiftServerConfig,
  swiftDevices,
  swiftNodes,
  swiftRingCommands,
  usesSwift,
} from '../../render/swift';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { effectsGuard } from '../guards';
import { AS_ADMIN, installPackages, registerService, registeredGuard, startGuard } from './services';

/** Commands that format (only a disk with no filesystem or partition table), mount and own a data disk. */
function diskCommands(device: string): string[] {
  const dir = `/srv/node/${device}`;
  return [
    // blkid finds a filesystem or a partition table: such a disk is never formatted.
    `blkid /dev/${device} >/dev/null 2>&1 || mkfs.xfs -L swift-${device} /dev/${device}`,
    `mkdir -p ${dir}`,
    `grep -q ' ${dir} ' /etc/fstab || echo "UUID=$(blkid -s UUID -o value /dev/${device}) ${dir} xfs noatime 0 2" >> /etc/fstab`,
    `mountpoint -q ${dir} || mount ${dir}`,
  ];
}

/** Storage daemons of the three servers (main server, replicator, auditor and their updater/reaper). */
export function swiftStorageUnits(prefix: string): string[] {
  return [
    ...SWIFT_RINGS.flatMap((r) => [`${prefix}${r}`, `${prefix}${r}-replicator`, `${prefix}${r}-auditor`]),
    `${prefix}account-reaper`,
    `${prefix}container-updater`,
    `${prefix}object-updater`,
  ];
}

export function addSwiftPhase(b: PlanBuilder): void {
  const { ctx } = b;
  if (!usesSwift(ctx) || ctx.swiftProxy.nodes.length === 0) return;
  const p = optionalProfile(ctx.distro.family).swift;
  const storage = ctx.swiftStorage;
  const proxies = ctx.swiftProxy;
  const ringSource = proxies.nodes[0]!;
  const swiftConf = write('/etc/swift/swift.conf', renderSwiftConfig(), '0640', 'root', 'swift');
  b.enter('swift');
  b.perNode('swift.storage', storage.nodes, (node) => {
    const actions = [
      run(installPackages(ctx, p.storagePackages)),
      ...swiftDevices(ctx).flatMap((d) => diskCommands(d).map((c) => run(c))),
      run('chown -R swift:swift /srv/node'),
      run('install -d -o root -g swift -m 0775 /var/cache/swift'),
      swiftConf,
      ...SWIFT_RINGS.map((server) =>
        write(
          `/etc/swift/${server}-server.conf`,
          renderSwiftServerConfig(ctx, node, server),
          '0640',
          'root',
          'swift',
        ),
      ),
      write('/etc/rsyncd.conf', renderRsyncdConfig(ctx, node)),
      ...restart([p.rsyncService]),
      run(`systemctl enable ${p.rsyncService}`),
    ];
    return {
      title: `Swift storage on ${node.hostname}: disks, rsync, account/container/object servers`,
      why: 'Each object is stored on several storage nodes in different zones; rsync copies replicas between them, so a node can fail without losing data.',
      guide: GUIDE.book('Installing and configuring object storage'),
      actions,
      // Every disk in fstab and mounted, the folders owned by swift.
      guard: effectsGuard(actions, [
        ...swiftDevices(ctx).flatMap((d) => [
          `grep -q ' /srv/node/${d} ' /etc/fstab`,
          `mountpoint -q /srv/node/${d}`,
        ]),
        `[ "$(stat -c %U:%G /srv/node)" = swift:swift ]`,
        'test -d /var/cache/swift',
      ]),
    };
  });
  b.perNode('swift.proxy', proxies.nodes, (node) => {
    const dedicated = proxies.role === 'swift-proxy';
    const isStorage = storage.nodes.some((n) => n.id === node.id);
    const source = node.id === ringSource.id;
    const actions: Action[] = [
      run(installPackages(ctx, [...p.proxyPackages, ...(dedicated ? ctx.distro.memcached.packages : [])])),
      swiftConf,
      write('/etc/swift/proxy-server.conf', renderSwiftProxyConfig(ctx, node), '0640', 'root', 'swift'),
    ];
    if (dedicated) {
      // The book's layout: memcached on the Swift nodes themselves, listening on their own address.
      actions.push(
        run(
          `sed -i -E 's/^-l .*/-l 127.0.0.1,${ctx.address(node)}/' ${ctx.distro.memcached.configPath} || true`,
        ),
        ...restart([ctx.distro.memcached.service]),
      );
    }
    if (source && !isStorage) {
      actions.push(write('/etc/rsyncd.conf', renderRsyncdConfig(ctx, node)));
    }
    if (source) actions.push(run(`install -d -m 0755 ${SWIFT_RING_EXPORT}`));
    return {
      title: `Swift proxy on ${node.hostname}`,
      why: 'The proxies are stateless: every one serves the whole cluster from the rings, behind the VIP. Tokens and account info are cached in memcached shared by all proxies.',
      guide: GUIDE.book('Installing a Swift proxy'),
      actions,
      guard: effectsGuard(actions, [
        ...(dedicated
          ? [`grep -qx -- '-l 127.0.0.1,${ctx.address(node)}' ${ctx.distro.memcached.configPath}`]
          : []),
        ...(source ? [`test -d ${SWIFT_RING_EXPORT}`] : []),
      ]),
    };
  });
  b.add({
    id: 'swift.rings',
    title: `Build the account, container and object rings on ${ringSource.hostname}`,
    why: 'The rings map partitions to disks; every Swift node needs the same rings. They are built once, here, and published read-only over rsync for the others to pull.',
    guide: GUIDE.book('Configuring a Swift ring'),
    selector: { kind: 'first', role: proxies.role },
    nodes: [ringSource],
    mode: 'one',
    actions: [
      ...swiftRingCommands(ctx).map((c) => run(c)),
      // rebalance exits 1 when nothing moved (a re-run) or min_part_hours holds partitions back.
      ...SWIFT_RINGS.map((r): Action => ({
        kind: 'run',
        command: `swift-ring-builder /etc/swift/${r}.builder rebalance`,
        sudo: true,
        okExitCodes: [0, 1],
      })),
      run(`cp /etc/swift/*.ring.gz ${SWIFT_RING_EXPORT}/ && chown root:swift /etc/swift/*.ring.gz`),
      ...restart([p.rsyncService]),
      run(`systemctl enable ${p.rsyncService}`),
    ],
    // Every designed device is in its builder, and the published rings are the ones built.
    guard: effectsGuard(
      [...restart([p.rsyncService]), run(`systemctl enable ${p.rsyncService}`)],
      [
        ...swiftRingCommands(ctx).map((c) => c.split(' || ')[0]!.replace(/^\[ -e (\S+) \]$/, 'test -e $1')),
        ...SWIFT_RINGS.map((r) => `cmp -s /etc/swift/${r}.ring.gz ${SWIFT_RING_EXPORT}/${r}.ring.gz`),
      ],
    ),
  });
  const pullers = swiftNodes(ctx).filter((n) => n.id !== ringSource.id);
  b.add({
    id: 'swift.distribute-rings',
    title: 'Every other Swift node pulls the rings',
    why: 'All proxies and storage nodes must place objects the same way; a node with an old ring writes to the wrong disks.',
    guide: GUIDE.book('Configuring a Swift ring'),
    selector: { kind: 'role', role: storage.role },
    nodes: pullers,
    actions: [
      run(
        `rsync -a --include='*.ring.gz' --exclude='*' rsync://${ctx.address(ringSource)}/swift_rings/ /etc/swift/`,
      ),
      run('chown root:swift /etc/swift/*.ring.gz'),
      check(
        'ls /etc/swift/account.ring.gz /etc/swift/container.ring.gz /etc/swift/object.ring.gz | wc -l',
        { kind: 'stdout-equals', text: '3' },
        'three rings present',
        { attempts: 3, intervalMs: 2000 },
      ),
    ],
    // The three rings are here and a dry run of the pull would change nothing.
    guard: [
      ...SWIFT_RINGS.map((r) => `test -e /etc/swift/${r}.ring.gz`),
      `[ -z "$(rsync -rtn --itemize-changes --include='*.ring.gz' --exclude='*' rsync://${ctx.address(ringSource)}/swift_rings/ /etc/swift/)" ]`,
    ].join(' && '),
  });
  const units = swiftStorageUnits(p.unitPrefix);
  b.add({
    id: 'swift.start-storage',
    title: 'Start the account, container and object services',
    why: 'With the rings in place the servers know their partitions; replicators and auditors keep the replicas complete and correct.',
    guide: GUIDE.book('Configuring a Swift ring'),
    selector: { kind: 'role', role: storage.role },
    nodes: storage.nodes,
    actions: [...restart(units), run(`systemctl enable ${units.join(' ')}`)],
    guard: startGuard([...restart(units), run(`systemctl enable ${units.join(' ')}`)], units, [
      '/etc/swift/swift.conf',
      ...SWIFT_RINGS.map((server) => `/etc/swift/${server}-server.conf`),
    ]),
  });
  b.perNode('swift.start-proxy', proxies.nodes, (node) => ({
    guard: startGuard(
      [...restart([`${p.unitPrefix}proxy`]), run(`systemctl enable ${p.unitPrefix}proxy`)],
      [`${p.unitPrefix}proxy`],
      ['/etc/swift/swift.conf', '/etc/swift/proxy-server.conf'],
    ),
    title: `Start the Swift proxy on ${node.hostname}`,
    why: 'Every proxy serves the same cluster; HAProxy spreads requests over them and checks each one.',
    guide: GUIDE.book('The load balancing object store services'),
    actions: [
      ...restart([`${p.unitPrefix}proxy`]),
      run(`systemctl enable ${p.unitPrefix}proxy`),
      check(
        `python3 -c "import urllib.request; print(urllib.request.urlopen('http://${ctx.address(node)}:8080/healthcheck').read().decode())"`,
        { kind: 'stdout-equals', text: 'OK' },
        'proxy healthcheck answers OK',
        { attempts: 15, intervalMs: 2000 },
      ),
    ],
  }));
  const controller = ctx.controllers.nodes.slice(0, 1);
  b.add({
    id: 'swift.register',
    title: 'Swift user, service and endpoints; an account through the VIP',
    why: 'Keystone sends clients to the VIP; the check stores nothing but proves auth, proxy and storage work together.',
    guide: GUIDE.book('The load balancing object store services'),
    selector: { kind: 'first', role: ctx.controllers.role },
    nodes: controller,
    mode: 'one',
    actions: [
      ...registerService(
        ctx,
        'swift',
        'object-store',
        'OpenStack Object Storage',
        `http://${ctx.endpointHost('swift')}:8080/v1/AUTH_%\\(project_id\\)s`,
      ).map((x) => run(x)),
      check(
        `${AS_ADMIN} openstack object store account show -f value -c Account`,
        { kind: 'stdout-matches', pattern: '^AUTH_[0-9a-f]+$' },
        'swift stat through the VIP',
        { attempts: 15, intervalMs: 2000 },
      ),
    ],
    guard: registeredGuard('swift', 'object-store'),
  });
}
