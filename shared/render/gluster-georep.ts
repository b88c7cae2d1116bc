/**
 * GlusterFS geo-replication (book ch. 8 "Geo-replication", updated for GlusterFS 10/11): asynchronous,
 * incremental copies of every volume to a volume of a remote site, over SSH as root. Commands for the
 * session and for the recovery procedures (faulty session, failover to the secondary, failback).
 */
import type { Topology } from '../topology';
import { glusterVolumes } from './storage';

/** One geo-replication session: a primary volume and its `HOST::VOLUME` secondary. */
export interface GeoReplicationSession {
  volume: string;
  secondaryHost: string;
  secondaryVolume: string;
  /** `gluster volume geo-replication PRIMARY HOST::VOLUME` (append a sub-command). */
  prefix: string;
}

/** The sessions the design asks for (one per GlusterFS volume), or none. */
export function geoReplicationSessions(ctx: Topology): GeoReplicationSession[] {
  const geo = ctx.design.options.gluster?.geoReplication;
  if (!geo || !ctx.facts.gluster.used || ctx.gluster.nodes.length === 0) return [];
  return glusterVolumes(ctx).map((v) => {
    const secondaryVolume = geo.secondaryVolume ?? v.name;
    return {
      volume: v.name,
      secondaryHost: geo.secondaryHost,
      secondaryVolume,
      prefix: `gluster volume geo-replication ${v.name} ${geo.secondaryHost}::${secondaryVolume}`,
    };
  });
}

/** Packages geo-replication needs on the primary nodes (gsyncd and rsync). */
export function geoReplicationPackages(ctx: Topology): string[] {
  if (ctx.distro.family === 'rhel') return ['glusterfs-geo-replication', 'rsync'];
  if (ctx.distro.family === 'suse') return ['glusterfs', 'rsync'];
  // Debian ships gsyncd in glusterfs-common, a dependency of glusterfs-server.
  return ['glusterfs-server', 'rsync'];
}

/** `ssh` as geo-replication uses it: root, keys only, host key learnt on first use. */
export function secondarySsh(host: string, command: string): string {
  return `ssh -o BatchMode=yes -o ConnectTimeout=10 -o StrictHostKeyChecking=accept-new root@${host} '${command}'`;
}

/** Commands that create, configure and start one session (run on the first gluster node). */
export function geoReplicationCommands(session: GeoReplicationSession): string[] {
  const p = session.prefix;
  return [
    // gsec_create makes a key pair on every primary node and collects the public keys (common_secret.pem.pub).
    'gluster system:: execute gsec_create',
    // push-pem installs those keys on every secondary node (through the root SSH login that exists already).
    `gluster volume geo-replication ${session.volume} status 2>/dev/null | grep -q '${session.secondaryHost}' || ${p} create push-pem`,
    // The meta volume lets the workers of a replica set agree which one is Active (no double sync).
    `${p} config use_meta_volume true`,
    `${p} status | grep -qE ' (Active|Passive|Initializing)' || ${p} start`,
  ];
}
