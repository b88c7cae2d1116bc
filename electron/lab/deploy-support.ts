/**
 * Helpers for deploying a compiled plan onto lab nodes with the app's own DeployService and PlanRunner
 * (real SSH with the lab's key and host keys), and for reading cluster health from inside the nodes.
 * Used by the lab suites (`deploy-*.lab-test.ts`); nothing here changes what a plan does.
 */
import { join } from 'node:path';
import { createEventHub } from '../../shared/api/dispatcher';
import type { Design } from '../../shared/design/schema';
import type { RunState, TaskState } from '../../shared/deploy/run-state';
import { compilePlan } from '../../shared/plan/compile';
import type { Plan } from '../../shared/plan/types';
import { DeployService } from '../runner/deploy-service';

/** How a run ended, with every task that did not succeed. */
export interface DeployOutcome {
  plan: Plan;
  state: RunState;
  seconds: number;
  failures: string[];
  /** `step@node` of every task of a step that may change the node and ran (its guard did not say done). */
  ran: string[];
  /** Tasks whose outcome was unknown (SSH channel lost) and were retried, as a user would. */
  retried: string[];
}

function waitFor<T>(probe: () => T | null, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = probe();
      if (value !== null) return resolve(value);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 250);
    };
    tick();
  });
}

function describeTask(step: string, node: string, task: TaskState): string {
  return `${step}@${node}: ${task.status}${task.message ? ` — ${task.message}` : ''}${task.stderrTail ? `\n${task.stderrTail}` : ''}`;
}

/**
 * A DeployService (the Deploy tab's backend) that reaches the lab's nodes as root with the lab key; the
 * lab wrote the nodes' host keys into its known_hosts (`lab up --known-hosts`).
 */
export async function labDeployService(appDir: string, identityFile: string): Promise<DeployService> {
  const service = new DeployService(appDir, createEventHub());
  await service.setCredentials({ target: '*', identityFile });
  return service;
}

/** The known_hosts file a DeployService in `appDir` trusts. */
export function appKnownHosts(appDir: string): string {
  return join(appDir, 'known_hosts');
}

/** Compiles `design` (infrastructure only), checks every node in preflight, runs it to the end. */
export async function deploy(service: DeployService, design: Design): Promise<DeployOutcome> {
  const plan = compilePlan(design, { scope: 'infrastructure' });
  await service.loadPlan(plan);
  // A lost connection ends a command "unknown": preflight is read-only, so it is asked again, at most 3
  // times, before giving up. (The frequent "channel closed without an exit status" of loaded hosts was
  // an exit status missed by the app's SSH code, fixed in electron/ssh/connection.ts.)
  for (let attempt = 1; ; attempt++) {
    const preflight = await service.preflight();
    const problems = preflight.filter((row) => row.problem || !row.sudo || row.osMatches === false);
    if (problems.length === 0) break;
    const text = problems.map((r) => `${r.hostname}: ${r.problem}`).join('; ');
    if (attempt >= 3) throw new Error(`preflight: ${text}`);
    console.log(`preflight attempt ${attempt}: ${text}`);
  }
  const started = Date.now();
  const runId = await service.start({ concurrency: 16, onFailure: 'stop' });
  const ended = () =>
    waitFor(
      () => {
        const runner = service.currentRunner;
        if (!runner || runner.state.runId !== runId || runner.running) return null;
        return ['done', 'failed', 'stopped'].includes(runner.state.status) ? runner.state : null;
      },
      10 * 60_000,
      'the deploy run to end',
    );
  let state = await ended();
  // A command whose connection was lost ends "unknown" (also a guard; never as success). It should not
  // happen on a lab and is printed when it does. The Deploy tab's Retry is what a user does: the same,
  // 3 rounds at most.
  const retried: string[] = [];
  const lost = (task: TaskState) =>
    task.status === 'unknown' || (task.status === 'failed' && /outcome unknown/.test(task.message ?? ''));
  for (let round = 0; round < 3 && state.status === 'failed'; round++) {
    const tasks = Object.entries(state.tasks).flatMap(([step, nodes]) =>
      Object.entries(nodes).map(([node, task]) => ({ step, node, task })),
    );
    const unknown = tasks.filter(({ task }) => lost(task));
    if (unknown.length === 0 || tasks.some(({ task }) => task.status === 'failed' && !lost(task))) break;
    for (const { step, node } of unknown) {
      retried.push(`${step}@${node}`);
      await service.retry(runId, step, node);
    }
    state = await ended();
  }
  // Steps that may change a node (a command or a file); check-only steps verify and run every time.
  const changes = new Set(
    plan.steps.filter((step) => step.actions.some((a) => a.kind !== 'check')).map((step) => step.id),
  );
  const failures: string[] = [];
  const ran: string[] = [];
  for (const [step, nodes] of Object.entries(state.tasks)) {
    for (const [node, task] of Object.entries(nodes)) {
      if (task.status !== 'ok') failures.push(describeTask(step, node, task));
      else if (!task.byGuard && changes.has(step)) ran.push(`${step}@${node}`);
    }
  }
  return { plan, state, seconds: (Date.now() - started) / 1000, failures, ran, retried };
}

/** `dpkg -s A B >/dev/null 2>&1 || apt-get install … A B`: how every install of a plan is written. */
const INSTALL = /dpkg -s ([a-z0-9][a-z0-9+. -]*?) >\/dev\/null 2>&1 \|\| [^|;&]*apt-get install /;

/** The ids of the steps that install packages, and every package they install (for a golden layer). */
export function planInstalls(plan: Plan): { steps: string[]; packages: string[] } {
  const steps = new Set<string>();
  const packages = new Set<string>();
  for (const step of plan.steps) {
    for (const action of step.actions) {
      if (action.kind !== 'run' || !action.command.includes('apt-get install')) continue;
      const match = INSTALL.exec(action.command);
      if (!match) throw new Error(`${step.id}: an install the golden layer cannot read: ${action.command}`);
      steps.add(step.id);
      for (const name of match[1]!.split(' ')) packages.add(name);
    }
  }
  return { steps: [...steps], packages: [...packages].sort() };
}

export { sh, until, wsrep } from './node-shell';
