/**
 * The backend's verification state: one verification at a time on the current plan's nodes, through the
 * deploy session (same credentials, known_hosts and secrets), its report kept in the newest run's folder
 * (`runs/<id>/verify.json`, next to the journal) or, with no run yet, in `verify-last.json`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EventHub } from '../../shared/api/dispatcher';
import { ApiError } from '../../shared/api/result';
import { type VerifyCheck, VerifyReport } from '../../shared/verify/types';
import type { DeployService } from '../runner/deploy-service';
import { ConnectionPool } from '../runner/connection-pool';
import { runVerification } from './verify-runner';

/** The report file of a run folder. */
export function verifyReportFile(runDir: string): string {
  return join(runDir, 'verify.json');
}

export class VerifyService {
  private running: Promise<VerifyReport> | null = null;
  private last: VerifyReport | null = null;

  constructor(
    private readonly deploy: DeployService,
    private readonly hub: EventHub | null,
    private readonly dataDir: string,
  ) {}

  /** Starts a verification and returns its id at once; the report follows as events. */
  async start(checks: VerifyCheck[]): Promise<string> {
    const started = await this.begin(checks);
    return started.id;
  }

  /** Runs a verification to its end (CLI, lab tests). */
  async run(checks: VerifyCheck[]): Promise<VerifyReport> {
    const started = await this.begin(checks);
    return started.done;
  }

  private async begin(checks: VerifyCheck[]): Promise<{ id: string; done: Promise<VerifyReport> }> {
    if (this.running) throw new ApiError('forbidden', 'a verification is running: wait for it to end');
    const access = await this.deploy.verifyAccess();
    const reportFile = access.run
      ? verifyReportFile(access.run.runDir)
      : join(this.dataDir, 'verify-last.json');
    mkdirSync(dirname(reportFile), { recursive: true });
    const pool = new ConnectionPool(access.connect);
    let resolveId: (id: string) => void = () => undefined;
    const id = new Promise<string>((resolve) => (resolveId = resolve));
    const done = runVerification(
      access.plan.nodes,
      checks,
      {
        connect: (node) => pool.get(node),
        secrets: access.secrets,
        maskValues: access.maskValues,
        onReport: (report) => {
          resolveId(report.id);
          this.last = report;
          this.hub?.emit('verifyReport', { report });
        },
      },
      { runId: access.run?.runId ?? null, reportFile },
    ).finally(() => {
      pool.disposeAll();
      this.running = null;
    });
    this.running = done;
    done.catch(() => resolveId(''));
    return { id: await id, done };
  }

  /** The last report: in memory, else from the newest run's folder, else from `verify-last.json`. */
  async lastReport(): Promise<VerifyReport | null> {
    if (this.last) return this.last;
    let file = join(this.dataDir, 'verify-last.json');
    try {
      const access = await this.deploy.verifyAccess();
      if (access.run) file = verifyReportFile(access.run.runDir);
    } catch {
      // no plan yet: only the run-less report can exist
    }
    if (!existsSync(file)) return null;
    const parsed = VerifyReport.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  }
}
