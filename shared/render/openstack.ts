/**
 * OpenStack service configuration: keystone, glance, placement, nova (controller and compute), cinder and
 * Horizon. Every service reaches the database and its peers through the VIPs, RabbitMQ through the full
 * broker list, and binds its API to the node's own address (HAProxy holds the VIP's port).
 */
import { RELEASES } from '../design/schema';
import type { DesignNode } from '../design/schema';
import { type OpenStackService, type OptionalDatabase, type ServiceUser, SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';
import { type IniDocument, renderIni } from './ini';
import { osloMessagingRabbit, transportUrl } from '../services/rabbitmq/render';
import { memcachedServers } from '../services/memcached/render';

/** `mysql+pymysql://user:…@db-vip/db`. */
export function databaseUrl(
  ctx: Topology,
  service: OpenStackService | OptionalDatabase,
  database: string = service,
): string {
  return `mysql+pymysql://${service}:${ref(SECRET.dbPassword(service))}@${ctx.endpointHost('database')}/${database}`;
}

/** The Keystone endpoint every service authenticates against. */
export function keystoneUrl(ctx: Topology): string {
  return `http://${ctx.endpointHost('keystone')}:5000`;
}

/** `[keystone_authtoken]` (or another auth section) for a service user. */
export function authSection(
  ctx: Topology,
  user: Exclude<ServiceUser, 'keystone'>,
  withMemcache = true,
): Record<string, string> {
  return {
    ...(withMemcache ? { www_authenticate_uri: keystoneUrl(ctx) } : {}),
    auth_url: keystoneUrl(ctx),
    ...(withMemcache ? { memcached_servers: memcachedServers(ctx) } : {}),
    auth_type: 'password',
    project_domain_name: 'Default',
    user_domain_name: 'Default',
    region_name: 'RegionOne',
    project_name: 'service',
    username: user,
    password: ref(SECRET.servicePassword(user)),
  };
}

/** Whether the design's release is at least `release`. */
export function releaseAtLeast(ctx: Topology, release: (typeof RELEASES)[number]): boolean {
  return RELEASES.indexOf(ctx.design.release) >= RELEASES.indexOf(release);
}

/** keystone.conf. */
export function renderKeystoneConfig(ctx: Topology): string {
  return renderIni({
    DEFAULT: {},
    database: { connection: databaseUrl(ctx, 'keystone') },
    token: { provider: 'fernet' },
    cache: { enabled: 'true', backend: 'oslo_cache.memcache_pool', memcache_servers: memcachedServers(ctx) },
  });
}

/** glance-api.conf: the image store follows the storage option (RBD pool `images`, or files). */
export function renderGlanceConfig(ctx: Topology, node: DesignNode): string {
  const ceph = ctx.design.options.storage.images === 'ceph';
  const doc: IniDocument = {
    DEFAULT: {
      bind_host: ctx.address(node),
      bind_port: '9292',
      transport_url: transportUrl(ctx),
      enabled_backends: ceph ? 'rbd:rbd' : 'file:file',
    },
    database: { connection: databaseUrl(ctx, 'glance') },
    keystone_authtoken: authSection(ctx, 'glance'),
    paste_deploy: { flavor: 'keystone' },
    glance_store: { default_backend: ceph ? 'rbd' : 'file' },
    oslo_messaging_rabbit: osloMessagingRabbit(ctx),
  };
  if (ceph) {
    doc.rbd = {
      rbd_store_pool: 'images',
      rbd_store_user: 'glance',
      rbd_store_ceph_conf: '/etc/ceph/ceph.conf',
      rbd_store_chunk_size: '8',
    };
  } else {
    // Gluster/NFS are mounted here by the storage phase, so every controller sees the same images.
    doc.file = { filesystem_store_datadir: '/var/lib/glance/images/' };
  }
  return renderIni(doc);
}

/** placement.conf. */
export function renderPlacementConfig(ctx: Topology): string {
  return renderIni({
    placement_database: { connection: databaseUrl(ctx, 'placement') },
    api: { auth_strategy: 'keystone' },
    keystone_authtoken: authSection(ctx, 'placement'),
  });
}

function novaCommon(ctx: Topology, node: DesignNode): IniDocument {
  return {
    DEFAULT: { my_ip: ctx.address(node), transport_url: transportUrl(ctx) },
    api: { auth_strategy: 'keystone' },
    keystone_authtoken: authSection(ctx, 'nova'),
    service_user: { send_service_user_token: 'true', ...authSection(ctx, 'nova', false) },
    glance: {},
    oslo_concurrency: { lock_path: '/var/lib/nova/tmp' },
    placement: authSection(ctx, 'placement', false),
    neutron: authSection(ctx, 'neutron', false),
    oslo_messaging_rabbit: osloMessagingRabbit(ctx),
    cache: { enabled: 'true', backend: 'oslo_cache.memcache_pool', memcache_servers: memcachedServers(ctx) },
  };
}

/** nova.conf of a controller: APIs bound to the node, metadata proxied with the shared secret. */
export function renderNovaControllerConfig(ctx: Topology, node: DesignNode): string {
  const doc = novaCommon(ctx, node);
  const address = ctx.address(node);
  doc.DEFAULT = {
    ...doc.DEFAULT,
    enabled_apis: 'osapi_compute,metadata',
    osapi_compute_listen: address,
    metadata_listen: address,
  };
  doc.api_database = { connection: databaseUrl(ctx, 'nova', 'nova_api') };
  doc.database = { connection: databaseUrl(ctx, 'nova') };
  doc.vnc = {
    enabled: 'true',
    server_listen: address,
    server_proxyclient_address: address,
    novncproxy_host: address,
  };
  doc.neutron = {
    ...doc.neutron,
    service_metadata_proxy: 'true',
    metadata_proxy_shared_secret: ref(SECRET.metadata),
  };
  return renderIni(doc);
}

/** nova.conf of a compute node (RBD-backed instances when the storage option says so). */
export function renderNovaComputeConfig(ctx: Topology, node: DesignNode): string {
  const doc = novaCommon(ctx, node);
  const address = ctx.address(node);
  doc.vnc = {
    enabled: 'true',
    server_listen: '0.0.0.0',
    server_proxyclient_address: address,
    novncproxy_base_url: `http://${ctx.endpointHost('nova')}:6080/vnc_auto.html`,
  };
  doc.libvirt =
    ctx.design.options.storage.instances === 'ceph'
      ? {
          images_type: 'rbd',
          images_rbd_pool: 'vms',
          images_rbd_ceph_conf: '/etc/ceph/ceph.conf',
          rbd_user: 'cinder',
          rbd_secret_uuid: ref(SECRET.libvirtCephUuid),
        }
      : {
          virt_type: 'kvm',
          // Volumes in Ceph are attached through the same libvirt secret.
          ...(ctx.design.options.storage.volumes === 'ceph'
            ? { rbd_user: 'cinder', rbd_secret_uuid: ref(SECRET.libvirtCephUuid) }
            : {}),
        };
  return renderIni(doc);
}

/** cinder.conf: one backend per the volumes option (RBD pool `volumes`, LVM or NFS). */
export function renderCinderConfig(ctx: Topology, node: DesignNode): string {
  const volumes = ctx.design.options.storage.volumes;
  const backend = volumes === 'none' ? 'lvm' : volumes;
  const doc: IniDocument = {
    DEFAULT: {
      my_ip: ctx.address(node),
      osapi_volume_listen: ctx.address(node),
      transport_url: transportUrl(ctx),
      auth_strategy: 'keystone',
      enabled_backends: backend,
      // All cinder-volume services share one host name so any of them can manage every volume.
      ...(volumes === 'ceph' ? { backend_host: 'rbd:volumes' } : {}),
    },
    database: { connection: databaseUrl(ctx, 'cinder') },
    keystone_authtoken: authSection(ctx, 'cinder'),
    oslo_concurrency: { lock_path: '/var/lib/cinder/tmp' },
    oslo_messaging_rabbit: osloMessagingRabbit(ctx),
  };
  if (backend === 'ceph') {
    doc.ceph = {
      volume_driver: 'cinder.volume.drivers.rbd.RBDDriver',
      volume_backend_name: 'ceph',
      rbd_pool: 'volumes',
      rbd_ceph_conf: '/etc/ceph/ceph.conf',
      rbd_user: 'cinder',
      rbd_secret_uuid: ref(SECRET.libvirtCephUuid),
      rbd_flatten_volume_from_snapshot: 'false',
    };
  } else if (backend === 'nfs') {
    doc.nfs = {
      volume_driver: 'cinder.volume.drivers.nfs.NfsDriver',
      volume_backend_name: 'nfs',
      nfs_shares_config: '/etc/cinder/nfs_shares',
    };
  } else {
    doc.lvm = {
      volume_driver: 'cinder.volume.drivers.lvm.LVMVolumeDriver',
      volume_backend_name: 'lvm',
      volume_group: 'cinder-volumes',
      target_protocol: 'iscsi',
      target_helper: 'lioadm',
    };
  }
  return renderIni(doc);
}

/** Lines appended to Horizon's local settings: Keystone via the VIP, sessions in memcached. */
export function renderHorizonSettings(ctx: Topology): string {
  const servers = memcachedServers(ctx)
    .split(',')
    .map((s) => `'${s}'`)
    .join(', ');
  return [
    `OPENSTACK_HOST = "${ctx.endpointHost('keystone')}"`,
    'OPENSTACK_KEYSTONE_URL = "http://%s:5000/v3" % OPENSTACK_HOST',
    "ALLOWED_HOSTS = ['*']",
    `SECRET_KEY = '${ref(SECRET.horizonKey)}'`,
    "SESSION_ENGINE = 'django.contrib.sessions.backends.cache'",
    'CACHES = {',
    "    'default': {",
    "        'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache',",
    `        'LOCATION': [${servers}],`,
    '    },',
    '}',
    'OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = "Default"',
    '',
  ].join('\n');
}
