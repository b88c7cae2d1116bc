/**
 * Octavia (load balancing as a service) after the compute nodes, so amphorae can boot: database, Keystone
 * user and endpoints, the amphora flavor, security groups and lb-mgmt-net, then on every controller the
 * packages, octavia.conf, the CAs and the health-manager port, and the four services active/active.
 */
import type { DesignNode } from '../../design/schema';
import { optionalProfile } from '../../render/distro-optional';
import {
  OCTAVIA_API_PORT,
  OCTAVIA_CERTS,
  OCTAVIA_FLAVOR_ID,
  OCTAVIA_HM_PORT,
  OCTAVIA_MGMT_CIDR,
  healthManagerAddress,
  octaviaCaCommands,
  octaviaClientCertCommands,
  renderHealthManagerInterfaceScript,
  renderHealthManagerInterfaceUnit,
  renderOctaviaConfig,
} from '../../render/octavia';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { SECRET, ref } from '../secrets';
import type { Action } from '../types';
import { agentActions } from './neutron';
import { AS_ADMIN, installPackages, registerService, registeredGuard, startGuard } from './services';

const OS = `${AS_ADMIN} openstack`;

/** Creates a database and its user unless they exist (on the first database node, root by socket). */
export function createDatabase(name: 'octavia' | 'gnocchi'): Action {
  const password = ref(SECRET.dbPassword(name));
  const sql = [
    `CREATE DATABASE IF NOT EXISTS ${name};`,
    ...['localhost', '%'].flatMap((host) => [
      `CREATE USER IF NOT EXISTS '${name}'@'${host}' IDENTIFIED BY '${password}';`,
      `GRANT ALL PRIVILEGES ON ${name}.* TO '${name}'@'${host}';`,
    ]),
  ].join(' ');
  return run(`mysql -e "${sql}"`);
}

const OCTAVIA_CONF = '/etc/octavia/octavia.conf';

/** True when createDatabase's database exists and its user logs in to it from both hosts' grants. */
export function databaseCreatedGuard(name: 'octavia' | 'gnocchi'): string {
  return [
    `mysql -u ${name} -p'${ref(SECRET.dbPassword(name))}' -Nse 'SELECT 1' ${name} >/dev/null 2>&1`,
    `[ "$(mysql -Nse "SELECT COUNT(*) FROM mysql.user WHERE user = '${name}' AND host IN ('localhost', '%')")" = 2 ]`,
  ].join(' && ');
}

/** Octavia's own resources in the service project (idempotent). */
function resourceCommands(): string[] {
  const sg = (name: string, rules: string[]) => [
    `${OS} security group show ${name} >/dev/null 2>&1 || ${OS} security group create --project service ${name}`,
    ...rules.map(
      (r) =>
        `${OS} security group rule list ${name} -f value -c 'Port Range' -c 'IP Protocol' | grep -q '${r.split(' ')[0]}' || ${OS} security group rule create ${r.split(' ').slice(1).join(' ')} ${name}`,
    ),
  ];
  return [
    `${OS} flavor show ${OCTAVIA_FLAVOR_ID} >/dev/null 2>&1 || ${OS} flavor create --id ${OCTAVIA_FLAVOR_ID} --vcpus 1 --ram 1024 --disk 3 --private --project service ${OCTAVIA_FLAVOR_ID}`,
    ...sg('lb-mgmt-sec-grp', [
      'icmp --protocol icmp',
      '22:22 --protocol tcp --dst-port 22',
      '9443:9443 --protocol tcp --dst-port 9443',
    ]),
    ...sg('lb-health-mgr-sec-grp', [
      `${OCTAVIA_HM_PORT}:${OCTAVIA_HM_PORT} --protocol udp --dst-port ${OCTAVIA_HM_PORT}`,
    ]),
    `${OS} network show lb-mgmt-net >/dev/null 2>&1 || ${OS} network create --project service lb-mgmt-net`,
    `${OS} subnet show lb-mgmt-subnet >/dev/null 2>&1 || ${OS} subnet create --project service --network lb-mgmt-net --subnet-range ${OCTAVIA_MGMT_CIDR} --allocation-pool start=172.16.0.100,end=172.16.3.254 --gateway none lb-mgmt-subnet`,
    // The amphora image is built with octavia's diskimage-create.sh and uploaded tagged "amphora".
    `${OS} image list --tag amphora -f value -c ID | grep -q . || echo 'WARNING: no image tagged amphora yet: build it with octavia-diskimage-create.sh and upload it with --tag amphora --project service before creating load balancers'`,
  ];
}

/** A controller's health-manager port on lb-mgmt-net, plugged into br-int as o-hm0. */
function healthManagerPortCommands(node: DesignNode, address: string): string[] {
  const port = `octavia-hm-${node.hostname}`;
  return [
    `${OS} port show ${port} >/dev/null 2>&1 || ${OS} port create --project service --network lb-mgmt-net --fixed-ip subnet=lb-mgmt-subnet,ip-address=${address} --security-group lb-health-mgr-sec-grp --device-owner Octavia:health-mgr --host ${node.hostname} ${port}`,
    `${AS_ADMIN} PORT_ID=$(openstack port show ${port} -f value -c id) && MAC=$(openstack port show ${port} -f value -c mac_address) && ovs-vsctl --may-exist add-port br-int o-hm0 -- set Interface o-hm0 type=internal external-ids:iface-status=active external-ids:attached-mac=$MAC external-ids:iface-id=$PORT_ID external-ids:skip_cleanup=true`,
  ];
}

