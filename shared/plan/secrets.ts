/**
 * The secrets a plan refers to, by name. Values are generated per project by the backend (from random
 * bytes it supplies to `secretValue`) and never appear in a plan, a design file or an exported runbook
 * unless the user asks for them.
 */
import { type SecretSpec, secretRef } from './types';

/** OpenStack services that get a database and a service user of their own. */
export const OPENSTACK_SERVICES = ['keystone', 'glance', 'placement', 'nova', 'neutron', 'cinder'] as const;
export type OpenStackService = (typeof OPENSTACK_SERVICES)[number];

/**
 * Services added by options (Swift, Octavia, telemetry). Kept apart from OPENSTACK_SERVICES so designs
 * without them get the same database script as before; their databases are created by their own steps.
 */
export const OPTIONAL_SERVICES = ['swift', 'octavia', 'ceilometer', 'gnocchi'] as const;
export type OptionalService = (typeof OPTIONAL_SERVICES)[number];
/** Any service with a Keystone user of its own. */
export type ServiceUser = OpenStackService | OptionalService;
/** Optional services that have a database. */
export type OptionalDatabase = 'octavia' | 'gnocchi';

/** Secret names, in one place so renderers and steps cannot drift apart. */
export const SECRET = {
  mariadbRoot: 'mariadb_root',
  clustercheck: 'galera_clustercheck',
  rabbitmq: 'rabbitmq_openstack',
  erlangCookie: 'rabbitmq_erlang_cookie',
  corosyncAuthkey: 'corosync_authkey',
  pacemakerHacluster: 'pacemaker_hacluster',
  metadata: 'neutron_metadata_secret',
  keepalived: 'keepalived_auth',
  haproxyStats: 'haproxy_stats',
  keystoneAdmin: 'keystone_admin',
  horizonKey: 'horizon_secret_key',
  ipmi: 'ipmi_password',
  cephFsid: 'ceph_fsid',
  libvirtCephUuid: 'libvirt_ceph_secret_uuid',
  fernet: (kind: 'fernet' | 'credential', index: 0 | 1) => `keystone_${kind}_key_${index}`,
  cephKey: (entity: 'mon' | 'admin' | 'bootstrap_osd' | 'glance' | 'cinder') => `ceph_key_${entity}`,
  dbPassword: (service: OpenStackService | OptionalDatabase) => `db_${service}`,
  servicePassword: (service: ServiceUser) => `service_${service}`,
  swiftHashPrefix: 'swift_hash_path_prefix',
  swiftHashSuffix: 'swift_hash_path_suffix',
  octaviaCaPassphrase: 'octavia_ca_passphrase',
  octaviaHeartbeatKey: 'octavia_heartbeat_key',
  octaviaServerCertsPassphrase: 'octavia_server_certs_passphrase',
  octaviaCaKey: (ca: 'server' | 'client') => `octavia_${ca}_ca_key`,
} as const;

/** `{{secret:NAME}}` for one of the names above. */
export const ref = secretRef;

