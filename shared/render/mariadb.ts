/**
 * MariaDB/Galera: the server's Galera drop-in, the clustercheck health endpoint (HTTP on 9200, what
 * HAProxy checks), the garbd arbitrator config and the SQL that creates the service databases.
 */
import type { DesignNode } from '../design/schema';
import { OPENSTACK_SERVICES, SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';

/** TCP port of the clustercheck health endpoint (HAProxy's `check port`). */
export const CLUSTERCHECK_PORT = 9200;
/** Where the Galera drop-in goes for the design's distro. */
export function galeraConfigPath(ctx: Topology): string {
  return `${ctx.distro.mariadb.confDir}/60-galera.cnf`;
}

/** `gcomm://a,b,c` from the database nodes' addresses (empty list bootstraps, never written here). */
export function gcommAddress(ctx: Topology): string {
  return `gcomm://${ctx.database.nodes.map((n) => ctx.address(n)).join(',')}`;
}

/**
 * How fast Galera evicts a member that stopped answering. Until it does, the survivors cannot commit
 * (a write set is ordered with every member of the view), so this bounds every failover: with the
 * defaults (keepalive 1 s, suspect 5 s, checked every 0.5 s) writes through the VIP came back 7.5 s after
 * the VIP holder's death in the lab drill, with suspect 1.5 s 2.9 s, with these 2.2–2.4 s (Galera at 2
 * members after 2.2 s; `quorum drill vip-failover`). Keepalives every 0.3 s (Galera requires less than a
 * third of the suspect timeout), suspected after 1 s of silence (3 keepalives missed, on every survivor:
 * they must agree), checked every 0.25 s. The cost: a node stalled for over a second (swap, a frozen VM,
 * a saturated link) is evicted and rejoins by IST, so a LAN is assumed; over a WAN raise these again. The
 * hard limit (inactive_timeout, 15 s) is kept.
 */
export const GALERA_FAILURE_DETECTION =
  'evs.keepalive_period=PT0.3S; evs.suspect_timeout=PT1S; evs.inactive_check_period=PT0.25S';

/**
 * The Galera drop-in for one database node. MariaDB binds to the node's own address because HAProxy on
 * the same node listens on the VIP's 3306 (LAB-NOTES: "Address already in use").
 */
export function renderGaleraConfig(ctx: Topology, node: DesignNode): string {
  const address = ctx.address(node);
  return [
    '# Written by Quorum: Galera replication for the OpenStack database.',
    '[mysqld]',
    `bind-address = ${address}`,
    'port = 3306',
    'binlog_format = ROW',
    'default_storage_engine = InnoDB',
    'innodb_autoinc_lock_mode = 2',
    'innodb_flush_log_at_trx_commit = 2',
    'innodb_buffer_pool_size = 256M',
    'max_connections = 4096',
    'skip_name_resolve = ON',
    'collation_server = utf8mb4_general_ci',
    'character_set_server = utf8mb4',
    '',
    '[galera]',
    'wsrep_on = ON',
    `wsrep_provider = ${ctx.distro.mariadb.galeraProvider}`,
    `wsrep_cluster_name = "${ctx.clusterName}"`,
    `wsrep_cluster_address = "${gcommAddress(ctx)}"`,
    `wsrep_node_name = "${node.hostname}"`,
    `wsrep_node_address = "${address}"`,
    'wsrep_sst_method = rsync',
    'wsrep_slave_threads = 4',
    `wsrep_provider_options = "gcache.size=512M; gmcast.listen_addr=tcp://${address}:4567; ${GALERA_FAILURE_DETECTION}"`,
    '',
  ].join('\n');
}

/** The clustercheck script: HTTP 200 when the local node is Synced (wsrep_local_state 4), else 503. */
export function renderClustercheckScript(ctx: Topology): string {
  return [
    '#!/bin/sh',
    '# Written by Quorum: Galera health for HAProxy (HTTP 200 when this node is Synced).',
    '# Runs per connection from clustercheck.socket; credentials in /etc/quorum/clustercheck.cnf.',
    `STATE=$(mysql --defaults-extra-file=/etc/quorum/clustercheck.cnf --socket=${ctx.distro.mariadb.socket} -Nse "SHOW STATUS LIKE 'wsrep_local_state'" 2>/dev/null | cut -f2)`,
    'if [ "$STATE" = "4" ]; then',
    '  printf "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nConnection: close\\r\\nContent-Length: 16\\r\\n\\r\\nGalera: synced\\r\\n"',
    'else',
    '  printf "HTTP/1.1 503 Service Unavailable\\r\\nContent-Type: text/plain\\r\\nConnection: close\\r\\nContent-Length: 20\\r\\n\\r\\nGalera: not synced\\r\\n"',
    'fi',
    '',
  ].join('\n');
}

/** The client options file clustercheck reads (user and password of the monitoring user). */
export function renderClustercheckCredentials(): string {
  return ['[client]', 'user = clustercheck', `password = ${ref(SECRET.clustercheck)}`, ''].join('\n');
}

/** systemd socket + service units that serve clustercheck on port 9200 (one process per connection). */
export function renderClustercheckUnits(
  ctx: Topology,
  node: DesignNode,
): { socket: string; service: string } {
  return {
    socket: [
      '[Unit]',
      'Description=Galera clustercheck (HTTP health for HAProxy)',
      '',
      '[Socket]',
      `ListenStream=${ctx.address(node)}:${CLUSTERCHECK_PORT}`,
      'Accept=yes',
      'FreeBind=yes',
      '',
      '[Install]',
      'WantedBy=sockets.target',
      '',
    ].join('\n'),
    service: [
      '[Unit]',
      'Description=Galera clustercheck for one connection',
      '',
      '[Service]',
      'ExecStart=/usr/local/bin/clustercheck',
      'StandardInput=socket',
      'StandardOutput=socket',
      'User=root',
      '',
    ].join('\n'),
  };
}

/** garbd's settings (Debian /etc/default/garb, RHEL/SUSE /etc/sysconfig/garb). */
export function renderGarbdConfig(ctx: Topology): string {
  return [
    '# Written by Quorum: Galera arbitrator (garbd), a vote without data.',
    `GALERA_NODES="${ctx.database.nodes.map((n) => `${ctx.address(n)}:4567`).join(' ')}"`,
    `GALERA_GROUP="${ctx.clusterName}"`,
    // LAB-NOTES: garbd runs as nobody; a LOG_FILE under /var/log kills it. Log to the journal.
    '# No LOG_FILE: garbd runs unprivileged and logs to the journal.',
    '',
  ].join('\n');
}

/** SQL run once on the bootstrap node: root password, monitoring user, service databases and users. */
export function renderServiceDatabasesSql(): string {
  const lines = [
    "DELETE FROM mysql.user WHERE User='';",
    'DROP DATABASE IF EXISTS test;',
    `CREATE USER IF NOT EXISTS 'clustercheck'@'localhost' IDENTIFIED BY '${ref(SECRET.clustercheck)}';`,
    "GRANT PROCESS ON *.* TO 'clustercheck'@'localhost';",
  ];
  for (const service of OPENSTACK_SERVICES) {
    const password = ref(SECRET.dbPassword(service));
    lines.push(`CREATE DATABASE IF NOT EXISTS ${service};`);
    if (service === 'nova') {
      lines.push('CREATE DATABASE IF NOT EXISTS nova_api;', 'CREATE DATABASE IF NOT EXISTS nova_cell0;');
    }
    for (const host of ['localhost', '%']) {
      lines.push(`CREATE USER IF NOT EXISTS '${service}'@'${host}' IDENTIFIED BY '${password}';`);
      const dbs = service === 'nova' ? ['nova', 'nova_api', 'nova_cell0'] : [service];
      for (const db of dbs) lines.push(`GRANT ALL PRIVILEGES ON ${db}.* TO '${service}'@'${host}';`);
    }
  }
  // Keep socket authentication for root (local admin tools) and add the password for remote recovery.
  lines.push(
    `ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('${ref(SECRET.mariadbRoot)}');`,
    'FLUSH PRIVILEGES;',
    '',
  );
  return lines.join('\n');
}
