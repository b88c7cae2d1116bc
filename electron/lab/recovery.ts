/**
 * The runbook's "Galera: restart after a full outage" procedure (shared/runbook/recovery.ts), carried out
 * on lab nodes, and the full-outage drill built on it (`quorum drill full-outage`, the lab suite):
 *
 * 1. stop MariaDB everywhere (after a power loss systemd tries to start it at boot; nodes that cannot
 *    form a primary component only wait, and ignore SIGTERM while they do: killed after 20 s),
 * 2. read grastate.dat on every node; when none says safe_to_bootstrap: 1 (a crash), recover each node's
 *    last committed position with `mariadbd --wsrep-recover`,
 * 3. choose the node (shared/runbook/galera-recovery.ts), mark it safe, `galera_new_cluster` there,
 * 4. start the others one at a time, each until Synced; restart garbd last when there is one.
 */
import {
  chooseBootstrapNode,
  needsSeqnoRecovery,
  parseGrastate,
  parseRecoveredPosition,
  type GaleraNodeState,
} from '../../shared/runbook/galera-recovery';
import type { FullOutageResult, GaleraRecoveryResult } from '../../shared/drill/types';
import { DRILL_DB, outageOf, prepareDrillDatabase, startWriter, vipHolder } from './drill';
import type { LabHandle } from './index';
import { sh, until, wsrep } from './node-shell';

const GRASTATE = '/var/lib/mysql/grastate.dat';
const RECOVER_LOG = '/tmp/quorum-wsrep-recover.log';

export type { GaleraRecoveryResult };

