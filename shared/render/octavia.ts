/**
 * Octavia, load balancing as a service (the successor of the book's neutron-lbaas, retired upstream):
 * octavia.conf for the API, worker, health manager and housekeeping on every controller, the amphora
 * management network lb-mgmt-net with one fixed health-manager address per controller (port o-hm0 on
 * br-int, as in the Octavia install guide), and the two CAs. The CA keys are generated per project, so
 * every controller derives the same CAs locally and no key travels between nodes.
 */
import type { DesignNode } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';
import { renderIni } from './ini';
import { osloMessagingRabbit, transportUrl } from '../services/rabbitmq/render';
import { authSection, databaseUrl } from './openstack';

/** The amphora management subnet (the install guide's); controllers get .2, .3 … on o-hm0. */
export const OCTAVIA_MGMT_CIDR = '172.16.0.0/22';
/** The API port behind the VIP, and the health manager's UDP heartbeat port. */
export const OCTAVIA_API_PORT = 9876;
export const OCTAVIA_HM_PORT = 5555;
/** Flavor id of the amphorae (a fixed id, so octavia.conf can name it before the flavor exists). */
export const OCTAVIA_FLAVOR_ID = 'quorum-amphora';
/** Where Octavia's certificates live. */
export const OCTAVIA_CERTS = '/etc/octavia/certs';

/** The health-manager address of a controller on lb-mgmt-net. */
export function healthManagerAddress(ctx: Topology, node: DesignNode): string {
  const index = ctx.controllers.nodes.findIndex((n) => n.id === node.id);
  return `172.16.0.${index + 2}`;
}

/** The MTU of lb-mgmt-net: the physical 1500 less the overlay's header. */
export function octaviaMgmtMtu(ctx: Topology): number {
  const type =
    ctx.design.options.tenantNetworkType ?? (ctx.design.options.neutron === 'ovn' ? 'geneve' : 'vxlan');
  return { vxlan: 1450, gre: 1458, geneve: 1442, vlan: 1500 }[type];
}

/** /etc/octavia/octavia.conf of one controller. Network and security group ids are filled in on the node. */
export function renderOctaviaConfig(ctx: Topology, node: DesignNode): string {
  return renderIni({
    DEFAULT: { transport_url: transportUrl(ctx) },
    api_settings: { bind_host: ctx.address(node), bind_port: String(OCTAVIA_API_PORT) },
    database: { connection: databaseUrl(ctx, 'octavia') },
    oslo_messaging: { topic: 'octavia_prov' },
    oslo_messaging_rabbit: osloMessagingRabbit(ctx),
    keystone_authtoken: authSection(ctx, 'octavia'),
    service_auth: authSection(ctx, 'octavia'),
    certificates: {
      cert_generator: 'local_cert_generator',
      ca_certificate: `${OCTAVIA_CERTS}/server_ca.cert.pem`,
      ca_private_key: `${OCTAVIA_CERTS}/private/server_ca.key.pem`,
      ca_private_key_passphrase: ref(SECRET.octaviaCaPassphrase),
      server_certs_key_passphrase: ref(SECRET.octaviaServerCertsPassphrase),
    },
    haproxy_amphora: {
      server_ca: `${OCTAVIA_CERTS}/server_ca.cert.pem`,
      client_cert: `${OCTAVIA_CERTS}/private/client.cert-and-key.pem`,
    },
    health_manager: {
      bind_ip: healthManagerAddress(ctx, node),
      bind_port: String(OCTAVIA_HM_PORT),
      controller_ip_port_list: ctx.controllers.nodes
        .map((n) => `${healthManagerAddress(ctx, n)}:${OCTAVIA_HM_PORT}`)
        .join(', '),
      heartbeat_key: ref(SECRET.octaviaHeartbeatKey),
    },
    controller_worker: {
      client_ca: `${OCTAVIA_CERTS}/client_ca.cert.pem`,
      amp_image_tag: 'amphora',
      amp_flavor_id: OCTAVIA_FLAVOR_ID,
      // Replaced by the ids of lb-mgmt-sec-grp and lb-mgmt-net on each controller (see octavia.install).
      amp_secgroup_list: 'LB_MGMT_SEC_GRP',
      amp_boot_network_list: 'LB_MGMT_NET',
      network_driver: 'allowed_address_pairs_driver',
      compute_driver: 'compute_nova_driver',
      amphora_driver: 'amphora_haproxy_rest_driver',
      // Two amphorae per load balancer with VRRP between them: a compute failure does not take it down.
      loadbalancer_topology: 'ACTIVE_STANDBY',
    },
    oslo_concurrency: { lock_path: '/var/lib/octavia/tmp' },
  });
}

