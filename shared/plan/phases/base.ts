/** Preflight checks and OS preparation: repositories, /etc/hosts, sysctl, time, name resolution. */
import { shellQuote } from '../../shell/quote';
import { renderSysctl } from '../../render/neutron';
import { GUIDE, type PlanBuilder, check, run, write } from '../builder';
import { effectsGuard } from '../guards';

const OS_PATTERN = {
  debian: 'debian|ubuntu',
  rhel: 'rhel|centos|fedora|rocky|almalinux',
  suse: 'suse|sles|opensuse',
};

/** Marker written when a one-time check passed, so re-runs (with services now on those ports) skip it. */
const MARK = '/var/lib/quorum';

export function addBasePhases(b: PlanBuilder): void {
  const { ctx } = b;
  const all = ctx.design.nodes;
  const everyone = { kind: 'all' } as const;
  b.enter('preflight');
  b.add({
    id: 'preflight.access',
    title: 'SSH and sudo work',
    why: 'Every later step runs as root over SSH; fail early if a node cannot be reached or sudo asks for a password.',
    guide: null,
    selector: everyone,
    nodes: all,
    actions: [
      check('id -u', { kind: 'stdout-equals', text: '0' }, 'root through sudo', {
        attempts: 1,
        intervalMs: 1000,
      }),
    ],
  });
  b.add({
    id: 'preflight.os',
    title: `Operating system is of the ${ctx.distro.family} family`,
    why: 'Package names, paths and service names in this plan were resolved for this distro family.',
    guide: null,
    selector: everyone,
    nodes: all,
    actions: [
      check(
        '. /etc/os-release && echo "$ID $ID_LIKE"',
        { kind: 'stdout-matches', pattern: OS_PATTERN[ctx.distro.family] },
        'distro family',
        { attempts: 1, intervalMs: 1000 },
      ),
    ],
  });
  b.perNode(
    'preflight.addresses',
    all.filter((n) => n.nics.some((nic) => nic.address)),
    (node) => ({
      title: `Interfaces and addresses of ${node.hostname} are present`,
      why: 'Cluster members talk over these addresses; a typo here shows up much later as a cluster that never forms.',
      guide: null,
      actions: node.nics
        .filter((nic) => nic.address)
        .map((nic) =>
          check(
            `ip -o -4 addr show dev ${nic.name}`,
            { kind: 'stdout-contains', text: `inet ${nic.address}/` },
            `${nic.name} has ${nic.address}`,
            { attempts: 1, intervalMs: 1000 },
          ),
        ),
    }),
  );
  const ports = new Set([3306, 4567, 4568, 4444, 5672, 25672, 11211, 9200]);
  b.add({
    id: 'preflight.ports-and-disk',
    title: 'Cluster ports are free and there is disk space',
    why: 'A stray MySQL or RabbitMQ (or Debian’s mariadb.socket) holding a port breaks Galera and HAProxy in confusing ways.',
    guide: GUIDE.ha('Hardware considerations for high availability'),
    selector: everyone,
    nodes: all,
    actions: [
      run(`! ss -ltnH | awk '{print $4}' | grep -Eq ':(${[...ports].join('|')})$'`),
      run('[ "$(df --output=avail -BG / | tail -1 | tr -dc 0-9)" -ge 10 ]'),
      run(`mkdir -p ${MARK} && touch ${MARK}/preflight-ports.done`),
    ],
    guard: `test -e ${MARK}/preflight-ports.done`,
  });

  b.enter('os');
  const source = ctx.release.source;
  const repo = !b.openstack
    ? [run(ctx.distro.refresh)]
    : !source
      ? // The release rule refuses this design; a plan run anyway stops here with the same reason.
        [
          run(
            `echo ${shellQuote(`Quorum cannot source OpenStack: ${ctx.release.refusal ?? ''}`)} >&2; exit 1`,
          ),
        ]
      : source.kind === 'distro'
        ? [run(ctx.distro.refresh)]
        : source.kind === 'extrepo'
          ? [
              run(`${ctx.distro.install} extrepo`),
              run(`extrepo enable ${source.repository}`),
              run(ctx.distro.refresh),
            ]
          : source.kind === 'rdo'
            ? [run(`dnf install -y ${source.repository}`), run(ctx.distro.refresh)]
            : [
                run(
                  `zypper lr openstack >/dev/null 2>&1 || zypper --non-interactive addrepo -f -G "https://download.opensuse.org/repositories/${source.repository?.replace(/:/g, ':/')}/$(. /etc/os-release; echo "$VERSION_ID")/" openstack`,
                ),
                run(ctx.distro.refresh),
              ];
  b.add({
    id: 'os.repositories',
    title: b.openstack ? `Package repositories for OpenStack ${ctx.design.release}` : 'Package index',
    why: !b.openstack
      ? 'The HA infrastructure comes from the distribution’s own packages.'
      : source?.kind === 'distro'
        ? `${source.os} ships OpenStack ${ctx.design.release} in its own archive: no other repository is needed.`
        : source
          ? `${source.os} needs the ${source.repository} repository for OpenStack ${ctx.design.release}; the distribution alone ships another release.`
          : (ctx.release.refusal ?? ''),
    guide: GUIDE.install('Environment: OpenStack packages'),
    selector: everyone,
    nodes: all,
    actions: [
      ...(ctx.distro.family === 'debian'
        ? [
            // Packages must not start services before Quorum configured them (LAB-NOTES); removed at the end.
            write('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', '0755'),
          ]
        : []),
      ...repo,
      run(`mkdir -p ${MARK} && touch ${MARK}/package-index.done`),
    ],
    // Installs of later steps are guarded by the packages being present, so a run again needs no refresh.
    guard: `test -e ${MARK}/package-index.done`,
  });
  const hosts = [
    '# Written by Quorum: every node (RabbitMQ and Galera need names that resolve).',
    '127.0.0.1 localhost',
    '::1 localhost ip6-localhost ip6-loopback',
    ...all.map((n) => `${ctx.address(n)} ${n.hostname}`),
    ...ctx.design.vips.map((v) => `${v.address} ${v.id}`),
    '',
  ].join('\n');
  b.add({
    id: 'os.hosts',
    title: '/etc/hosts lists every node',
    why: 'Cluster software resolves peers by name; DNS failing must not split a cluster.',
    guide: GUIDE.book('Configuring the nodes to know each other'),
    selector: everyone,
    nodes: all,
    actions: [write('/etc/hosts', hosts)],
    guard: effectsGuard([write('/etc/hosts', hosts)]),
  });
  const sysctlNodes = all.filter((n) => renderSysctl(ctx, n) !== null);
  b.perNode('os.sysctl', sysctlNodes, (node) => {
    const actions = [
      write('/etc/sysctl.d/60-quorum.conf', renderSysctl(ctx, node)!),
      // Only this file: others (procps, systemd) set keys a container may not change, and fail the step.
      run('sysctl -p /etc/sysctl.d/60-quorum.conf >/dev/null'),
    ];
    return {
      title: `Kernel settings on ${node.hostname}`,
      why: 'VIP holders bind addresses they do not own yet (ip_nonlocal_bind); routers forward and must not drop asymmetric replies (rp_filter).',
      guide: GUIDE.book('Disabling reverse path filtering'),
      actions,
      // The file is applied at every boot; written once, it was applied by this step.
      guard: effectsGuard(actions),
    };
  });
  b.add({
    id: 'os.time-sync',
    title: 'Clocks are synchronised',
    why: 'Galera, RabbitMQ and Keystone tokens all misbehave when clocks drift; containers share the host clock.',
    guide: GUIDE.book('Installing RabbitMQ on the two nodes (ntp)'),
    selector: everyone,
    nodes: all,
    actions: [
      run(
        `systemd-detect-virt --container -q || { ${ctx.distro.isInstalled} chrony >/dev/null 2>&1 || ${ctx.distro.install} chrony; systemctl enable --now ${ctx.distro.family === 'debian' ? 'chrony' : 'chronyd'}; }`,
      ),
      check(
        'systemd-detect-virt --container -q && echo container || timedatectl show -p NTPSynchronized --value',
        { kind: 'stdout-matches', pattern: '^(container|yes)$' },
        'clock synchronised',
      ),
    ],
    guard: `systemd-detect-virt --container -q || { ${ctx.distro.isInstalled} chrony >/dev/null 2>&1 && systemctl is-active -q ${ctx.distro.family === 'debian' ? 'chrony' : 'chronyd'}; }`,
  });
  b.add({
    id: 'os.names-resolve',
    title: 'Every node name resolves',
    why: 'Checked after /etc/hosts is written, on every node.',
    guide: null,
    selector: everyone,
    nodes: all,
    // A check: it changes nothing, so it runs on every run.
    actions: [
      check(
        `for h in ${all.map((n) => n.hostname).join(' ')}; do getent hosts "$h" >/dev/null || { echo "$h does not resolve"; exit 1; }; done`,
        { kind: 'exit-zero' },
        'every node name resolves',
        { attempts: 1, intervalMs: 1000 },
      ),
    ],
  });
}
