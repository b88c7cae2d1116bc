/**
 * The database: Galera (bootstrap the first node, join the others one by one, garbd, clustercheck,
 * service databases), Galera under Pacemaker (field report), or the legacy DRBD active/passive MySQL.
 */
import {
  CLUSTERCHECK_PORT,
  galeraConfigPath,
  renderClustercheckCredentials,
  renderClustercheckScript,
  renderClustercheckUnits,
  renderGaleraConfig,
  renderGarbdConfig,
  renderServiceDatabasesSql,
} from '../../render/mariadb';
import { renderDrbdResource } from '../../render/storage';
import { GUIDE, type PlanBuilder, check, enableNow, run, write } from '../builder';
import { effectsGuard } from '../guards';
import { pacemakerConfiguredGuard, pacemakerSubset } from './cluster';

/** `mysql -Nse "SHOW STATUS LIKE 'X'"` → the value column. */
export function wsrepStatus(variable: string): string {
  return `mysql -Nse "SHOW STATUS LIKE '${variable}'" | cut -f2`;
}

const MARK = '/var/lib/quorum';

export function addDatabasePhase(b: PlanBuilder): void {
  const { ctx } = b;
  const db = ctx.database;
  if (db.nodes.length === 0) return;
  const mode = ctx.design.options.database;
  const d = ctx.distro;
  b.enter('database');
  const all = b.selector('role', db.role);
  const first = b.selector('first', db.role);
  const firstNode = db.nodes.slice(0, 1);
  const others = db.nodes.slice(1);
  const size = db.nodes.length;

  if (mode === 'drbd-mysql') {
    addDrbdMysql(b);
    return;
  }
  b.add({
    id: 'galera.packages',
    title: 'Install MariaDB and Galera',
    why: 'Galera replicates every commit synchronously to all nodes, so any node can take over without losing data.',
    guide: GUIDE.ha('Database (Galera Cluster for MySQL): Install'),
    selector: all,
    nodes: db.nodes,
    actions: [
      run(
        `${d.isInstalled} ${d.mariadb.packages.join(' ')} >/dev/null 2>&1 || ${d.install} ${d.mariadb.packages.join(' ')}`,
      ),
      // LAB-NOTES: Debian's mariadb.socket grabs 3306 at boot and breaks Galera recovery and HAProxy.
      run(`systemctl mask mariadb.socket && systemctl stop ${d.mariadb.service} || true`),
      ...(mode === 'galera-pacemaker' ? [run(`systemctl disable ${d.mariadb.service}`)] : []),
    ],
    guard: `${d.isInstalled} ${d.mariadb.packages.join(' ')} >/dev/null 2>&1 && systemctl is-enabled mariadb.socket 2>/dev/null | grep -q masked`,
  });
  b.perNode('galera.config', db.nodes, (node) => {
    const actions = [write(galeraConfigPath(ctx), renderGaleraConfig(ctx, node))];
    return {
      title: `Galera configuration on ${node.hostname}`,
      why: 'Row-based replication, interleaved auto-increment locks and the full member list in gcomm:// are what Galera needs.',
      guide: GUIDE.ha('Database: Configuring MySQL for Galera'),
      actions,
      guard: effectsGuard(actions),
    };
  });
  b.perNode('galera.clustercheck', db.nodes, (node) => {
    const units = renderClustercheckUnits(ctx, node);
    const actions = [
      run('install -d -m 0755 /etc/quorum'),
      write('/usr/local/bin/clustercheck', renderClustercheckScript(ctx), '0755'),
      write('/etc/quorum/clustercheck.cnf', renderClustercheckCredentials(), '0600'),
      write('/etc/systemd/system/clustercheck.socket', units.socket),
      write('/etc/systemd/system/clustercheck@.service', units.service),
      run('systemctl daemon-reload && systemctl enable --now clustercheck.socket'),
    ];
    return {
      title: `clustercheck health endpoint on ${node.hostname}:${CLUSTERCHECK_PORT}`,
      why: 'HAProxy asks clustercheck over HTTP whether this node is Synced; a donor or a node out of the primary component is taken out of rotation.',
      guide: GUIDE.ha('Galera monitoring scripts'),
      actions,
      guard: effectsGuard(actions),
    };
  });
  const synced = check(
    wsrepStatus('wsrep_local_state_comment'),
    { kind: 'stdout-equals', text: 'Synced' },
    'node Synced',
  );
  if (mode === 'galera-haproxy') {
    b.add({
      id: 'galera.bootstrap',
      title: `Bootstrap the cluster on ${firstNode[0]!.hostname}`,
      why: 'Exactly one node starts a new cluster; the others join it. Bootstrapping twice would create two clusters.',
      guide: GUIDE.ha('Database: Start the cluster (galera_new_cluster)'),
      selector: first,
      nodes: firstNode,
      mode: 'one',
      // Enabled like the joiners: packages do not enable it everywhere (RHEL, the lab's golden layer), and
      // this node must start again at boot like the others.
      actions: [run(d.mariadb.bootstrap, 120_000), run(`systemctl enable ${d.mariadb.service}`), synced],
      guard: `systemctl is-active -q ${d.mariadb.service}`,
      rerunSafe: false,
    });
    if (others.length > 0) {
      b.add({
        id: 'galera.join',
        title: 'Join the other nodes, one at a time',
        why: 'Each joiner receives a full copy (SST) from a donor; one at a time keeps a donor free to serve.',
        guide: GUIDE.ha('Database: Start the other nodes'),
        selector: b.selector('others', db.role),
        nodes: others,
        mode: 'serial',
        actions: [
          run(`systemctl enable ${d.mariadb.service} && systemctl start ${d.mariadb.service}`, 600_000),
          synced,
        ],
        guard: `systemctl is-active -q ${d.mariadb.service}`,
      });
    }
  } else {
    b.add({
      id: 'galera.initialize',
      title: `Initialise the database on ${firstNode[0]!.hostname} before Pacemaker takes over`,
      why: 'The field report: the root password and service databases are created on a one-node cluster, which is stopped before the Pacemaker resource bootstraps the real one.',
      guide: GUIDE.field('Highly available database (Galera): bootstrap order'),
      selector: first,
      nodes: firstNode,
      mode: 'one',
      actions: [
        run(d.mariadb.bootstrap, 120_000),
        synced,
        write('/root/quorum-databases.sql', renderServiceDatabasesSql(), '0600'),
        run('mysql < /root/quorum-databases.sql && rm -f /root/quorum-databases.sql'),
        run(`systemctl stop ${d.mariadb.service} && mkdir -p ${MARK} && touch ${MARK}/galera-initialized`),
      ],
      guard: `test -e ${MARK}/galera-initialized`,
      rerunSafe: false,
    });
    b.add({
      id: 'galera.pacemaker-resource',
      title: 'Galera as a promotable Pacemaker resource',
      why: 'Pacemaker’s galera agent picks the node with the newest data to bootstrap after a full outage, which a plain service cannot.',
      guide: GUIDE.field('The respective pacemaker resource'),
      selector: b.selector('first', ctx.pacemaker.role),
      nodes: ctx.pacemaker.nodes.slice(0, 1),
      mode: 'one',
      actions: [
        ...pacemakerSubset(b, (id) => id === 'galera', false).map((c) => run(c)),
        check(
          wsrepStatus('wsrep_cluster_size'),
          { kind: 'stdout-equals', text: String(size) },
          `${size} members`,
          {
            attempts: 150,
            intervalMs: 2000,
          },
        ),
      ],
      guard: pacemakerConfiguredGuard(b, (id) => id === 'galera', false),
    });
  }
  if (ctx.arbitrator) {
    const arb = ctx.arbitrator;
    const garbd = [
      run(
        `${d.isInstalled} ${d.garbd.packages.join(' ')} >/dev/null 2>&1 || ${d.install} ${d.garbd.packages.join(' ')}`,
      ),
      write(d.garbd.configPath, renderGarbdConfig(ctx)),
      ...enableNow([d.garbd.service]),
    ];
    b.add({
      id: 'galera.garbd',
      title: `Galera arbitrator (garbd) on ${arb.hostname}`,
      why: 'With two data nodes, losing one leaves 1 of 2 votes: no majority. garbd adds a third vote without storing data.',
      guide: GUIDE.field('Galera tiebreaker (garbd)'),
      selector: { kind: 'node', node: arb.id },
      nodes: [arb],
      mode: 'one',
      actions: garbd,
      guard: effectsGuard(garbd),
    });
  }
  const expected = ctx.facts.galera.expectedSize;
  b.add({
    id: 'galera.cluster-size',
    title: `Cluster has ${expected} members`,
    why: 'Wait on the cluster size rather than on time: garbd was seen to take about 30 s to be counted.',
    guide: GUIDE.ha('Database: Verify the cluster'),
    selector: first,
    nodes: firstNode,
    mode: 'one',
    actions: [
      check(
        wsrepStatus('wsrep_cluster_size'),
        { kind: 'stdout-equals', text: String(expected) },
        `${expected} members`,
        {
          attempts: 90,
          intervalMs: 2000,
        },
      ),
      check(
        wsrepStatus('wsrep_cluster_status'),
        { kind: 'stdout-equals', text: 'Primary' },
        'primary component',
      ),
    ],
  });
  if (mode === 'galera-haproxy') addServiceDatabases(b, first, firstNode);
}

