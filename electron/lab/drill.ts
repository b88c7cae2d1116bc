/**
 * The VIP-failover drill on lab nodes (used by `quorum drill vip-failover` and the lab suite): a client on a
 * surviving node writes through the VIP in a loop with the node's own mysql client (every write a real
 * commit acknowledged to a client); the VIP holder is powered off hard; the drill measures, from the kill,
 * when a survivor holds the VIP, when writes succeed again (the acknowledgement of the first write of the
 * unbroken run of successes that ends the outage), when Galera shrinks to 2, whether RabbitMQ keeps
 * serving (a publish/consume round trip between two survivors), then counts every acknowledged write in
 * the table (none may be lost) and boots the node again to time its rejoin. Containers share the host's
 * clock, so timestamps written inside the nodes compare with `lab.fail`'s `killedAt`.
 */
import type { VipFailoverResult } from '../../shared/drill/types';
import { amqpRoundTrip, ensureAmqpProbeUser, type AmqpProbeTarget } from './amqp-probe';
import type { LabHandle } from './index';
import { rabbitRunning, sh, until, wsrep } from './node-shell';

/** One write of the loop: its id, when it started and ended (Unix seconds), acknowledged or not. */
export interface WriteLine {
  id: number;
  startedAt: number;
  endedAt: number;
  ok: boolean;
}

const LOG = '/root/quorum-drill.log';
const STOP = '/root/quorum-drill.stop';
/** The drill's database user and table (created by `prepareDrillDatabase`). */
export const DRILL_DB = { user: 'drill', password: 'drill', database: 'drill', table: 'writes' } as const;
/** The drill's RabbitMQ user (vhost `openstack`, the one the plan creates). */
export const DRILL_AMQP: Omit<AmqpProbeTarget, 'kind'> = {
  user: 'drill',
  password: 'drill',
  vhost: 'openstack',
  queue: 'quorum-drill',
};

/**
 * Per write: a client gives up connecting after 1 s (mysql's smallest --connect-timeout) and on the whole
 * write after 2 s. A write to a dead peer would otherwise hang for TCP's retransmissions (minutes); short
 * limits let the loop try again at once once the VIP has moved, so the measured outage is the cluster's,
 * not the client's back-off. A write given up is counted as not acknowledged (it may still commit).
 */
const WRITE_TIMEOUT_S = 2;
const CONNECT_TIMEOUT_S = 1;

/** The node (of `nodes`) whose host0 carries `vip`; throws unless exactly one does. */
export async function vipHolder(lab: LabHandle, nodes: readonly string[], vip: string): Promise<string> {
  const holders = await vipHolders(lab, nodes, vip);
  if (holders.length !== 1) throw new Error(`VIP ${vip} is held by [${holders.join(', ')}]`);
  return holders[0]!;
}

/** Every node (of `nodes`) whose host0 carries `vip`. */
export async function vipHolders(lab: LabHandle, nodes: readonly string[], vip: string): Promise<string[]> {
  const held = await Promise.all(
    nodes.map(async (node) => (await sh(lab, node, 'ip -4 -o addr show dev host0')).includes(` ${vip}/`)),
  );
  return nodes.filter((_, i) => held[i]);
}

function parse(text: string): WriteLine[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((parts) => parts.length === 4)
    .map(([id, at, end, result]) => ({
      id: Number(id),
      startedAt: Number(at),
      endedAt: Number(end),
      ok: result === 'ok',
    }));
}

/** Creates the drill's user, database and table on one database node (replicated to all). */
export async function prepareDrillDatabase(lab: LabHandle, node: string): Promise<void> {
  const { user, password, database, table } = DRILL_DB;
  const who = `'${user}'@'%'`;
  await sh(
    lab,
    node,
    `mysql -e "CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY '${password}'; GRANT ALL ON ${database}.* TO ${who}; CREATE DATABASE IF NOT EXISTS ${database}; CREATE TABLE IF NOT EXISTS ${database}.${table} (id INT PRIMARY KEY, at DOUBLE)"`,
  );
}

/** A running write loop: read its lines so far, or stop it and get them all. */
export interface Writer {
  lines: () => Promise<WriteLine[]>;
  stop: () => Promise<WriteLine[]>;
}

/**
 * Starts a loop on `node` inserting rows (id, start time) into the drill table through `vip`, one at a
 * time, ids from `firstId` up. Each line of its log: id, start, end, ok|fail.
 */