/**
 * Shell commands that write a CA's key (from its per-project P-256 scalar, encrypted with the CA
 * passphrase) and its self-signed certificate. Every controller gets the same key, so certificates
 * signed on one controller verify on all.
 */
export function octaviaCaCommands(ca: 'server' | 'client'): string[] {
  const key = `${OCTAVIA_CERTS}/private/${ca}_ca.key.pem`;
  const pass = ref(SECRET.octaviaCaPassphrase);
  // DER of an ECPrivateKey (RFC 5915) on prime256v1: version 1, the 32-byte scalar, the curve's OID.
  const der = `3031020101 0420${ref(SECRET.octaviaCaKey(ca))} a00a06082a8648ce3d030107`;
  return [
    `python3 -c "import binascii,sys; sys.stdout.buffer.write(binascii.unhexlify(sys.argv[1].replace(' ','')))" '${der}' | openssl ec -inform DER -aes256 -passout 'pass:${pass}' -out ${key}`,
    `openssl req -x509 -new -key ${key} -passin 'pass:${pass}' -sha256 -days 3650 -subj '/O=Quorum/CN=octavia-${ca}-ca' -out ${OCTAVIA_CERTS}/${ca}_ca.cert.pem`,
  ];
}

/** Commands that make this controller's client certificate (the worker's identity towards amphorae). */
export function octaviaClientCertCommands(node: DesignNode): string[] {
  const c = OCTAVIA_CERTS;
  const pass = ref(SECRET.octaviaCaPassphrase);
  return [
    `openssl ecparam -name prime256v1 -genkey -noout -out ${c}/private/client.key.pem`,
    `openssl req -new -key ${c}/private/client.key.pem -subj '/O=Quorum/CN=octavia-${node.hostname}' -out ${c}/client.csr.pem`,
    `openssl x509 -req -in ${c}/client.csr.pem -CA ${c}/client_ca.cert.pem -CAkey ${c}/private/client_ca.key.pem -passin 'pass:${pass}' -CAcreateserial -days 3650 -sha256 -out ${c}/client.cert.pem`,
    `cat ${c}/client.cert.pem ${c}/private/client.key.pem > ${c}/private/client.cert-and-key.pem`,
    `chown -R octavia:octavia ${c} && chmod 0700 ${c}/private && chmod 0600 ${c}/private/*`,
  ];
}

/** The script that brings up o-hm0 with its port's MAC and the controller's fixed address (at boot too). */
export function renderHealthManagerInterfaceScript(ctx: Topology, node: DesignNode): string {
  const prefix = OCTAVIA_MGMT_CIDR.split('/')[1];
  return [
    '#!/bin/sh',
    "# Written by Quorum: the Octavia health manager's leg on lb-mgmt-net (a port on br-int).",
    'set -e',
    "MAC=$(ovs-vsctl get Interface o-hm0 external-ids:attached-mac | tr -d '\"')",
    'ip link set dev o-hm0 address "$MAC"',
    `ip link set dev o-hm0 mtu ${octaviaMgmtMtu(ctx)}`,
    `ip addr replace ${healthManagerAddress(ctx, node)}/${prefix} dev o-hm0`,
    'ip link set dev o-hm0 up',
    '',
  ].join('\n');
}

/** The oneshot unit that runs the script after Open vSwitch and before the health manager. */
export function renderHealthManagerInterfaceUnit(): string {
  return [
    '# Written by Quorum.',
    '[Unit]',
    'Description=Octavia health-manager interface o-hm0',
    'After=network-online.target openvswitch-switch.service openvswitch.service',
    'Before=octavia-health-manager.service openstack-octavia-health-manager.service',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'ExecStart=/usr/local/sbin/quorum-octavia-hm0',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
