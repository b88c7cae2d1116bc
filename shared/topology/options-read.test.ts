/**
 * "Every option is read": for each option of the schema, compiling a design with one value and with
 * another changes the plan (a step, a command or a rendered file), unless the option is declared
 * design-only with a reason (DESIGN_ONLY_OPTIONS). An option that is neither fails here.
 */
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { Options, type Design } from '../design/schema';
import { compilePlan } from '../plan/compile';
import { templateDesigns } from '../plan/fixtures/designs';
import { DESIGN_ONLY_OPTIONS } from './design-only';

type Template = 'book-complete' | 'ha-guide-reference' | 'field-report' | 'dvr';
type Change = (o: Design['options'], d: Design) => void;
interface Probe {
  on: Template;
  a: Change;
  b: Change;
}

/** Two values of each option, on a template where the option matters. */
const PROBES: Record<string, Probe> = {
  database: {
    on: 'ha-guide-reference',
    a: (o) => (o.database = 'galera-haproxy'),
    b: (o) => (o.database = 'galera-pacemaker'),
  },
  arbitrator: {
    on: 'field-report',
    a: (o) => (o.arbitrator = { mode: 'none' }),
    b: (o) => (o.arbitrator = { mode: 'node', node: 'tiebreaker' }),
  },
  messaging: {
    on: 'ha-guide-reference',
    a: (o) => (o.messaging = { mode: 'quorum-queues' }),
    b: (o) => (o.messaging = { mode: 'mirrored', haMode: 'all' }),
  },
  loadBalancer: {
    on: 'ha-guide-reference',
    a: (o) => (o.loadBalancer = 'haproxy-keepalived'),
    b: (o) => (o.loadBalancer = 'pacemaker-haproxy'),
  },
  neutron: { on: 'ha-guide-reference', a: (o) => (o.neutron = 'ovs-l3ha'), b: (o) => (o.neutron = 'ovn') },
  'storage.images': {
    on: 'book-complete',
    a: (o) => (o.storage = { ...o.storage, images: 'gluster' }),
    b: (o) => (o.storage = { ...o.storage, images: 'ceph' }),
  },
  'storage.volumes': {
    on: 'book-complete',
    a: (o) => (o.storage = { ...o.storage, volumes: 'ceph' }),
    b: (o) => (o.storage = { ...o.storage, volumes: 'lvm' }),
  },
  'storage.instances': {
    on: 'book-complete',
    a: (o) => (o.storage = { ...o.storage, instances: 'ceph' }),
    b: (o) => (o.storage = { ...o.storage, instances: 'local' }),
  },
  memcached: { on: 'ha-guide-reference', a: (o) => (o.memcached = 'all'), b: (o) => (o.memcached = 'local') },
  fencing: { on: 'field-report', a: (o) => (o.fencing = 'none'), b: (o) => (o.fencing = 'ipmi') },
  maxL3AgentsPerRouter: {
    on: 'book-complete',
    a: (o) => (o.maxL3AgentsPerRouter = 1),
    b: (o) => (o.maxL3AgentsPerRouter = 2),
  },
  dhcpAgentsPerNetwork: {
    on: 'book-complete',
    a: (o) => (o.dhcpAgentsPerNetwork = 3),
    b: (o) => (o.dhcpAgentsPerNetwork = 2),
  },
  tenantNetworkType: {
    on: 'book-complete',
    a: (o) => (o.tenantNetworkType = 'gre'),
    b: (o) => (o.tenantNetworkType = 'vxlan'),
  },
  l2Population: {
    on: 'book-complete',
    a: (o) => (o.l2Population = false),
    b: (o) => (o.l2Population = true),
  },
  cephPoolSize: { on: 'book-complete', a: (o) => (o.cephPoolSize = 2), b: (o) => (o.cephPoolSize = 3) },
  'gluster.replica': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, replica: 3 }),
    b: (o) => (o.gluster = { ...o.gluster!, replica: 1 }),
  },
  'gluster.serverQuorum': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, serverQuorum: true }),
    b: (o) => (o.gluster = { ...o.gluster!, serverQuorum: false }),
  },
  'gluster.clientQuorum': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, clientQuorum: true }),
    b: (o) => (o.gluster = { ...o.gluster!, clientQuorum: false }),
  },
  'gluster.serverQuorumRatio': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, serverQuorumRatio: 51 }),
    b: (o) => (o.gluster = { ...o.gluster!, serverQuorumRatio: 67 }),
  },
  'gluster.geoReplication': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, geoReplication: { secondaryHost: 'dr1.example.net' } }),
    b: (o) => (o.gluster = { ...o.gluster!, geoReplication: undefined }),
  },
  'gluster.geoReplication.secondaryHost': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, geoReplication: { secondaryHost: 'dr1.example.net' } }),
    b: (o) => (o.gluster = { ...o.gluster!, geoReplication: { secondaryHost: 'dr2.example.net' } }),
  },
  'gluster.geoReplication.secondaryVolume': {
    on: 'book-complete',
    a: (o) => (o.gluster = { ...o.gluster!, geoReplication: { secondaryHost: 'dr1.example.net' } }),
    b: (o) =>
      (o.gluster = {
        ...o.gluster!,
        geoReplication: { secondaryHost: 'dr1.example.net', secondaryVolume: 'dr' },
      }),
  },
  'swift.partPower': {
    on: 'book-complete',
    a: (o) => (o.swift = { ...o.swift, partPower: 10 }),
    b: (o) => (o.swift = { ...o.swift, partPower: 12 }),
  },
  'swift.replicas': {
    on: 'book-complete',
    a: (o) => (o.swift = { ...o.swift, replicas: 3 }),
    b: (o) => (o.swift = { ...o.swift, replicas: 2 }),
  },
  'swift.devices': {
    on: 'book-complete',
    a: (o) => (o.swift = { ...o.swift, devices: ['sdb'] }),
    b: (o) => (o.swift = { ...o.swift, devices: ['sdb', 'sdc'] }),
  },
  lbaas: { on: 'book-complete', a: (o) => (o.lbaas = 'octavia'), b: (o) => (o.lbaas = 'none') },
  telemetry: { on: 'book-complete', a: (o) => (o.telemetry = 'gnocchi'), b: (o) => (o.telemetry = 'none') },
  metrics: { on: 'book-complete', a: (o) => (o.metrics = 'graphite'), b: (o) => (o.metrics = 'none') },
  logging: { on: 'book-complete', a: (o) => (o.logging = 'rsyslog'), b: (o) => (o.logging = 'none') },
  'cluster.twoNode': {
    on: 'field-report',
    a: (o) => (o.cluster = { twoNode: true, noQuorumPolicy: 'stop' }),
    b: (o) => (o.cluster = { twoNode: false, noQuorumPolicy: 'stop' }),
  },
  'cluster.noQuorumPolicy': {
    on: 'field-report',
    a: (o) => (o.cluster = { twoNode: true, noQuorumPolicy: 'stop' }),
    b: (o) => (o.cluster = { twoNode: true, noQuorumPolicy: 'freeze' }),
  },
};

