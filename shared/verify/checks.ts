/**
 * `verificationChecks(design, options)`: the checks a user expects to be green after a deploy, derived
 * from the design's nodes, VIPs and HA options (the same render context the plan compiler uses), so the
 * matrix asks exactly what the plan built. Commands read their credentials from files the plan wrote on
 * the node (root-only), so a later session can verify without the run's generated secrets.
 */
import type { Design } from '../design/schema';
import { API_PORTS } from '../render/haproxy';
import { CLUSTERCHECK_PORT } from '../render/mariadb';
import { SERVICE_CHECKS } from '../services/contributions';
import { resolveTopology, type Topology } from '../topology';
import { check } from './make-check';
import type { VerifyCheck } from './types';

/** What to verify: the infrastructure layer only, or the OpenStack services too. */
export interface VerifyOptions {
  scope?: 'full' | 'infrastructure';
}

const wsrep = (name: string) => `mysql -Nse "SHOW STATUS LIKE '${name}'" | cut -f2`;

/** An HTTP GET with Python's standard library (the nodes have python3, not always curl); prints the status. */
export function httpStatusCommand(url: string, auth?: string): string {
  const header = auth
    ? `r.add_header('Authorization','Basic '+base64.b64encode(${auth}.encode()).decode()); `
    : '';
  return `python3 -c "import base64,sys,urllib.request as u,urllib.error as e
r=u.Request('${url}'); ${header}
try: print(u.urlopen(r,timeout=5).status)
except e.HTTPError as x: print(x.code)"`;
}

/** HAProxy's stats as CSV, with the stats password read from haproxy.cfg on the node (needs root). */
export const HAPROXY_STATS_CSV = `python3 -c "import base64,re,urllib.request as u
cred=re.search(r'stats auth (\\S+)',open('/etc/haproxy/haproxy.cfg').read()).group(1)
r=u.Request('http://127.0.0.1:8404/;csv'); r.add_header('Authorization','Basic '+base64.b64encode(cred.encode()).decode())
print(u.urlopen(r,timeout=5).read().decode())"`;

function databaseChecks(ctx: Topology): VerifyCheck[] {
  const db = ctx.database.nodes;
  if (db.length === 0 || ctx.design.options.database === 'drbd-mysql') return [];
  const expected = ctx.facts.galera.expectedSize;
  const out = [
    check(
      'galera.cluster-size',
      'Galera',
      `wsrep_cluster_size = ${expected}${ctx.arbitrator ? ' (garbd counted)' : ''}`,
      db,
      wsrep('wsrep_cluster_size'),
      { kind: 'equals', expected: String(expected) },
      'Every data node (and garbd) must be a member. A smaller number: a node did not join or was split off — read its MariaDB log (journalctl -u mariadb) and start it; after a full outage bootstrap from the node with the highest seqno.',
    ),
    check(
      'galera.synced',
      'Galera',
      'wsrep_local_state_comment = Synced',
      db,
      wsrep('wsrep_local_state_comment'),
      { kind: 'equals', expected: 'Synced' },
      'Only a Synced node serves consistent data. Joining/Donor usually ends by itself after the state transfer; a node stuck there needs its log read.',
    ),
    check(
      'galera.primary',
      'Galera',
      'wsrep_cluster_status = Primary',
      db,
      wsrep('wsrep_cluster_status'),
      { kind: 'equals', expected: 'Primary' },
      'non-Primary means this node lost quorum and refuses writes: restore the network between the nodes; never bootstrap a second cluster beside a running one.',
    ),
    {
      ...check(
        'galera.clustercheck',
        'Galera',
        `clustercheck answers 200 on :${CLUSTERCHECK_PORT}`,
        db,
        httpStatusCommand(`http://${ctx.address(db[0]!)}:${CLUSTERCHECK_PORT}/`),
        { kind: 'equals', expected: '200' },
        'HAProxy sends database traffic only to nodes whose clustercheck answers 200. 503: the node is not Synced; no answer: systemctl status clustercheck.socket.',
      ),
      // The clustercheck socket listens on each node's own address.
      perNode: Object.fromEntries(
        db.map((n) => [
          n.id,
          { command: httpStatusCommand(`http://${ctx.address(n)}:${CLUSTERCHECK_PORT}/`) },
        ]),
      ),
    },
  ];
  if (ctx.arbitrator) {
    out.push(
      check(
        'galera.garbd',
        'Galera',
        'garbd running',
        [ctx.arbitrator],
        `systemctl is-active ${ctx.distro.garbd.service}`,
        { kind: 'equals', expected: 'active' },
        'Without the arbitrator two data nodes lose quorum when one fails: systemctl status and the garbd log.',
      ),
    );
  }
  return out;
}