function addServiceDatabases(
  b: PlanBuilder,
  selector: ReturnType<PlanBuilder['selector']>,
  nodes: PlanBuilder['ctx']['design']['nodes'],
): void {
  b.add({
    id: 'database.service-databases',
    title: 'Service databases and users',
    why: 'Created once; Galera replicates them. Users may connect from any host because services come through the VIP.',
    guide: GUIDE.install('Create the databases for each service'),
    selector,
    nodes,
    mode: 'one',
    actions: [
      write('/root/quorum-databases.sql', renderServiceDatabasesSql(), '0600'),
      run('mysql < /root/quorum-databases.sql && rm -f /root/quorum-databases.sql'),
    ],
    guard: `mysql -Nse "SHOW DATABASES LIKE 'nova_cell0'" | grep -qx nova_cell0`,
  });
}

function addDrbdMysql(b: PlanBuilder): void {
  const { ctx } = b;
  const d = ctx.distro;
  // DRBD mirrors between the database hosts; Pacemaker may have more members (which only vote).
  const group = ctx.database;
  const first = group.nodes.slice(0, 1);
  b.add({
    id: 'drbd.mysql-resource',
    title: 'DRBD resource for MySQL (legacy active/passive)',
    why: 'Deprecated by the HA guide because of split-brain risk: kept for existing clouds. Writes are mirrored block by block to the passive node.',
    guide: GUIDE.book('DRBD replicated storage'),
    selector: b.selector('role', group.role),
    nodes: group.nodes,
    actions: [
      run(
        `${d.install} drbd-utils xfsprogs ${d.mariadb.packages.filter((p) => !p.startsWith('galera')).join(' ')}`,
      ),
      run(`systemctl disable --now ${d.mariadb.service} || true`),
      check(
        'test -b /dev/quorum/drbd-mysql && echo present',
        { kind: 'stdout-equals', text: 'present' },
        'backing LV /dev/quorum/drbd-mysql exists (create it first)',
        { attempts: 1, intervalMs: 1000 },
      ),
      write('/etc/drbd.d/mysql.res', renderDrbdResource(ctx, 'mysql', 0)),
      // MySQL follows its VIP between the nodes, so it listens on every address.
      write(`${d.mariadb.confDir}/60-quorum.cnf`, '[mysqld]\nbind-address = 0.0.0.0\n'),
      run('drbdadm create-md --force mysql && drbdadm up mysql'),
    ],
    guard: 'drbdadm cstate mysql >/dev/null 2>&1',
    rerunSafe: false,
  });
  b.add({
    id: 'drbd.mysql-initialize',
    title: 'Make the first node primary, create the filesystem and the database files',
    why: 'Only once, on one node: the other receives the data through DRBD.',
    guide: GUIDE.book('Creating a filesystem'),
    selector: b.selector('first', group.role),
    nodes: first,
    mode: 'one',
    actions: [
      run('drbdadm primary --force mysql && mkfs.xfs -f /dev/drbd0'),
      run('mount /dev/drbd0 /var/lib/mysql && mysql_install_db --user=mysql --datadir=/var/lib/mysql'),
      run(`systemctl start ${d.mariadb.service}`),
      write('/root/quorum-databases.sql', renderServiceDatabasesSql(), '0600'),
      run('mysql < /root/quorum-databases.sql && rm -f /root/quorum-databases.sql'),
      run(
        `systemctl stop ${d.mariadb.service} && umount /var/lib/mysql && drbdadm secondary mysql && mkdir -p ${MARK} && touch ${MARK}/drbd-mysql-initialized`,
      ),
    ],
    guard: `test -e ${MARK}/drbd-mysql-initialized`,
    rerunSafe: false,
  });
  b.add({
    id: 'drbd.mysql-pacemaker',
    title: 'Pacemaker resources: DRBD, filesystem, MySQL and its VIP',
    why: 'Pacemaker promotes DRBD on one node and starts the filesystem, MySQL and the VIP there, in that order.',
    guide: GUIDE.book('The load balancing of high availability MySQL'),
    selector: b.selector('first', group.role),
    nodes: first,
    mode: 'one',
    actions: pacemakerSubset(b, (id) => id.endsWith('-mysql'), false).map((c) => run(c)),
    guard: pacemakerConfiguredGuard(b, (id) => id.endsWith('-mysql'), false),
  });
}
