/**
 * A lab of sshd hosts for the runner's tests, started once per test file, with the folder the runs and
 * the steps' files go to, and short ways to make runners on it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Plan } from '../../../shared/plan/types';
import { RunOptions } from '../../../shared/deploy/run-state';
import type { KnownHostsFile } from '../../ssh/known-hosts';
import { trustedKnownHosts } from '../../ssh/test-support/connect';
import { startSshdLab, type SshdLab } from '../../ssh/test-support/sshd-harness';
import { PlanRunner, type RunnerDeps } from '../plan-runner';
import { collectingDeps, labPool } from './plans';

/** The lab's hosts, a known_hosts file trusting them all, and a work folder removed after the tests. */
export class RunnerLab {
  constructor(
    readonly lab: SshdLab,
    readonly knownHosts: KnownHostsFile,
    readonly work: string,
  ) {}

  /** The lab's node ids (`node1`, `node2`, …). */
  get nodes(): string[] {
    return this.lab.hosts.map((host) => host.name);
  }

  /**
   * A new folder `<work>/<name>` with a subfolder per node: the lab's nodes share this machine's disk,
   * so each node writes under its own.
   */
  fresh(name: string): string {
    const dir = join(this.work, name);
    for (const node of this.nodes) mkdirSync(join(dir, node), { recursive: true });
    return dir;
  }

  /** Runner dependencies over a new pool of the lab's hosts, collecting output per node. */
  deps(secrets: Record<string, string> = {}, flowControlled = false): ReturnType<typeof collectingDeps> {
    return collectingDeps(labPool(this.lab, this.knownHosts), secrets, flowControlled);
  }

  /** A runner for `plan` keeping its runs under `<work>/runs`. */
  runner(plan: Plan, deps: RunnerDeps = this.deps(), options: Partial<RunOptions> = {}): Promise<PlanRunner> {
    return PlanRunner.create(plan, RunOptions.parse(options), join(this.work, 'runs'), deps);
  }
}

/** Starts a lab of `count` hosts before the file's tests, hands it to `use`, and stops it after them. */
export function runnerLabPerFile(count: number, use: (started: RunnerLab) => void): void {
  let lab: SshdLab | undefined;
  let work: string | undefined;
  beforeAll(async () => {
    lab = await startSshdLab({ count });
    work = mkdtempSync(join(tmpdir(), 'quorum-runner-'));
    use(new RunnerLab(lab, await trustedKnownHosts(lab), work));
  });
  afterAll(async () => {
    await lab?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });
}
