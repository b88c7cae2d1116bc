/**
 * Failure-drill helpers for the lab suite: a client that writes through the VIP in a loop (with the node's
 * own mysql client, so every write is a real commit acknowledged to a client), and who holds the VIP.
 * Containers share the host's clock, so the loop's timestamps compare with `lab.fail`'s `killedAt`.
 */
import type { LabHandle } from './index';
import { sh } from './deploy-support';

/** One write of the loop: its id, when it started (Unix seconds) and whether the server acknowledged it. */
export interface WriteLine {
  id: number;
  startedAt: number;
  ok: boolean;
}

const LOG = '/root/quorum-drill.log';
const STOP = '/root/quorum-drill.stop';

/** The node (of `nodes`) whose host0 carries `vip`; throws unless exactly one does. */
export async function vipHolder(lab: LabHandle, nodes: readonly string[], vip: string): Promise<string> {
  const holders: string[] = [];
  for (const node of nodes) {
    if ((await sh(lab, node, 'ip -4 -o addr show dev host0')).includes(` ${vip}/`)) holders.push(node);
  }
  if (holders.length !== 1) throw new Error(`VIP ${vip} is held by [${holders.join(', ')}]`);
  return holders[0]!;
}

function parse(text: string): WriteLine[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((parts) => parts.length === 3)
    .map(([id, at, result]) => ({ id: Number(id), startedAt: Number(at), ok: result === 'ok' }));
}

/**
 * Starts a loop on `node` inserting rows (id, start time) into `drill.writes` through `vip` as the `drill`
 * user, one at a time; a write that takes over 3 s is given up (and counted as not acknowledged).
 */
export function startWriter(
  lab: LabHandle,
  node: string,
  vip: string,
): { lines: () => Promise<WriteLine[]>; stop: () => Promise<WriteLine[]> } {
  const script = [
    `rm -f ${STOP} ${LOG}; i=0`,
    `while [ ! -e ${STOP} ]; do`,
    '  i=$((i+1)); t=$(date +%s.%N)',
    `  if timeout 3 mysql --connect-timeout=1 -h ${vip} -u drill -pdrill drill -e "INSERT INTO writes VALUES ($i, $t)" 2>/dev/null;`,
    `  then echo "$i $t ok" >> ${LOG}; else echo "$i $t fail" >> ${LOG}; fi`,
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
