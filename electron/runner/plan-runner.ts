/**
 * Executes a Plan over SSH: a DAG of steps, each on its nodes in its mode (parallel, serial, one), at most
 * `concurrency` tasks at once. On a failure it stops scheduling and lets running tasks finish (or, by
 * choice, carries on with the other nodes). Guards skip work that is done. Every task is journalled
 * (intent → started → result, fsynced) so a run survives a crash: `reopen` rebuilds it and `run` resumes,
 * re-checking tasks whose outcome is unknown by their guard before anything re-runs.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Plan, PlanNode, Step } from '../../shared/plan/types';
import {
  initialRunState,
  replayJournal,
  applyRecord,
  stepNodes,
  type JournalRecord,
  type RunOptions,
  type RunState,
  type RunStatus,
  type TaskState,
} from '../../shared/deploy/run-state';
import { orderSteps } from '../../shared/deploy/dry-run';
import { maskSecrets } from '../../shared/deploy/secret-masker';
import type { ConnectionPool } from './connection-pool';
import { Journal, journalMask } from './journal';
import { OutputPump } from './output-pump';
import { reapLeftovers, removeAllTraces, type OrphanContext } from './orphans';
import { executeTask, type TaskContext, type TaskOutcome } from './execute-task';
import { GREEN, RED, RESET, YELLOW, type Outcome } from './actions';

export interface RunnerDeps {
  pool: ConnectionPool;
  /** Secret values by name, for `{{secret:NAME}}`. */
  secrets: ReadonlyMap<string, string>;
  /** Every value to mask (the secrets and the credentials, e.g. sudo passwords). */
  maskValues: () => Iterable<string>;
  emitOutput: (node: string, data: string) => void;
  flowControlled: () => boolean;
  onState?: (state: RunState) => void;
}

export class PlanRunner {
  readonly pump: OutputPump;
  private readonly steps: Step[];
  private readonly nodes: Map<string, PlanNode>;
  private stopping = false;
  private userStopped = false;
  private abort = new AbortController();
  private loop: Promise<RunState> | null = null;
  private wake: () => void = () => undefined;
  private triedUnknown = new Set<string>();
  private cleanup: Promise<void> = Promise.resolve();

  private constructor(
    readonly plan: Plan,
    readonly options: RunOptions,
    readonly state: RunState,
    readonly runDir: string,
    private readonly journal: Journal,
    private readonly deps: RunnerDeps,
  ) {
    this.steps = orderSteps(plan);
    this.nodes = new Map(plan.nodes.map((n) => [n.id, n]));
    this.pump = new OutputPump({
      logDir: join(runDir, 'logs'),
      secrets: deps.maskValues,
      emit: deps.emitOutput,
      flowControlled: deps.flowControlled,
    });
  }