interface Wrapped {
  def?: { innerType?: z.ZodType };
  shape?: Record<string, z.ZodType>;
}

/** Option paths of the schema: top-level keys and the fields of nested objects (optional/default unwrapped). */
function optionPaths(shape: Record<string, z.ZodType>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    let s = schema as unknown as Wrapped;
    while (s.def?.innerType) s = s.def.innerType as unknown as Wrapped;
    const path = `${prefix}${key}`;
    // An object's fields are probed one by one; geoReplication is also probed as a whole (on/off).
    if (!s.shape || path === 'gluster.geoReplication') out.push(path);
    if (s.shape) out.push(...optionPaths(s.shape, `${path}.`));
  }
  return out;
}

const variant = (base: Design, change: Change): Design => {
  const d = structuredClone(base);
  change(d.options, d);
  return d;
};

describe('every option is read', () => {
  const templates = templateDesigns();
  const paths = optionPaths(Options.shape as unknown as Record<string, z.ZodType>);

  test('every option of the schema is probed here or declared design-only', () => {
    const missing = paths.filter((p) => !(p in PROBES) && !(p in DESIGN_ONLY_OPTIONS));
    expect(missing).toEqual([]);
    expect(Object.keys(PROBES).filter((p) => !paths.includes(p))).toEqual([]);
  });

  test.each(Object.entries(PROBES))('%s changes the plan', (_path, probe) => {
    const base = templates[probe.on]!;
    const a = JSON.stringify(compilePlan(variant(base, probe.a)).steps);
    const b = JSON.stringify(compilePlan(variant(base, probe.b)).steps);
    expect(a).not.toBe(b);
  });
});