export function addOctaviaPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (ctx.design.options.lbaas !== 'octavia' || c.nodes.length === 0 || ctx.compute.nodes.length === 0)
    return;
  const p = optionalProfile(ctx.distro.family).octavia;
  const first = c.nodes.slice(0, 1);
  b.enter('octavia');
  b.add({
    id: 'octavia.database',
    title: 'Octavia database and user',
    why: 'Created once; Galera replicates it to every database node.',
    guide: GUIDE.install('Octavia: prerequisites'),
    selector: b.selector('first', ctx.database.role),
    nodes: ctx.database.nodes.slice(0, 1),
    mode: 'one',
    actions: [createDatabase('octavia')],
    guard: databaseCreatedGuard('octavia'),
  });
  b.add({
    id: 'octavia.register',
    title: 'Octavia user, endpoints, amphora flavor, security groups and lb-mgmt-net',
    why: 'Amphorae are instances in the service project on lb-mgmt-net; the controllers talk to them over it (REST on 9443, heartbeats on UDP 5555).',
    guide: GUIDE.install('Octavia: install and configure'),
    selector: b.selector('first', c.role),
    nodes: first,
    mode: 'one',
    actions: [
      ...registerService(
        ctx,
        'octavia',
        'load-balancer',
        'OpenStack Octavia',
        `http://${ctx.endpointHost('octavia')}:${OCTAVIA_API_PORT}`,
      ).map((x) => run(x)),
      ...resourceCommands().map((x) => run(x)),
    ],
    guard: [
      registeredGuard('octavia', 'load-balancer'),
      ...[
        `flavor show ${OCTAVIA_FLAVOR_ID}`,
        'security group show lb-mgmt-sec-grp',
        'security group show lb-health-mgr-sec-grp',
        'network show lb-mgmt-net',
        'subnet show lb-mgmt-subnet',
      ].map((show) => `openstack ${show} >/dev/null 2>&1`),
    ].join(' && '),
  });
  b.perNode('octavia.install', c.nodes, (node) => {
    const plumbed =
      ctx.network.nodes.some((n) => n.id === node.id) || ctx.compute.nodes.some((n) => n.id === node.id);
    const address = healthManagerAddress(ctx, node);
    return {
      title: `Octavia on ${node.hostname}: octavia.conf, CAs, health-manager port ${address}`,
      why: 'API, worker, health manager and housekeeping run on every controller; the health manager fails over amphorae that stop sending heartbeats. The port needs the Neutron agent on br-int here.',
      guide: GUIDE.install('Octavia: install and configure'),
      actions: [
        ...(plumbed ? [] : agentActions(ctx, node, 'compute')),
        run(installPackages(ctx, p.packages)),
        write(OCTAVIA_CONF, renderOctaviaConfig(ctx, node), '0640', 'root', 'octavia'),
        run(
          `${AS_ADMIN} NET=$(openstack network show lb-mgmt-net -f value -c id) && SG=$(openstack security group show lb-mgmt-sec-grp -f value -c id) && sed -i -E "s/^amp_boot_network_list = .*/amp_boot_network_list = $NET/; s/^amp_secgroup_list = .*/amp_secgroup_list = $SG/" /etc/octavia/octavia.conf`,
        ),
        run(`install -d -o octavia -g octavia -m 0700 ${OCTAVIA_CERTS} ${OCTAVIA_CERTS}/private`),
        run(
          `test -s ${OCTAVIA_CERTS}/private/client.cert-and-key.pem || { ${[...octaviaCaCommands('server'), ...octaviaCaCommands('client'), ...octaviaClientCertCommands(node)].join(' && ')}; }`,
        ),
        ...healthManagerPortCommands(node, address).map((x) => run(x)),
        write('/usr/local/sbin/quorum-octavia-hm0', renderHealthManagerInterfaceScript(ctx, node), '0755'),
        write('/etc/systemd/system/quorum-octavia-hm0.service', renderHealthManagerInterfaceUnit()),
        run(
          'systemctl daemon-reload && systemctl enable quorum-octavia-hm0 && systemctl restart quorum-octavia-hm0',
        ),
      ],
    };
  });
  b.add({
    id: 'octavia.db-sync',
    title: 'Octavia database schema',
    why: 'Once, on one controller.',
    guide: GUIDE.install('Octavia: finalize the installation'),
    selector: b.selector('first', c.role),
    nodes: first,
    mode: 'one',
    actions: [run(`octavia-db-manage --config-file ${OCTAVIA_CONF} upgrade head`)],
    // Alembic marks the current revision "(head)" when no migration is left.
    guard: `octavia-db-manage --config-file ${OCTAVIA_CONF} current 2>/dev/null | grep -q '(head)'`,
  });
  b.add({
    id: 'octavia.start',
    title: 'Start the Octavia services on every controller',
    why: 'Active/active: the API behind the VIP, workers and health managers on every controller share the work through RabbitMQ and the database.',
    guide: GUIDE.install('Octavia: finalize the installation'),
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: [...restart(p.services), run(`systemctl enable ${p.services.join(' ')}`)],
    guard: startGuard([...restart(p.services), run(`systemctl enable ${p.services.join(' ')}`)], p.services, [
      OCTAVIA_CONF,
    ]),
  });
  b.add({
    id: 'octavia.verify',
    title: 'The load-balancer API answers through the VIP',
    why: 'Lists the providers through Keystone, HAProxy and the API.',
    guide: GUIDE.install('Octavia: verify operation'),
    selector: b.selector('first', c.role),
    nodes: first,
    mode: 'one',
    actions: [
      check(
        `${OS} loadbalancer provider list -f value -c name`,
        { kind: 'stdout-contains', text: 'amphora' },
        'the amphora provider is listed',
        { attempts: 15, intervalMs: 2000 },
      ),
    ],
  });
}