function loadBalancerChecks(ctx: Topology): VerifyCheck[] {
  const lbs = ctx.loadBalancers.nodes;
  if (lbs.length === 0 || ctx.design.vips.length === 0) return [];
  const keepalived = ctx.design.options.loadBalancer === 'haproxy-keepalived';
  const out: VerifyCheck[] = [
    check(
      'haproxy.running',
      'HAProxy',
      'HAProxy running',
      lbs,
      `systemctl is-active ${ctx.distro.haproxy.service}`,
      { kind: 'equals', expected: 'active' },
      'A load balancer without HAProxy cannot serve the VIP when it holds it: haproxy -c -f /etc/haproxy/haproxy.cfg, then systemctl restart haproxy.',
    ),
  ];
  if (
    ctx.vipFor('database') &&
    ctx.database.nodes.length > 0 &&
    ctx.design.options.database !== 'drbd-mysql'
  ) {
    out.push(
      check(
        'haproxy.galera-backend',
        'HAProxy',
        'Galera backend: exactly one active server UP',
        lbs,
        HAPROXY_STATS_CSV,
        { kind: 'haproxy-one-active', backend: 'galera' },
        'All writes go to one Galera node (the others are backups) to avoid certification conflicts. No active server UP: its clustercheck fails; two: the configuration lost its backup flags.',
      ),
    );
  }
  for (const vip of ctx.design.vips) {
    out.push(
      check(
        `vip.${vip.id}`,
        'VIP',
        `${vip.name} ${vip.address} held by exactly one node`,
        lbs,
        `if ip -o -4 addr show | grep -qF ' ${vip.address}/'; then echo held; else echo not-held; fi`,
        { kind: 'equals', expected: 'held' },
        'No holder: clients cannot connect (keepalived down everywhere, or VRRP blocked). Two holders: split brain — VRRP packets do not reach the peers (firewall, multicast/unicast peers).',
        'exactly-one',
      ),
    );
  }
  if (keepalived) {
    out.push(
      check(
        'keepalived.running',
        'VIP',
        'keepalived running',
        lbs,
        `systemctl is-active ${ctx.distro.keepalived.service}`,
        { kind: 'equals', expected: 'active' },
        'keepalived moves the VIP when its holder fails: keepalived --config-test, then systemctl restart keepalived.',
      ),
    );
  }
  return out;
}

function pacemakerChecks(ctx: Topology): VerifyCheck[] {
  if (!ctx.usesPacemaker || ctx.pacemaker.nodes.length === 0) return [];
  const nodes = ctx.pacemaker.nodes;
  return [
    check(
      'pacemaker.healthy',
      'Pacemaker',
      'all nodes online, every resource started',
      nodes,
      'crm_mon -1 -r',
      { kind: 'pacemaker-healthy', nodes: nodes.map((n) => n.hostname) },
      'An offline node or a stopped resource means Pacemaker could not place it: crm_mon -1 -r -f, then pcs/crm resource cleanup once the cause is fixed.',
    ),
  ];
}

function serviceChecks(ctx: Topology): VerifyCheck[] {
  const first = ctx.controllers.nodes.slice(0, 1);
  if (first.length === 0) return [];
  const out: VerifyCheck[] = [];
  for (const service of ['keystone', 'glance', 'placement', 'nova', 'neutron', 'cinder'] as const) {
    const vip = ctx.vipFor(service);
    if (!vip) continue;
    const port = API_PORTS[service][0]!.port;
    out.push(
      check(
        `api.${service}`,
        'OpenStack APIs',
        `${service} API answers through ${vip.address}:${port}`,
        first,
        `${httpStatusCommand(`http://${vip.address}:${port}/`)} | grep -E '^(200|300|401)$' || exit 1`,
        { kind: 'matches', pattern: '^(200|300|401)$', expected: '200, 300 or 401' },
        `No answer through the VIP: HAProxy has no ${service} server UP (its API service is down on the controllers) or the VIP is not held.`,
      ),
    );
  }
  return out;
}

/** Every check for a design, in the HA guide's order. */
export function verificationChecks(design: Design, options: VerifyOptions = {}): VerifyCheck[] {
  const ctx = resolveTopology(design);
  return [
    ...pacemakerChecks(ctx),
    ...databaseChecks(ctx),
    ...SERVICE_CHECKS.flatMap((checks) => checks(ctx)),
    ...loadBalancerChecks(ctx),
    ...((options.scope ?? 'full') === 'full' ? serviceChecks(ctx) : []),
  ];
}
