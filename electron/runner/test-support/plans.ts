/**
 * Plans built in tests (the compiler of issue 5 emits the same type) and a connector to the harness's
 * sshd hosts.
 */
import { Plan, Step, type Action } from '../../../shared/plan/types';
import { SshConnection } from '../../ssh/connection';
import type { KnownHostsFile } from '../../ssh/known-hosts';
import type { SshdLab } from '../../ssh/test-support/sshd-harness';
import { ConnectionPool } from '../connection-pool';
import type { RunnerDeps } from '../plan-runner';

/** A step on the given nodes; actions are `run` commands unless given as objects. */
export function step(
  id: string,
  nodes: string[],
  actions: (string | Action)[],
  extra: Partial<Omit<Step, 'actions'>> = {},
): Step {
  return Step.parse({
    id,
    title: extra.title ?? `Step ${id}`,
    phase: 'os',
    why: 'test',
    guide: null,
    targets: { selector: { kind: 'all' }, nodes },
    mode: 'parallel',
    dependsOn: [],
    guard: null,
    rerunSafe: true,
    ...extra,
    actions: actions.map((a) => (typeof a === 'string' ? { kind: 'run', command: a } : a)),
  });
}

/** A plan whose nodes are the lab's hosts (`node1`, `node2`, …). */
export function labPlan(lab: SshdLab, steps: Step[]): Plan {
  return Plan.parse({
    schemaVersion: 1,
    designName: 'test',
    release: '2025.1',
    distro: 'debian',
    nodes: lab.hosts.map((h) => ({
      id: h.name,
      hostname: h.name,
      address: h.host,
      ssh: { host: h.host, port: h.port, user: 'root' },
    })),
    steps,
    secrets: [],
  });
}

/** A pool that logs in to lab hosts as root with the lab's key. */
export function labPool(lab: SshdLab, knownHosts: KnownHostsFile): ConnectionPool {
  return new ConnectionPool(async (node) => {
    const connection = new SshConnection({
      target: { host: node.ssh!.host, port: node.ssh!.port, user: node.ssh!.user },
      credentials: { identityFile: lab.clientKeyFile },
      knownHosts,
      keepaliveIntervalMs: 500,
      keepaliveCountMax: 3,
    });
    await connection.connect();
    return connection;
  });
}

/** Runner dependencies that collect output per node in memory. */
export function collectingDeps(
  pool: ConnectionPool,
  secrets: Record<string, string> = {},
  flowControlled = false,
): RunnerDeps & { output: Map<string, string> } {
  const output = new Map<string, string>();
  return {
    pool,
    secrets: new Map(Object.entries(secrets)),
    maskValues: () => Object.values(secrets),
    emitOutput: (node, data) => output.set(node, (output.get(node) ?? '') + data),
    flowControlled: () => flowControlled,
    output,
  };
}
