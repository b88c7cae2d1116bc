/**
 * `quorum drill vip-failover|full-outage --lab NAME`: failure drills on a deployed lab (electron/lab/drill.ts,
 * electron/lab/recovery.ts). Prints the figures and keeps them as JSON beside the lab's state
 * (`<data>/lab/labs/NAME/drills/`).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseProjectFile, describeFileError } from '../../shared/design/project-file';
import type { Design } from '../../shared/design/schema';
import { drillTarget } from '../../shared/drill/availability';
import { drillHealthy } from '../../shared/drill/figures';
import { keepInLab } from '../drill/drill-records';
import { runDrill } from '../drill/run-drill';
import { describeVipFailover } from '../lab/drill';
import { LabHandle, LabHostError, labHostProblem } from '../lab/index';
import { describeFullOutage } from '../lab/recovery';
import { defaultStorePaths } from '../store/paths';
import { UsageError } from './usage-error';

export const DRILL_USAGE = `  drill vip-failover --lab NAME [--design FILE] [--no-recover] [--json]
        Power off the node holding the database VIP while a client writes through it: seconds until a
        survivor holds the VIP and until writes succeed, writes acknowledged/found/lost, Galera and
        RabbitMQ during the outage, then boot the node again and time its rejoin.
  drill full-outage --lab NAME [--design FILE] [--json]
        Power off every database node while a client writes, boot them, bring Galera back with the
        runbook's procedure (safe_to_bootstrap / highest seqno); every acknowledged write must be there.
        FILE: the design that was deployed (default: the lab's NAME-lab.quorum). Results are kept in
        <data>/lab/labs/NAME/drills/. Needs Linux and root; --data-dir/--projects-dir as for lab.`;

function loadDesign(path: string): Design {
  const parsed = parseProjectFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new UsageError(`${path}: ${describeFileError(parsed.error)}`);
  return parsed.design;
}

/** Runs `quorum drill …`; returns the exit code (1 when a drill's figures show a failure). */
export async function drillCommand(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      lab: { type: 'string' },
      design: { type: 'string' },
      'no-recover': { type: 'boolean' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      'projects-dir': { type: 'string' },
    },
  });
  if (kind !== 'vip-failover' && kind !== 'full-outage')
    throw new UsageError(kind ? `unknown drill: ${kind}` : 'drill: which one? (vip-failover, full-outage)');
  if (!values.lab) throw new UsageError(`drill ${kind}: which lab? (--lab NAME)`);
  const problem = labHostProblem();
  if (problem) {
    console.error(problem);
    return 1;
  }
  const paths = defaultStorePaths({
    ...process.env,
    ...(values['data-dir'] ? { QUORUM_DATA_DIR: values['data-dir'] } : {}),
    ...(values['projects-dir'] ? { QUORUM_PROJECTS_DIR: values['projects-dir'] } : {}),
  });
  const lab = LabHandle.open({ dataDir: paths.dataDir, projectsDir: paths.projectsDir }, values.lab);
  const design = loadDesign(
    values.design ? resolve(values.design) : join(paths.projectsDir, `${values.lab}-lab.quorum`),
  );
  const found = drillTarget(design, [
    {
      name: lab.name,
      nodes: lab.nodes.map((n) => ({ hostname: n.hostname, address: n.address, running: true })),
    },
  ]);
  if (!found.target) throw new UsageError(`${found.problem} (the deployed design: --design)`);
  const log = values.json ? () => {} : (line: string) => console.log(`  ${line}`);
  try {
    const result = await runDrill(lab, found.target, kind, { recover: !values['no-recover'], log });
    const lines = result.drill === 'vip-failover' ? describeVipFailover(result) : describeFullOutage(result);
    const file = keepInLab(paths.dataDir, values.lab, result);
    if (values.json) console.log(JSON.stringify({ ...result, file }, null, 2));
    else
      console.log(
        [`drill ${kind} on lab ${values.lab}:`, ...lines.map((l) => `  ${l}`), `kept in ${file}`].join('\n'),
      );
    return drillHealthy(result) ? 0 : 1;
  } catch (error) {
    if (error instanceof LabHostError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
