/**
 * Pacemaker resources for the chosen options, as data, rendered in the distro's shell syntax: `crm`
 * (SUSE, crmsh) or `pcs` (Debian, RHEL). VIPs as IPaddr2 with a cloned HAProxy, Galera as a promotable
 * clone, RabbitMQ with the rabbitmq-server-ha agent, the legacy DRBD stacks, and fencing.
 */
import { SECRET, ref } from '../plan/secrets';
import { type Topology, prefixLength } from '../topology';

/** One Pacemaker primitive and how it is replicated. */
export interface PacemakerResource {
  id: string;
  /** `ocf:heartbeat:IPaddr2`, `systemd:haproxy`, `stonith:fence_ipmilan` … */
  agent: string;
  params: Record<string, string>;
  monitorInterval: string;
  /** Extra operations: `start`/`stop`/`promote`/`demote` timeouts. */
  ops?: Record<string, string>;
  replication?: { kind: 'clone' } | { kind: 'promotable'; promotedMax: number };
}

/** An ordering or colocation between resources. */
export type PacemakerConstraint =
  | { kind: 'colocation'; id: string; resource: string; with: string }
  | { kind: 'order'; id: string; first: string; then: string }
  | { kind: 'group'; id: string; members: string[] }
  /** Keeps a resource off cluster members that do not host its service (a cluster of mixed roles). */
  | { kind: 'location'; id: string; resource: string; avoid: string[]; owner: string };

/** Everything Pacemaker manages for a design. */
export interface PacemakerConfig {
  properties: Record<string, string>;
  resources: PacemakerResource[];
  constraints: PacemakerConstraint[];
}

/** The name Pacemaker gives the replicated form of a resource. */
export function replicatedId(ctx: Topology, r: PacemakerResource): string {
  if (!r.replication) return r.id;
  if (ctx.distro.pacemaker.shell === 'pcs') return `${r.id}-clone`;
  return r.replication.kind === 'clone' ? `cl-${r.id}` : `ms-${r.id}`;
}

