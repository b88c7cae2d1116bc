/**
 * Reading a lab node from the inside for checks and drills: a shell command through the node's namespaces
 * (no SSH, so a check never depends on what it checks), MariaDB status, and polling without fixed sleeps.
 */
import type { LabHandle } from './index';

/** Runs a shell command inside a lab node (nsenter, no SSH) and returns its trimmed stdout. */
export async function sh(lab: LabHandle, node: string, command: string): Promise<string> {
  return (await lab.exec(node, ['sh', '-c', command])).stdout.trim();
}

/** A `SHOW STATUS` value of the local MariaDB (root over the socket). */
export function wsrep(lab: LabHandle, node: string, name: string): Promise<string> {
  return sh(lab, node, `mysql -Nse "SHOW STATUS LIKE '${name}'" | cut -f2`);
}

/** Polls `probe` until it returns true (every `everyMs`, no fixed sleeps); the seconds it took. */
export async function until(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 500,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** RabbitMQ's running nodes as one broker sees them (`rabbitmqctl cluster_status`). */
export async function rabbitRunning(lab: LabHandle, node: string): Promise<string[]> {
  const status = JSON.parse(await sh(lab, node, 'rabbitmqctl cluster_status --formatter json')) as {
    running_nodes: string[];
  };
  return status.running_nodes;
}
