/**
 * The backend's failure drills (Verify panel): which drills the open design can run, one drill at a time
 * on the lab whose nodes the design's database nodes are, its phase lines streamed as `drillProgress`, its
 * record as `drillState`, and every finished record kept with the newest run of the design
 * (`runs/<id>/drills.json`, beside the journal and verify.json) and in the lab's `drills/` folder.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventHub } from '../../shared/api/dispatcher';
import { ApiError } from '../../shared/api/result';
import type { Design } from '../../shared/design/schema';
import {
  drillAvailability,
  drillTarget,
  type DrillBlockers,
  type LabSummary,
} from '../../shared/drill/availability';
import type { DrillAvailability, DrillKind, DrillRecord } from '../../shared/drill/types';
import { processAlive } from '../lab/host';
import { LabHandle, labHostProblem } from '../lab/index';
import { labPaths, listLabNames, readLabState } from '../lab/state';
import type { DeployService } from '../runner/deploy-service';
import { keepDrill, keepInLab, readDrills, runDrillsFile } from './drill-records';
import { runDrill } from './run-drill';

/** Where labs live (`quorum lab … --data-dir`): the app's data folder unless a test says otherwise. */
export interface LabLocation {
  dataDir: string;
  projectsDir: string;
}

/** What the Verify panel lists: each drill's availability, the design's earlier drills, the running one. */
export interface DrillOverview {
  drills: DrillAvailability[];
  records: DrillRecord[];
  running: DrillRecord | null;
}

export class DrillService {
  private running: { record: DrillRecord; done: Promise<DrillRecord> } | null = null;

  constructor(
    private readonly deploy: DeployService,
    private readonly hub: EventHub | null,
    private readonly dataDir: string,
    private readonly labs: LabLocation,
    private readonly hostProblem: () => string | null = () => labHostProblem(),
  ) {}

  /** Every lab that is up, with its nodes' addresses and whether each is powered on. */
  private labSummaries(): LabSummary[] {
    const paths = labPaths(this.labs.dataDir);
    return listLabNames(paths).flatMap((name) => {
      try {
        const state = readLabState(paths, name);
        if (!state || state.phase !== 'up') return [];
        return [
          {
            name,
            nodes: state.nodes.map((n) => ({
              hostname: n.hostname,
              address: n.address,
              running: n.nspawnPid !== null && processAlive(n.nspawnPid),
            })),
          },
        ];
      } catch {
        return [];
      }
    });
  }

  private blockers(design: Design): DrillBlockers {
    const runner = this.deploy.currentRunner;
    const busy = this.running
      ? `A drill is running on lab ${this.running.record.lab}: wait for it to end.`
      : runner?.running && runner.plan.designName === design.name
        ? 'A deploy run is in progress on this design: wait for it to end.'
        : null;
    return { host: this.hostProblem(), busy };
  }

  /** The drills file for the design: its newest run's folder, else one file for drills without a run. */
  private async keptIn(design: Design): Promise<{ runId: string | null; file: string }> {
    await this.deploy.verifyAccess().catch(() => null);
    const runner = this.deploy.currentRunner;
    if (runner && runner.plan.designName === design.name)
      return { runId: runner.state.runId, file: runDrillsFile(runner.runDir) };
    return { runId: null, file: join(this.dataDir, 'drills-last.json') };
  }

  async overview(design: Design): Promise<DrillOverview> {
    const { file } = await this.keptIn(design);
    return {
      drills: drillAvailability(design, this.labSummaries(), this.blockers(design)),
      records: readDrills(file).filter((d) => d.designName === design.name),
      running: this.running?.record.designName === design.name ? structuredClone(this.running.record) : null,
    };
  }

  /** Starts a drill and returns its record at once; lines and the end follow as events. */
  async start(design: Design, kind: DrillKind): Promise<DrillRecord> {
    return structuredClone((await this.begin(design, kind)).record);
  }

  /** Runs a drill to its end (tests). */
  async run(design: Design, kind: DrillKind): Promise<DrillRecord> {
    return (await this.begin(design, kind)).done;
  }

  private async begin(
    design: Design,
    kind: DrillKind,
  ): Promise<{ record: DrillRecord; done: Promise<DrillRecord> }> {
    const blockers = this.blockers(design);
    if (blockers.host)
      throw new ApiError('unsupported', `Drills power lab nodes off and on: ${blockers.host}.`);
    if (blockers.busy) throw new ApiError('forbidden', blockers.busy);
    const found = drillTarget(design, this.labSummaries());
    if (!found.target) throw new ApiError('forbidden', found.problem);
    const target = found.target;
    const lab = LabHandle.open(this.labs, target.lab);
    const { runId, file } = await this.keptIn(design);
    const record: DrillRecord = {
      id: randomUUID(),
      kind,
      lab: target.lab,
      designName: design.name,
      runId,
      status: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      lines: [],
      result: null,
      error: null,
    };
    const publish = () => this.hub?.emit('drillState', { record: structuredClone(record) });
    const log = (line: string) => {
      record.lines.push(line);
      this.hub?.emit('drillProgress', { id: record.id, line });
    };
    const done = (async () => {
      try {
        record.result = await runDrill(lab, target, kind, { log });
        record.status = 'done';
        keepInLab(this.labs.dataDir, target.lab, record.result);
      } catch (error) {
        record.status = 'failed';
        record.error = (error as Error).message;
        await this.bootWhatIsOff(lab, target.nodes, log);
      }
      record.finishedAt = new Date().toISOString();
      keepDrill(file, record);
      return structuredClone(record);
    })().finally(() => {
      this.running = null;
      publish();
    });
    done.catch(() => undefined);
    this.running = { record, done };
    publish();
    return { record, done };
  }

  /** A drill that failed half-way may have left nodes powered off: boot them, so the cluster is whole. */
  private async bootWhatIsOff(lab: LabHandle, nodes: readonly string[], log: (line: string) => void) {
    for (const node of nodes) {
      try {
        if (lab.node(node).nspawnPid !== null) continue;
        log(`booting ${node} again after the failed drill`);
        await lab.recover(node);
      } catch (error) {
        log(`could not boot ${node} again: ${(error as Error).message} (quorum lab recover ${node})`);
      }
    }
  }
}