/** Every secret a design's plan may refer to (the compiler keeps only the ones its steps use). */
export function allSecretSpecs(): SecretSpec[] {
  const specs: SecretSpec[] = [
    { name: SECRET.mariadbRoot, description: 'MariaDB root password', kind: 'password', length: 24 },
    {
      name: SECRET.clustercheck,
      description: 'Password of the clustercheck monitoring user',
      kind: 'password',
      length: 24,
    },
    { name: SECRET.rabbitmq, description: 'RabbitMQ user "openstack"', kind: 'password', length: 24 },
    {
      name: SECRET.erlangCookie,
      description: 'Erlang cookie shared by all RabbitMQ nodes (uppercase letters)',
      kind: 'erlang-cookie',
      length: 20,
    },
    {
      name: SECRET.corosyncAuthkey,
      description: 'Corosync authkey: 128 random bytes, base64-encoded (decoded when written)',
      kind: 'corosync-authkey',
      length: 128,
    },
    {
      name: SECRET.pacemakerHacluster,
      description: 'Password of the hacluster user (pcs authentication)',
      kind: 'password',
      length: 24,
    },
    {
      name: SECRET.metadata,
      description: 'Shared secret between nova and the neutron metadata agent',
      kind: 'hex',
      length: 32,
    },
    {
      name: SECRET.keepalived,
      description: 'VRRP authentication (keepalived uses at most 8 characters)',
      kind: 'password',
      length: 8,
    },
    {
      name: SECRET.haproxyStats,
      description: 'HAProxy statistics page, user "admin"',
      kind: 'password',
      length: 16,
    },
    { name: SECRET.keystoneAdmin, description: 'Keystone user "admin"', kind: 'password', length: 24 },
    {
      name: SECRET.ipmi,
      description: 'IPMI password of the fencing devices (user "admin")',
      kind: 'password',
      length: 16,
    },
    { name: SECRET.horizonKey, description: 'Django SECRET_KEY of Horizon', kind: 'token', length: 48 },
  ];
  specs.push({ name: SECRET.cephFsid, description: 'Ceph cluster fsid', kind: 'uuid', length: 16 });
  specs.push({
    name: SECRET.libvirtCephUuid,
    description: 'UUID of the libvirt secret holding the cinder cephx key',
    kind: 'uuid',
    length: 16,
  });
  for (const kind of ['fernet', 'credential'] as const) {
    for (const index of [0, 1] as const) {
      specs.push({
        name: SECRET.fernet(kind, index),
        description: `Keystone ${kind} key ${index} (the same on every controller)`,
        kind: 'fernet-key',
        length: 32,
      });
    }
  }
  for (const entity of ['mon', 'admin', 'bootstrap_osd', 'glance', 'cinder'] as const) {
    specs.push({
      name: SECRET.cephKey(entity),
      description: `cephx key of ${entity}`,
      kind: 'ceph-key',
      length: 16,
    });
  }
  for (const service of OPENSTACK_SERVICES) {
    specs.push({
      name: SECRET.dbPassword(service),
      description: `MariaDB user "${service}"`,
      kind: 'password',
      length: 24,
    });
    if (service !== 'keystone') {
      specs.push({
        name: SECRET.servicePassword(service),
        description: `Keystone service user "${service}"`,
        kind: 'password',
        length: 24,
      });
    }
  }
  for (const service of OPTIONAL_SERVICES) {
    specs.push({
      name: SECRET.servicePassword(service),
      description: `Keystone service user "${service}"`,
      kind: 'password',
      length: 24,
    });
  }
  for (const service of ['octavia', 'gnocchi'] as const) {
    specs.push({
      name: SECRET.dbPassword(service),
      description: `MariaDB user "${service}"`,
      kind: 'password',
      length: 24,
    });
  }
  specs.push(
    {
      name: SECRET.swiftHashPrefix,
      description: 'Swift swift_hash_path_prefix (the same on every Swift node, never changed)',
      kind: 'hex',
      length: 32,
    },
    {
      name: SECRET.swiftHashSuffix,
      description: 'Swift swift_hash_path_suffix (the same on every Swift node, never changed)',
      kind: 'hex',
      length: 32,
    },
    {
      name: SECRET.octaviaCaPassphrase,
      description: 'Passphrase of the Octavia CA private keys',
      kind: 'password',
      length: 24,
    },
    {
      name: SECRET.octaviaServerCertsPassphrase,
      description: 'Octavia server_certs_key_passphrase (exactly 32 characters)',
      kind: 'password',
      length: 32,
    },
    ...(['server', 'client'] as const).map((ca): SecretSpec => ({
      name: SECRET.octaviaCaKey(ca),
      description: `Octavia ${ca} CA: the P-256 private key (hex), the same on every controller`,
      kind: 'hex',
      length: 64,
    })),
    {
      name: SECRET.octaviaHeartbeatKey,
      description: 'Octavia health-manager heartbeat HMAC key',
      kind: 'password',
      length: 24,
    },
  );
  return specs;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/**
 * A secret's value from random bytes (the backend passes at least `spec.length` bytes from a CSPRNG).
 * Passwords use letters and digits only, so they survive shell quoting, INI files and URLs unescaped.
 */
export function secretValue(spec: SecretSpec, random: Uint8Array): string {
  if (random.length < spec.length) throw new Error(`${spec.name}: needs ${spec.length} random bytes`);
  const pick = (alphabet: string) =>
    Array.from(random.subarray(0, spec.length), (byte) => alphabet[byte % alphabet.length]).join('');
  switch (spec.kind) {
    case 'corosync-authkey':
      return base64(random.subarray(0, spec.length));
    case 'fernet-key':
      return base64(random.subarray(0, 32)).replace(/\+/g, '-').replace(/\//g, '_');
    case 'uuid': {
      const b = Array.from(random.subarray(0, 16));
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'ceph-key': {
      // struct CryptoKey: u16 type (1 = AES), utime created (u32 sec, u32 nsec), u16 length, secret.
      const header = new Uint8Array(12);
      header[0] = 1;
      header[10] = 16;
      const key = new Uint8Array(28);
      key.set(header);
      key.set(random.subarray(0, 16), 12);
      return base64(key);
    }
    case 'erlang-cookie':
      return pick(UPPER);
    case 'hex':
      return pick(HEX);
    default:
      return pick(ALNUM);
  }
}
