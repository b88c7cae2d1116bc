/**
 * `quorum lab up|status|down|fail|recover`: real Debian nodes on this machine (see electron/lab).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { labDown, labUp, LabHostError, type LabContext } from '../lab/lab';
import { labFail, labRecover, labStatus } from '../lab/power';
import { parseGoldenPackages } from '../lab/golden';
import { defaultStorePaths } from '../store/paths';

export const LAB_USAGE = `  lab up [--nodes N] [--name NAME] [--subnet CIDR] [--dns ADDR] [--design FILE | --no-design]
         [--golden PKG,PKG…] [--known-hosts FILE]
        Boot N Debian bookworm nodes (systemd-nspawn, root SSH with the lab key) on a private bridge,
        and write or update a design whose nodes point at them (default FILE: NAME-lab.quorum).
        --golden pre-installs packages in a layer built once and shared by every node;
        --known-hosts also adds the nodes' host keys (by address) to FILE, e.g. the app's.
  lab status [--name NAME] [--json]
  lab down [--name NAME]         Remove the lab's nodes, mounts, bridge and iptables rules.
  lab fail NODE [--name NAME]    Hard power-off of one node (SIGKILL of its PID 1).
  lab recover NODE [--name NAME] Boot a failed node again.
        Lab commands need Linux and root. --data-dir DIR and --projects-dir DIR work as for serve.`;

/** A lab command's error that is the user's to fix (bad arguments). */
import { UsageError } from './usage-error';

function context(values: { 'data-dir'?: string; 'projects-dir'?: string }, signal?: AbortSignal): LabContext {
  const paths = defaultStorePaths({
    ...process.env,
    ...(values['data-dir'] ? { QUORUM_DATA_DIR: values['data-dir'] } : {}),
    ...(values['projects-dir'] ? { QUORUM_PROJECTS_DIR: values['projects-dir'] } : {}),
  });
  return {
    dataDir: paths.dataDir,
    projectsDir: paths.projectsDir,
    log: (line) => console.log(`  ${line}`),
    signal,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Runs `quorum lab …`; returns the exit code. */
export async function labCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      nodes: { type: 'string' },
      subnet: { type: 'string' },
      dns: { type: 'string', multiple: true },
      design: { type: 'string' },
      'no-design': { type: 'boolean' },
      golden: { type: 'string' },
      'known-hosts': { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      'projects-dir': { type: 'string' },
    },
  });
  const name = values.name;
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ctx = context(values, controller.signal);
  try {
    switch (sub) {
      case 'up': {
        const nodes = values.nodes === undefined ? undefined : Number(values.nodes);
        if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1))
          throw new UsageError(`--nodes: not a node count: ${values.nodes}`);
        const result = await labUp({
          ...ctx,
          name,
          nodes,
          subnet: values.subnet,
          dns: values.dns,
          design: values['no-design'] ? null : values.design,
          knownHosts: values['known-hosts'] ? resolve(values['known-hosts']) : undefined,
          golden: values.golden === undefined ? undefined : parseGoldenPackages(values.golden),
        });
        const { state, timings } = result;
        console.log(
          `lab ${state.name} is up: ${state.nodes.length} nodes on ${state.subnet} (bridge ${state.bridge})`,
        );
        console.log(
          table([
            ['NODE', 'HOSTNAME', 'ADDRESS', 'SSH'],
            ...state.nodes.map((n) => [
              n.machine,
              n.hostname,
              n.address,
              `ssh -i ${state.identityFile} root@${n.address}`,
            ]),
          ]),
        );
        console.log(`known_hosts: ${state.knownHostsFile}`);
        if (result.designPath) console.log(`design: ${result.designPath}`);
        console.log(
          `time: ${timings.total} s (base ${timings.base} s${result.baseBuilt ? ', built now' : ', reused'}${result.golden ? `, golden layer ${timings.golden} s${result.golden.built ? ', built now' : ', reused'}` : ''}, network ${timings.network} s, roots ${timings.roots} s, boot ${timings.boot} s, ssh ${timings.ssh} s)`,
        );
        return 0;
      }
      case 'status': {
        const status = await labStatus(ctx, name);
        if (values.json) {
          console.log(JSON.stringify(status, null, 2));
          return 0;
        }
        console.log(
          `lab ${status.state.name} (${status.state.phase}) on ${status.state.subnet}, bridge ${status.state.bridge}`,
        );
        console.log(
          table([
            ['NODE', 'HOSTNAME', 'ADDRESS', 'POWER', 'PID1', 'SSH'],
            ...status.nodes.map((n) => [
              n.machine,
              n.hostname,
              n.address,
              n.power,
              String(n.initPid ?? '-'),
              n.ssh ? 'answers' : 'no answer',
            ]),
          ]),
        );
        return 0;
      }
      case 'down': {
        const state = await labDown(ctx, name);
        console.log(
          `lab ${state.name} removed (${state.nodes.length} nodes, bridge ${state.bridge}, its iptables rules)`,
        );
        return 0;
      }
      case 'fail':
      case 'recover': {
        const [ref] = positionals;
        if (!ref) throw new UsageError(`lab ${sub}: which node? (name, host name, address or number)`);
        const node = sub === 'fail' ? (await labFail(ctx, ref, name)).node : await labRecover(ctx, ref, name);
        console.log(
          sub === 'fail'
            ? `${node.hostname} powered off (hard)`
            : `${node.hostname} is back (SSH answers at ${node.address})`,
        );
        return 0;
      }
      default:
        throw new UsageError(
          sub ? `unknown lab command: ${sub}` : 'lab: which command? (up, status, down, fail, recover)',
        );
    }
  } catch (error) {
    if (controller.signal.aborted) {
      console.error(`quorum: lab ${sub} interrupted (${(error as Error).message})`);
      return 130;
    }
    if (error instanceof LabHostError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