/** Builds the Pacemaker configuration the design's options call for. */
export function pacemakerConfig(ctx: Topology): PacemakerConfig {
  const o = ctx.design.options;
  const config: PacemakerConfig = {
    properties: {
      'stonith-enabled': o.fencing === 'none' ? 'false' : 'true',
      'no-quorum-policy': ctx.facts.pacemaker.noQuorumPolicy,
    },
    resources: [],
    constraints: [],
  };
  const hostnames = ctx.database.nodes.map((n) => n.hostname).join(',');
  const members = ctx.pacemaker.nodes;
  /** Resources of a service run only on its hosts; the other cluster members only vote. */
  const confine = (resource: string, hosts: readonly { id: string }[], owner: string) => {
    const avoid = members.filter((m) => !hosts.some((h) => h.id === m.id)).map((m) => m.hostname);
    if (avoid.length > 0)
      config.constraints.push({ kind: 'location', id: `${resource}-hosts`, resource, avoid, owner });
  };
  if (o.fencing === 'ipmi') {
    for (const node of ctx.pacemaker.nodes) {
      const oob = ctx.design.networks.find((n) => n.purpose === 'oob');
      const ip = (oob && ctx.nicOn(node, oob.id)?.address) || `${node.hostname}-ipmi`;
      config.resources.push({
        id: `fence-${node.hostname}`,
        agent: 'stonith:fence_ipmilan',
        params: {
          ip,
          username: 'admin',
          password: ref(SECRET.ipmi),
          lanplus: '1',
          pcmk_host_list: node.hostname,
        },
        monitorInterval: '60s',
      });
    }
  } else if (o.fencing === 'sbd') {
    config.resources.push({
      id: 'fence-sbd',
      agent: 'stonith:fence_sbd',
      params: { devices: '/dev/disk/by-id/sbd' },
      monitorInterval: '60s',
    });
  }
  const claimed = new Set<string>();
  const drbd = (name: string, mount: string, service: string) => {
    const wanted = ctx.vipFor(name === 'mysql' ? 'database' : 'messaging');
    // One IPaddr2 per address: a VIP already claimed (the database's) is not created twice.
    const vip = wanted && !claimed.has(wanted.id) ? wanted : null;
    if (vip) claimed.add(vip.id);
    config.resources.push(
      {
        id: `drbd-${name}`,
        agent: 'ocf:linbit:drbd',
        params: { drbd_resource: name },
        monitorInterval: '29s',
        replication: { kind: 'promotable', promotedMax: 1 },
      },
      {
        id: `fs-${name}`,
        agent: 'ocf:heartbeat:Filesystem',
        params: { device: `/dev/drbd/by-res/${name}/0`, directory: mount, fstype: 'xfs' },
        monitorInterval: '20s',
      },
      { id: `svc-${name}`, agent: `systemd:${service}`, params: {}, monitorInterval: '30s' },
    );
    const members = [`fs-${name}`, `svc-${name}`];
    if (vip) {
      const network = ctx.networkById(vip.network);
      config.resources.push({
        id: `vip-${name}`,
        agent: 'ocf:heartbeat:IPaddr2',
        params: { ip: vip.address, cidr_netmask: String(network ? prefixLength(network.cidr) : 32) },
        monitorInterval: '10s',
      });
      members.unshift(`vip-${name}`);
    }
    const promoted = ctx.distro.pacemaker.shell === 'pcs' ? `drbd-${name}-clone` : `ms-drbd-${name}`;
    const hosts = name === 'mysql' ? ctx.database.nodes : ctx.messaging.nodes;
    confine(promoted, hosts, `drbd-${name}`);
    confine(`g-${name}`, hosts, `fs-${name}`);
    config.constraints.push(
      { kind: 'group', id: `g-${name}`, members },
      { kind: 'colocation', id: `g-${name}-on-drbd`, resource: `g-${name}`, with: `${promoted}:Promoted` },
      { kind: 'order', id: `drbd-${name}-before-g`, first: `${promoted}:promote`, then: `g-${name}:start` },
    );
  };
  if (o.database === 'drbd-mysql') drbd('mysql', '/var/lib/mysql', ctx.distro.mariadb.service);
  if (o.messaging.mode === 'drbd') drbd('rabbitmq', '/var/lib/rabbitmq', ctx.distro.rabbitmq.service);
  if (o.loadBalancer === 'pacemaker-haproxy') {
    const haproxy: PacemakerResource = {
      id: 'haproxy',
      agent: 'systemd:haproxy',
      params: {},
      monitorInterval: '10s',
      replication: { kind: 'clone' },
    };
    config.resources.push(haproxy);
    confine(replicatedId(ctx, haproxy), ctx.loadBalancers.nodes, 'haproxy');
    for (const vip of ctx.design.vips.filter((v) => !claimed.has(v.id))) {
      const network = ctx.networkById(vip.network);
      const id = `vip-${vip.id}`;
      config.resources.push({
        id,
        agent: 'ocf:heartbeat:IPaddr2',
        params: { ip: vip.address, cidr_netmask: String(network ? prefixLength(network.cidr) : 32) },
        monitorInterval: '10s',
      });
      config.constraints.push({
        kind: 'colocation',
        id: `${id}-with-haproxy`,
        resource: id,
        with: replicatedId(ctx, haproxy),
      });
    }
  }
  if (o.database === 'galera-pacemaker') {
    config.resources.push({
      id: 'galera',
      agent: 'ocf:heartbeat:galera',
      params: {
        wsrep_cluster_address: `gcomm://${hostnames}`,
        check_user: 'clustercheck',
        check_passwd: ref(SECRET.clustercheck),
        datadir: '/var/lib/mysql',
        enable_creation: 'true',
      },
      monitorInterval: '20s',
      ops: { start: '120s', stop: '120s', promote: '600s', demote: '600s' },
      replication: { kind: 'promotable', promotedMax: ctx.database.nodes.length },
    });
    confine(
      ctx.distro.pacemaker.shell === 'pcs' ? 'galera-clone' : 'ms-galera',
      ctx.database.nodes,
      'galera',
    );
  }
  if (o.messaging.mode === 'pacemaker') {
    config.resources.push({
      id: 'rabbitmq',
      agent: 'ocf:rabbitmq:rabbitmq-server-ha',
      params: { erlang_cookie: ref(SECRET.erlangCookie), default_vhost: 'openstack' },
      monitorInterval: '30s',
      ops: { start: '360s', stop: '120s', promote: '120s', demote: '120s', notify: '180s' },
      replication: { kind: 'promotable', promotedMax: 1 },
    });
    confine(
      ctx.distro.pacemaker.shell === 'pcs' ? 'rabbitmq-clone' : 'ms-rabbitmq',
      ctx.messaging.nodes,
      'rabbitmq',
    );
  }
  return config;
}

function crmOps(r: PacemakerResource): string {
  const ops = [`op monitor interval=${r.monitorInterval}`];
  for (const [op, timeout] of Object.entries(r.ops ?? {})) ops.push(`op ${op} interval=0 timeout=${timeout}`);
  return ops.join(' ');
}

function params(r: PacemakerResource): string {
  return Object.entries(r.params)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
}

/** True (exit 0) when a CIB `scope` holds an element (one a line) with every one of `attrs`, exactly. */
function cibHas(scope: 'resources' | 'constraints', attrs: readonly string[]): string {
  const greps = attrs.map((a, i) => `grep -${i === attrs.length - 1 ? 'q' : ''}F '${a}'`);
  return [`cibadmin --query --scope ${scope} 2>/dev/null`, ...greps].join(' | ');
}

/** True when the CIB holds a resource, clone or group with id `id` (the same in crm and pcs distros). */
export function cibResourceExists(id: string): string {
  return cibHas('resources', [` id="${id}"`]);
}