  /** Starts a new run in `runsDir/<runId>` (journal first, so even a crash at once leaves a trace). */
  static async create(
    plan: Plan,
    options: RunOptions,
    runsDir: string,
    deps: RunnerDeps,
    runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`,
  ): Promise<PlanRunner> {
    orderSteps(plan); // refuse a cyclic plan before writing anything
    const runDir = join(runsDir, runId);
    const mask = journalMask(deps.maskValues);
    const journal = await Journal.open(join(runDir, 'journal.jsonl'), mask);
    const at = new Date().toISOString();
    await journal.append({ t: 'run', runId, at, plan, options });
    return new PlanRunner(plan, options, initialRunState(runId, plan, at), runDir, journal, deps);
  }

  /** Reopens a run from its journal (after a restart): every node's last known state. */
  static async reopen(runDir: string, deps: RunnerDeps): Promise<PlanRunner> {
    const journalPath = join(runDir, 'journal.jsonl');
    const { plan, options, state } = replayJournal(await Journal.read(journalPath));
    const mask = journalMask(deps.maskValues);
    const journal = await Journal.open(journalPath, mask);
    return new PlanRunner(plan, options, state, runDir, journal, deps);
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Runs (or resumes) until nothing more can run; resolves with the final state. */
  run(): Promise<RunState> {
    this.loop ??= this.runLoop().finally(() => (this.loop = null));
    return this.loop;
  }

  /** Stops scheduling new tasks; running ones finish. */
  stop(): void {
    this.userStopped = true;
    this.stopping = true;
    if (this.loop) void this.setStatus('stopping');
    this.wake();
  }

  /** Stops scheduling and cancels running tasks (their remote process trees are killed). */
  cancel(): void {
    this.stop();
    this.abort.abort();
  }

  /** Marks a failed or unknown task for another attempt. */
  async retry(stepId: string, nodeId: string): Promise<void> {
    const task = this.task(stepId, nodeId);
    if (task.status !== 'failed' && task.status !== 'unknown' && task.status !== 'skipped') {
      throw new Error(
        `${stepId} on ${nodeId} is ${task.status}; only failed, unknown or skipped tasks are retried`,
      );
    }
    await this.record({ t: 'decision', step: stepId, node: nodeId, at: now(), decision: 'retry' });
    this.triedUnknown.delete(`${stepId}@${nodeId}`);
    this.wake();
  }

  /** Marks a task as skipped (the UI asks for confirmation first); dependants may then run. */
  async skip(stepId: string, nodeId: string): Promise<void> {
    const task = this.task(stepId, nodeId);
    if (task.status === 'running') throw new Error(`${stepId} on ${nodeId} is running; stop it first`);
    await this.record({ t: 'decision', step: stepId, node: nodeId, at: now(), decision: 'skip' });
    this.wake();
  }

  /** Closes the journal, the logs and every connection. */
  async close(): Promise<void> {
    this.cancel();
    await this.loop?.catch(() => undefined);
    await this.cleanup;
    await this.pump.close();
    await this.journal.close();
    this.deps.pool.disposeAll();
  }

  private task(stepId: string, nodeId: string): TaskState {
    const task = this.state.tasks[stepId]?.[nodeId];
    if (!task) throw new Error(`no task ${stepId} on ${nodeId}`);
    return task;
  }

  private async record(record: JournalRecord): Promise<void> {
    await this.journal.append(record);
    applyRecord(this.state, record);
    this.deps.onState?.(this.state);
  }

  private async setStatus(status: RunStatus): Promise<void> {
    if (this.state.status === status) return;
    await this.record({ t: 'status', at: now(), status });
  }

  private settled(status: TaskState['status']): boolean {
    return status === 'ok' || status === 'skipped';
  }

  /** Nodes out of the run because they failed (only with `continue-other-nodes`). */
  private blockedNodes(): Set<string> {
    const blocked = new Set<string>();
    if (this.options.onFailure !== 'continue-other-nodes') return blocked;
    for (const byNode of Object.values(this.state.tasks)) {
      for (const [node, task] of Object.entries(byNode)) {
        if (task.status === 'failed') blocked.add(node);
        // An unknown task is re-checked once per run of the loop; after that it blocks its node.
        for (const [step, byNode] of Object.entries(this.state.tasks)) {
          if (byNode[node]?.status === 'unknown' && this.triedUnknown.has(`${step}@${node}`))
            blocked.add(node);
        }
      }
    }
    return blocked;
  }

  private launchable(running: Set<string>): [Step, string][] {
    const out: [Step, string][] = [];
    const blocked = this.blockedNodes();
    const free = () => this.options.concurrency - running.size - out.length;
    for (const step of this.steps) {
      if (free() <= 0) break;
      const depsDone = step.dependsOn.every((dep) =>
        Object.entries(this.state.tasks[dep] ?? {}).every(
          ([n, t]) => this.settled(t.status) || blocked.has(n),
        ),
      );
      if (!depsDone) continue;
      const nodes = stepNodes(step);
      const key = (node: string) => `${step.id}@${node}`;
      const candidate = (node: string) => {
        const task = this.task(step.id, node);
        if (blocked.has(node) || running.has(key(node))) return false;
        return task.status === 'pending' || (task.status === 'unknown' && !this.triedUnknown.has(key(node)));
      };
      if (step.mode === 'serial') {
        if (nodes.some((n) => running.has(key(n)))) continue;
        for (const node of nodes) {
          const status = this.task(step.id, node).status;
          if (this.settled(status) || blocked.has(node)) continue;
          if (candidate(node)) out.push([step, node]);
          break;
        }
        continue;
      }
      for (const node of nodes) {
        if (free() <= 0) break;
        if (candidate(node)) out.push([step, node]);
      }
    }
    return out;
  }

  private async runLoop(): Promise<RunState> {
    this.stopping = false;
    this.userStopped = false;
    this.abort = new AbortController();
    this.triedUnknown.clear();
    await this.setStatus('running');
    await reapLeftovers(
      this.nodesWhere((t) => t.status === 'unknown'),
      this.orphanContext(),
    );
    const running = new Map<string, Promise<void>>();
    for (;;) {
      if (!this.stopping) {
        for (const [step, node] of this.launchable(new Set(running.keys()))) {
          const key = `${step.id}@${node}`;
          if (this.task(step.id, node).status === 'unknown') this.triedUnknown.add(key);
          running.set(
            key,
            this.runTask(step, node).finally(() => running.delete(key)),
          );
        }
      }
      if (running.size === 0) break;
      await Promise.race([...running.values(), new Promise<void>((resolve) => (this.wake = resolve))]);
    }
    this.pump.flush();
    const all = Object.values(this.state.tasks).flatMap((byNode) => Object.values(byNode));
    const final: RunStatus = all.every((t) => this.settled(t.status))
      ? 'done'
      : this.userStopped
        ? 'stopped'
        : 'failed';
    await this.setStatus(final);
    this.deps.pool.closeIdleStepShells();
    // Traces only serve to reap the commands of unknown tasks; with none, they go. Housekeeping once
    // the outcome is known and shown: the user does not wait for it; close() does.
    if (!all.some((t) => t.status === 'unknown'))
      this.cleanup = removeAllTraces(
        this.nodesWhere(() => true),
        this.orphanContext(),
      );
    return this.state;
  }

  /** Plan nodes with at least one task matching `test`. */
  private nodesWhere(test: (task: TaskState) => boolean): PlanNode[] {
    const ids = new Set<string>();
    for (const byNode of Object.values(this.state.tasks))
      for (const [node, task] of Object.entries(byNode)) if (test(task)) ids.add(node);
    return [...ids].flatMap((id) => this.nodes.get(id) ?? []);
  }

  private orphanContext(): OrphanContext {
    return {
      runId: this.state.runId,
      connect: (node) => this.deps.pool.get(node),
      note: (node, text) => this.pump.note(node, text),
    };
  }

  private async runTask(step: Step, nodeId: string): Promise<void> {
    const task = this.task(step.id, nodeId);
    const wasUnknown = task.status === 'unknown';
    const base = { step: step.id, node: nodeId };
    await this.record({ t: 'intent', ...base, at: now(), attempt: task.attempts + 1 });
    task.status = 'running';
    this.deps.onState?.(this.state);
    const outcome = await this.execute(step, nodeId, wasUnknown).catch(
      (error: unknown): Outcome & { byGuard?: boolean } => ({
        status: 'failed',
        message: (error as Error).message,
        exitCode: null,
        stderrTail: null,
      }),
    );
    const byGuard = Boolean((outcome as { byGuard?: boolean }).byGuard);
    const mask = (text: string | null) => (text === null ? null : maskSecrets(text, this.deps.maskValues()));
    const color = outcome.status === 'ok' ? GREEN : outcome.status === 'unknown' ? YELLOW : RED;
    const mark = outcome.status === 'ok' ? '✔' : outcome.status === 'unknown' ? '?' : '✖';
    this.pump.note(
      nodeId,
      `${color}${mark} ${step.id}: ${byGuard ? 'already done (guard)' : outcome.status}${outcome.message ? ` — ${outcome.message}` : ''}${RESET}\n`,
    );
    await this.record({
      t: 'result',
      ...base,
      at: now(),
      status: outcome.status,
      message: mask(outcome.message),
      exitCode: outcome.exitCode,
      stderrTail: mask(outcome.stderrTail),
      byGuard,
    });
    if (outcome.status !== 'ok' && this.options.onFailure === 'stop') this.stopping = true;
  }

  private execute(step: Step, nodeId: string, wasUnknown: boolean): Promise<TaskOutcome> {
    const node = this.nodes.get(nodeId);
    if (!node) throw new Error(`the plan has no node ${nodeId}`);
    const context: TaskContext = {
      runId: this.state.runId,
      node,
      pool: this.deps.pool,
      pump: this.pump,
      secrets: this.deps.secrets,
      signal: this.abort.signal,
      started: () => this.record({ t: 'started', step: step.id, node: nodeId, at: now() }),
    };
    return executeTask(step, context, wasUnknown);
  }
}

function now(): string {
  return new Date().toISOString();
}