/** Carries out the runbook procedure on `nodes` (database nodes, design order); see the module comment. */
export async function recoverGaleraFullOutage(
  lab: LabHandle,
  nodes: readonly string[],
  options: { service?: string; garbd?: { node: string; service: string }; log?: (line: string) => void } = {},
): Promise<GaleraRecoveryResult> {
  const service = options.service ?? 'mariadb';
  const log = options.log ?? (() => {});
  const started = Date.now();
  // A mariadbd still waiting for a primary component does not act on SIGTERM (systemd would wait its
  // 15-minute stop timeout): after 20 s it is killed, which loses nothing (it never joined a primary).
  await Promise.all(
    nodes.map((node) =>
      sh(
        lab,
        node,
        `timeout 20 systemctl stop ${service} || { systemctl kill --signal=KILL ${service}; systemctl stop ${service}; }; systemctl reset-failed ${service} 2>/dev/null || true`,
      ),
    ),
  );
  const states: GaleraNodeState[] = await Promise.all(
    nodes.map(async (hostname) => ({
      hostname,
      grastate: parseGrastate(await sh(lab, hostname, `cat ${GRASTATE} 2>/dev/null || true`)),
    })),
  );
  if (needsSeqnoRecovery(states)) {
    log('no node is safe to bootstrap: recovering each node’s position with --wsrep-recover');
    await Promise.all(
      states.map(async (state) => {
        const output = await sh(
          lab,
          state.hostname,
          `rm -f ${RECOVER_LOG}; mariadbd --wsrep-recover --user=mysql --log-error=${RECOVER_LOG} >/dev/null 2>&1; cat ${RECOVER_LOG}`,
        );
        state.recovered = parseRecoveredPosition(output);
      }),
    );
  }
  const choice = chooseBootstrapNode(states);
  log(`bootstrapping on ${choice.hostname}: ${choice.reason}`);
  await sh(
    lab,
    choice.hostname,
    `sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' ${GRASTATE} && galera_new_cluster`,
  );
  for (const node of nodes.filter((n) => n !== choice.hostname)) {
    await sh(lab, node, `systemctl start ${service}`);
    await until(
      async () => (await wsrep(lab, node, 'wsrep_local_state_comment')) === 'Synced',
      300_000,
      `${node} to be Synced`,
    );
    log(`${node} joined and is Synced`);
  }
  if (options.garbd) await sh(lab, options.garbd.node, `systemctl restart ${options.garbd.service}`);
  await until(
    async () => {
      for (const node of nodes) {
        if ((await wsrep(lab, node, 'wsrep_cluster_size')) !== String(nodes.length + (options.garbd ? 1 : 0)))
          return false;
      }
      return true;
    },
    120_000,
    'every node in one cluster',
  );
  return {
    nodes: states.map((s) => ({
      hostname: s.hostname,
      seqno: s.grastate?.seqno ?? -1,
      safeToBootstrap: s.grastate?.safeToBootstrap ?? false,
      recoveredSeqno: s.recovered?.seqno ?? null,
    })),
    choice,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** What the full-outage drill measured: shared/drill/types.ts. */
export type { FullOutageResult };

/**
 * Full outage of every database node while a client writes through the VIP: the nodes are powered off one
 * after the other (the VIP holder first, the client's node last, so writes go on as long as a primary
 * component is left), booted again, and the runbook procedure brings the cluster back. Every write the
 * client saw acknowledged must be in the table afterwards.
 */
export async function runFullOutageDrill(
  lab: LabHandle,
  options: { vip: string; nodes: readonly string[]; service?: string; log?: (line: string) => void },
): Promise<FullOutageResult> {
  const { vip, nodes } = options;
  const log = options.log ?? (() => {});
  const holder = await vipHolder(lab, nodes, vip);
  const client = nodes.find((n) => n !== holder)!;
  await prepareDrillDatabase(lab, client);
  const firstId = Number(
    await sh(
      lab,
      client,
      `mysql -Nse "SELECT COALESCE(MAX(id), 0) + 1 FROM ${DRILL_DB.database}.${DRILL_DB.table}"`,
    ),
  );
  const writer = startWriter(lab, client, vip, firstId);
  await until(async () => (await writer.lines()).filter((l) => l.ok).length >= 5, 60_000, 'five writes');
  const killOrder = [holder, ...nodes.filter((n) => n !== holder && n !== client), client];
  let firstKill = 0;
  log(`VIP ${vip} is on ${holder}; the client writes from ${client}`);
  for (const node of killOrder) {
    log(`powering off ${node} (hard)`);
    const { killedAt } = await lab.fail(node);
    firstKill ||= killedAt;
    log(`${node} powered off`);
  }
  // The client's loop died with its node; its log is on the node's disk.
  log(`booting ${nodes.join(', ')} again`);
  for (const node of nodes) await lab.recover(node);
  log(`all ${nodes.length} nodes booted again`);
  const lines = await writer.lines();
  const recovery = await recoverGaleraFullOutage(lab, nodes, { service: options.service, log });
  const back = startWriter(lab, client, vip, Math.max(firstId, ...lines.map((l) => l.id)) + 1);
  await until(async () => (await back.lines()).some((l) => l.ok), 120_000, 'a write through the VIP');
  const after = await back.stop();
  const acked = lines.filter((l) => l.ok).map((l) => l.id);
  const stored = new Set(
    (
      await sh(
        lab,
        client,
        `mysql -Nse "SELECT id FROM ${DRILL_DB.database}.${DRILL_DB.table} WHERE id >= ${firstId}"`,
      )
    )
      .split('\n')
      .filter(Boolean)
      .map(Number),
  );
  const lost = acked.filter((id) => !stored.has(id));
  log(
    `writes acknowledged before the outage ${acked.length}, found ${acked.length - lost.length}, lost ${lost.length}`,
  );
  const sizes = await Promise.all(nodes.map((n) => wsrep(lab, n, 'wsrep_cluster_size')));
  const states = await Promise.all(nodes.map((n) => wsrep(lab, n, 'wsrep_local_state_comment')));
  const backAt = outageOf(after, firstKill / 1000).back[0]?.endedAt ?? null;
  return {
    drill: 'full-outage',
    lab: lab.name,
    vip,
    client,
    killOrder,
    recovery,
    clusterSize: Math.min(...sizes.map(Number)),
    allSynced: states.every((s) => s === 'Synced'),
    acknowledged: acked.length,
    found: acked.length - lost.length,
    lost,
    writesBackSeconds: backAt === null ? null : Math.round((backAt - firstKill / 1000) * 10) / 10,
  };
}

/** The full-outage drill's figures as lines of text. */
export function describeFullOutage(r: FullOutageResult): string[] {
  return [
    `powered off ${r.killOrder.join(', ')} (client on ${r.client}, writing through ${r.vip})`,
    `saved state: ${r.recovery.nodes.map((n) => `${n.hostname} seqno ${n.seqno} safe_to_bootstrap ${n.safeToBootstrap ? 1 : 0}${n.recoveredSeqno === null ? '' : ` recovered ${n.recoveredSeqno}`}`).join('; ')}`,
    `bootstrap: ${r.recovery.choice.reason}`,
    `runbook procedure: ${r.recovery.seconds.toFixed(1)} s; cluster size ${r.clusterSize}, ${r.allSynced ? 'all Synced' : 'NOT all Synced'}`,
    `writes acknowledged before the outage ${r.acknowledged}, found ${r.found}, lost ${r.lost.length}`,
    `writes through the VIP again ${r.writesBackSeconds === null ? '—' : `${r.writesBackSeconds.toFixed(1)} s`} after the first power-off`,
  ];
}