/** True when the CIB holds the constraint (by what it links: pcs names constraints itself). */
function constraintExists(c: PacemakerConstraint): string {
  const name = (ref: string) => ref.split(':')[0]!;
  if (c.kind === 'group') return cibResourceExists(c.id);
  if (c.kind === 'location') return cibHas('constraints', ['<rsc_location ', ` rsc="${c.resource}"`]);
  if (c.kind === 'colocation')
    return cibHas('constraints', ['<rsc_colocation ', ` rsc="${c.resource}"`, ` with-rsc="${name(c.with)}"`]);
  return cibHas('constraints', ['<rsc_order ', ` first="${name(c.first)}"`, ` then="${name(c.then)}"`]);
}

/** `exists || create`: a command that creates only what is absent (crm and pcs refuse duplicates). */
function unlessExists(exists: string, create: string): string {
  return `${exists} || ${create}`;
}

/**
 * The command that updates an existing resource's parameters to the design's (`pcs resource update`,
 * `pcs stonith update`, `crm resource param … set`), or null when it has none.
 */
function updateCommand(crm: boolean, r: PacemakerResource): string | null {
  const entries = Object.entries(r.params);
  if (entries.length === 0) return null;
  if (crm) return entries.map(([k, v]) => `crm resource param ${r.id} set ${k} "${v}"`).join(' && ');
  return `pcs ${r.agent.startsWith('stonith:') ? 'stonith' : 'resource'} update ${r.id} ${params(r)}`;
}

/** The command that creates resource `r` (and, pcs, its clone) in the distro's shell. */
function createCommand(crm: boolean, r: PacemakerResource): string {
  const p = params(r);
  if (crm) {
    const agent = r.agent.startsWith('ocf:heartbeat:') ? r.agent.slice('ocf:heartbeat:'.length) : r.agent;
    return `crm configure primitive ${r.id} ${agent}${p ? ` params ${p}` : ''} ${crmOps(r)}`;
  }
  if (r.agent.startsWith('stonith:'))
    return `pcs stonith create ${r.id} ${r.agent.slice('stonith:'.length)} ${p} op monitor interval=${r.monitorInterval}`;
  const ops = Object.entries(r.ops ?? {})
    .map(([op, timeout]) => ` ${op} timeout=${timeout}`)
    .join('');
  let line = `pcs resource create ${r.id} ${r.agent}${p ? ` ${p}` : ''} op monitor interval=${r.monitorInterval}${ops}`;
  if (r.replication?.kind === 'clone') line += ' clone interleave=true';
  if (r.replication?.kind === 'promotable')
    line += ` promotable promoted-max=${r.replication.promotedMax} notify=true interleave=true`;
  return line;
}

/**
 * Shell commands that bring the CIB to the configuration, one per line, in dependency order; each safe to
 * run again. A resource is created when absent and has its parameters updated when present (another VIP
 * address reaches Pacemaker); clones, groups and constraints are created when absent.
 */
export function renderPacemakerCommands(ctx: Topology, config: PacemakerConfig): string[] {
  const crm = ctx.distro.pacemaker.shell === 'crm';
  const out: string[] = [];
  for (const [k, v] of Object.entries(config.properties)) {
    out.push(crm ? `crm configure property ${k}=${v}` : `pcs property set ${k}=${v}`);
  }
  for (const r of config.resources) {
    const exists = cibResourceExists(r.id);
    const update = updateCommand(crm, r);
    const create = createCommand(crm, r);
    out.push(update ? `if ${exists}; then ${update}; else ${create}; fi` : unlessExists(exists, create));
    if (!crm || !r.replication) continue;
    const replicated = replicatedId(ctx, r);
    out.push(
      unlessExists(
        cibResourceExists(replicated),
        r.replication.kind === 'clone'
          ? `crm configure clone ${replicated} ${r.id}`
          : `crm configure ms ${replicated} ${r.id} meta master-max=${r.replication.promotedMax} notify=true interleave=true`,
      ),
    );
  }
  for (const c of config.constraints) out.push(unlessExists(constraintExists(c), constraintCommand(crm, c)));
  return out;
}

/** The command that creates constraint `c` in the distro's shell. */
function constraintCommand(crm: boolean, c: PacemakerConstraint): string {
  if (c.kind === 'group')
    return crm
      ? `crm configure group ${c.id} ${c.members.join(' ')}`
      : `pcs resource group add ${c.id} ${c.members.join(' ')}`;
  if (c.kind === 'location')
    return crm
      ? `crm configure location ${c.id} ${c.resource} rule -inf: ${c.avoid.map((h) => `#uname eq ${h}`).join(' or ')}`
      : `pcs constraint location ${c.resource} avoids ${c.avoid.join(' ')}`;
  if (c.kind === 'colocation') {
    if (crm)
      return `crm configure colocation ${c.id} inf: ${c.resource} ${c.with.replace(':Promoted', ':Master')}`;
    const [target, role] = c.with.split(':');
    return `pcs constraint colocation add ${c.resource} with ${role ? `Promoted ${target}` : target} INFINITY`;
  }
  if (crm) return `crm configure order ${c.id} Mandatory: ${c.first} ${c.then}`;
  const [first, firstAction] = c.first.split(':');
  const [then, thenAction] = c.then.split(':');
  return `pcs constraint order ${firstAction ?? 'start'} ${first} then ${thenAction ?? 'start'} ${then}`;
}