export function startWriter(lab: LabHandle, node: string, vip: string, firstId = 1): Writer {
  const { user, password, database, table } = DRILL_DB;
  const script = [
    `rm -f ${STOP} ${LOG}; i=${firstId - 1}`,
    `while [ ! -e ${STOP} ]; do`,
    '  i=$((i+1)); t=$(date +%s.%N)',
    `  if timeout ${WRITE_TIMEOUT_S} mysql --connect-timeout=${CONNECT_TIMEOUT_S} -h ${vip} -u ${user} -p${password} ${database} -e "INSERT INTO ${table} VALUES ($i, $t)" 2>/dev/null;`,
    `  then r=ok; else r=fail; fi; echo "$i $t $(date +%s.%N) $r" >> ${LOG}`,
    'done',
  ].join('\n');
  const loop = lab.exec(node, ['sh', '-c', script]).catch((error: Error) => error);
  const lines = async () => parse(await sh(lab, node, `cat ${LOG} 2>/dev/null || true`));
  return {
    lines,
    stop: async () => {
      await sh(lab, node, `touch ${STOP}`);
      const ended = await loop;
      if (ended instanceof Error) throw ended;
      return lines();
    },
  };
}

/** The outage as the writes saw it, relative to `killed` (Unix seconds). */
export function outageOf(
  lines: readonly WriteLine[],
  killed: number,
): { failed: WriteLine[]; back: WriteLine[]; writesBackSeconds: number | null } {
  // Every write still running at the kill or started after it; the outage ends with the last failure.
  const after = lines.filter((l) => l.endedAt > killed);
  const lastFailure = after.map((l) => l.ok).lastIndexOf(false);
  const back = after.slice(lastFailure + 1).filter((l) => l.ok);
  return {
    failed: after.filter((l) => !l.ok),
    back,
    writesBackSeconds: back[0] ? round(back[0].endedAt - killed) : null,
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/** What the VIP-failover drill measured (seconds from the kill): shared/drill/types.ts. */
export type { VipFailoverResult };

/** What the drill needs to know of the deployment. */
export interface VipFailoverOptions {
  vip: string;
  /** Database nodes (host names): the VIP holder must be one of them, the client runs on a survivor. */
  nodes: readonly string[];
  /** Brokers (host names) when RabbitMQ is deployed; they are asked and round-tripped during the outage. */
  brokers?: readonly { hostname: string; address: string }[];
  amqpKind?: AmqpProbeTarget['kind'];
  /** Boot the killed node again and time its rejoin (default true). */
  recover?: boolean;
  log?: (line: string) => void;
}

/** Kills the VIP holder while a client writes through the VIP; see the module comment. */
export async function runVipFailoverDrill(
  lab: LabHandle,
  options: VipFailoverOptions,
): Promise<VipFailoverResult> {
  const { vip, nodes } = options;
  const log = options.log ?? (() => {});
  const holder = await vipHolder(lab, nodes, vip);
  const survivors = nodes.filter((n) => n !== holder);
  const client = survivors[0]!;
  const brokers = (options.brokers ?? []).filter((b) => b.hostname !== holder);
  const amqp = { ...DRILL_AMQP, kind: options.amqpKind ?? 'classic' };
  if (brokers.length > 0) await ensureAmqpProbeUser(lab, brokers[0]!.hostname, amqp);
  await prepareDrillDatabase(lab, client);
  const firstId = Number(
    await sh(lab, client, `mysql -Nse "SELECT COALESCE(MAX(id), 0) + 1 FROM drill.writes"`),
  );
  log(`VIP ${vip} is on ${holder}; the client writes from ${client}`);
  const writer = startWriter(lab, client, vip, firstId);
  await until(async () => (await writer.lines()).some((l) => l.ok), 60_000, 'the first write');
  log(`powering off ${holder} (hard) while writes go through the VIP`);
  const { killedAt } = await lab.fail(holder);
  const killed = killedAt / 1000;
  log(`${holder} powered off`);
  // Watch, from the host, who holds the VIP and the cluster size the client's node sees, until both moved.
  let vipAt: number | null = null;
  let newHolder: string | null = null;
  let sizeTwoAt: number | null = null;
  await until(
    async () => {
      if (vipAt === null) {
        const held = await vipHolders(lab, survivors, vip);
        if (held.length > 0) [vipAt, newHolder] = [Date.now() / 1000, held[0]!];
      }
      if (sizeTwoAt === null && (await wsrep(lab, client, 'wsrep_cluster_size').catch(() => '')) === '2')
        sizeTwoAt = Date.now() / 1000;
      return vipAt !== null && sizeTwoAt !== null;
    },
    90_000,
    'a survivor to hold the VIP and Galera to shrink to 2',
    100,
  ).catch(() => {});
  const after = (at: number | null) => (at === null ? 'never' : `after ${(at - killed).toFixed(2)} s`);
  log(`VIP on ${newHolder ?? 'no survivor'} ${after(vipAt)}; Galera size 2 ${after(sizeTwoAt)}`);
  await until(
    async () => outageOf(await writer.lines(), killed).back.length >= 5,
    90_000,
    'five writes in a row after the kill',
  );
  log(`writes succeed again after ${outageOf(await writer.lines(), killed).writesBackSeconds} s`);
  let rabbitRunningDuringOutage: number | null = null;
  let rabbitRoundTripDuringOutage: boolean | null = null;
  if (brokers.length > 0) {
    rabbitRunningDuringOutage = (await rabbitRunning(lab, brokers[0]!.hostname)).length;
    const last = brokers[brokers.length - 1]!;
    rabbitRoundTripDuringOutage = (
      await amqpRoundTrip(lab, brokers[0]!.hostname, brokers[0]!.address, last.address, amqp)
    ).ok;
    log(
      `RabbitMQ: ${rabbitRunningDuringOutage} running, publish/consume ${rabbitRoundTripDuringOutage ? 'ok' : 'FAILED'}`,
    );
  }
  const lines = await writer.stop();
  const { failed, writesBackSeconds } = outageOf(lines, killed);
  const acked = lines.filter((l) => l.ok).map((l) => l.id);
  const stored = new Set(
    (await sh(lab, client, `mysql -Nse "SELECT id FROM drill.writes WHERE id >= ${firstId}"`))
      .split('\n')
      .filter(Boolean)
      .map(Number),
  );
  const lost = acked.filter((id) => !stored.has(id));
  log(`writes acknowledged ${acked.length}, found ${acked.length - lost.length}, lost ${lost.length}`);
  const result: VipFailoverResult = {
    drill: 'vip-failover',
    lab: lab.name,
    vip,
    killed: holder,
    client,
    killedAt: new Date(killedAt).toISOString(),
    newHolder,
    vipOnSurvivorSeconds: vipAt === null ? null : round(vipAt - killed),
    writesBackSeconds,
    firstFailureSeconds: failed[0] ? round(failed[0].startedAt - killed) : null,
    failedWrites: failed.length,
    acknowledged: acked.length,
    found: acked.length - lost.length,
    lost,
    galeraSizeTwoSeconds: sizeTwoAt === null ? null : round(sizeTwoAt - killed),
    rabbitRunningDuringOutage,
    rabbitRoundTripDuringOutage,
    rejoin: null,
  };
  if (options.recover !== false) {
    const started = Date.now();
    log(`booting ${holder} again`);
    await lab.recover(holder);
    log(`${holder} answers SSH; waiting for Galera and RabbitMQ to take it back`);
    const galeraSyncedSeconds = await until(
      async () =>
        (await wsrep(lab, holder, 'wsrep_cluster_size')) === '3' &&
        (await wsrep(lab, holder, 'wsrep_local_state_comment')) === 'Synced',
      180_000,
      'the recovered node back in Galera and Synced',
    ).then(() => round((Date.now() - started) / 1000));
    let rabbitRunningSeconds: number | null = null;
    if (brokers.length > 0) {
      await until(
        async () => (await rabbitRunning(lab, client)).length === options.brokers!.length,
        180_000,
        'RabbitMQ back to all brokers',
      );
      rabbitRunningSeconds = round((Date.now() - started) / 1000);
    }
    result.rejoin = { galeraSyncedSeconds, rabbitRunningSeconds };
    log(
      `${holder} rejoined: Galera 3 + Synced after ${galeraSyncedSeconds} s${rabbitRunningSeconds === null ? '' : `, RabbitMQ all running after ${rabbitRunningSeconds} s`}`,
    );
  }
  return result;
}

/** The drill's figures as lines of text (CLI and test output). */
export function describeVipFailover(r: VipFailoverResult): string[] {
  const s = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)} s`);
  return [
    `killed ${r.killed} (held VIP ${r.vip}); client on ${r.client}`,
    `VIP on a survivor (${r.newHolder ?? 'none'}): ${s(r.vipOnSurvivorSeconds)} after the kill`,
    `writes through the VIP succeed again: ${s(r.writesBackSeconds)} after the kill (${r.failedWrites} failed in between${r.firstFailureSeconds === null ? '' : `, the first started ${s(r.firstFailureSeconds)} after it`})`,
    `writes acknowledged ${r.acknowledged}, found ${r.found}, lost ${r.lost.length}`,
    `Galera size 2: ${s(r.galeraSizeTwoSeconds)} after the kill`,
    ...(r.rabbitRunningDuringOutage === null
      ? []
      : [
          `RabbitMQ during the outage: ${r.rabbitRunningDuringOutage} running, publish/consume round trip ${r.rabbitRoundTripDuringOutage ? 'ok' : 'FAILED'}`,
        ]),
    ...(r.rejoin
      ? [
          `after the reboot: Galera 3 + Synced ${s(r.rejoin.galeraSyncedSeconds)}${r.rejoin.rabbitRunningSeconds === null ? '' : `, RabbitMQ all running ${s(r.rejoin.rabbitRunningSeconds)}`} after the boot started`,
        ]
      : []),
  ];
}
