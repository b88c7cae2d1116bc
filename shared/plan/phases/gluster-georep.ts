/** GlusterFS geo-replication to a secondary site (book ch. 8), after the volumes exist and are mounted. */
import {
  geoReplicationCommands,
  geoReplicationPackages,
  geoReplicationSessions,
  secondarySsh,
} from '../../render/gluster-georep';
import { GUIDE, type PlanBuilder, check, run } from '../builder';
import { effectsGuard } from '../guards';
import { installPackages } from './services';

export function addGlusterGeoReplication(b: PlanBuilder): void {
  const { ctx } = b;
  const sessions = geoReplicationSessions(ctx);
  if (sessions.length === 0) return;
  const g = ctx.gluster;
  const first = g.nodes.slice(0, 1);
  const host = sessions[0]!.secondaryHost;
  b.add({
    id: 'gluster.georep-prepare',
    title: 'Geo-replication prerequisites: gsyncd and rsync on every Gluster node',
    why: 'Geo-replication copies changes asynchronously to another site, so a site loss keeps a recent copy. Its workers coordinate through the shared meta volume; the session is set up over SSH as root to the secondary, which must already serve the secondary volumes.',
    guide: GUIDE.book('Creating geo-replication sessions'),
    selector: b.selector('role', g.role),
    nodes: g.nodes,
    actions: [run(installPackages(ctx, geoReplicationPackages(ctx)))],
    guard: effectsGuard([run(installPackages(ctx, geoReplicationPackages(ctx)))]),
  });
  b.add({
    id: 'gluster.georep-secondary',
    title: `The shared meta volume; the secondary ${host} answers over SSH and serves its volumes`,
    why: 'push-pem needs a working root SSH login from this node to the secondary (keys only); the secondary volume must exist and be started there.',
    guide: GUIDE.book('Creating geo-replication sessions'),
    selector: b.selector('first', g.role),
    nodes: first,
    mode: 'one',
    actions: [
      run(
        'gluster volume info gluster_shared_storage >/dev/null 2>&1 || gluster volume set all cluster.enable-shared-storage enable',
      ),
      ...sessions.map((s) =>
        check(
          secondarySsh(s.secondaryHost, `gluster volume info ${s.secondaryVolume}`),
          { kind: 'stdout-contains', text: 'Status: Started' },
          `${s.secondaryHost}::${s.secondaryVolume} is started`,
          { attempts: 3, intervalMs: 5000 },
        ),
      ),
    ],
    guard: 'gluster volume info gluster_shared_storage >/dev/null 2>&1',
  });
  for (const session of sessions) {
    b.add({
      id: `gluster.georep-${session.volume}`,
      title: `Geo-replication ${session.volume} → ${session.secondaryHost}::${session.secondaryVolume}`,
      why: 'One session per volume: every primary brick has a worker; one per replica set is Active and syncs (changelog crawl, rsync), the others stay Passive and take over if it fails.',
      guide: GUIDE.book('Starting geo-replication'),
      selector: b.selector('first', g.role),
      nodes: first,
      mode: 'one',
      actions: [
        ...geoReplicationCommands(session).map((c) => run(c)),
        check(
          `${session.prefix} status | grep -cE ' (Active|Passive) '`,
          { kind: 'stdout-equals', text: String(g.nodes.length) },
          'a worker per brick, Active or Passive (not Faulty)',
          { attempts: 60, intervalMs: 5000 },
        ),
      ],
      // The session uses the meta volume and has a healthy worker per brick.
      guard: [
        `[ "$(${session.prefix} config use_meta_volume 2>/dev/null)" = true ]`,
        `[ "$(${session.prefix} status 2>/dev/null | grep -cE ' (Active|Passive) ')" = ${g.nodes.length} ]`,
      ].join(' && '),
    });
  }
}
