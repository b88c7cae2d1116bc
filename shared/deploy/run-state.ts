/**
 * The state of a deploy run, and the journal records it is rebuilt from. The runner appends records to
 * a journal on disk; `replayJournal` turns them back into the state after a crash or restart, so the
 * app shows exactly where every node stands.
 */
import { z } from 'zod';
import { Plan, type Step } from '../plan/types';

/** Where a (step, node) stands. `unknown`: it started and we never learned how it ended. */
export const TaskStatus = z.enum(['pending', 'running', 'ok', 'failed', 'unknown', 'skipped']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** What to do with other nodes when one fails. */
export const FailurePolicy = z.enum(['stop', 'continue-other-nodes']);
export type FailurePolicy = z.infer<typeof FailurePolicy>;

export const RunOptions = z.strictObject({
  /** Most (step, node) tasks running at once across all nodes. */
  concurrency: z.number().int().min(1).max(500).default(16),
  onFailure: FailurePolicy.default('stop'),
});
export type RunOptions = z.infer<typeof RunOptions>;

export const TaskState = z.strictObject({
  status: TaskStatus,
  /** Attempts so far (a retry adds one). */
  attempts: z.number().int().min(0),
  /** One line on how it ended: exit code, signal, the error, or why it is unknown. */
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  /** Last lines of stderr of a failed command. */
  stderrTail: z.string().nullable(),
  /** It was already done: its guard succeeded, nothing ran. */
  byGuard: z.boolean(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type TaskState = z.infer<typeof TaskState>;

export const RunStatus = z.enum(['ready', 'running', 'stopping', 'stopped', 'failed', 'done', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunState = z.strictObject({
  runId: z.string(),
  status: RunStatus,
  /** Step id → node id → task. */
  tasks: z.record(z.string(), z.record(z.string(), TaskState)),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type RunState = z.infer<typeof RunState>;

const at = z.string();
const taskKey = { step: z.string(), node: z.string(), at };

/** One line of the journal (JSON Lines, append-only). */
export const JournalRecord = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('run'), runId: z.string(), at, plan: Plan, options: RunOptions }),
  /** About to work on the task (nothing remote has happened yet). */
  z.strictObject({ t: z.literal('intent'), ...taskKey, attempt: z.number().int() }),
  /** The first command that may change the node has started. */
  z.strictObject({ t: z.literal('started'), ...taskKey }),
  z.strictObject({
    t: z.literal('result'),
    ...taskKey,
    status: z.enum(['ok', 'failed', 'unknown', 'skipped']),
    message: z.string().nullable(),
    exitCode: z.number().int().nullable(),
    stderrTail: z.string().nullable(),
    byGuard: z.boolean(),
  }),
  /** The user's decision on a task. */
  z.strictObject({ t: z.literal('decision'), ...taskKey, decision: z.enum(['retry', 'skip']) }),
  z.strictObject({ t: z.literal('status'), at, status: RunStatus }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;

/** The nodes a step runs on: every target, or the first only for mode `one`. */
export function stepNodes(step: Step): string[] {
  return step.mode === 'one' ? step.targets.nodes.slice(0, 1) : step.targets.nodes;
}

/** A task that has not been tried. */
export function pendingTask(): TaskState {
  return {
    status: 'pending',
    attempts: 0,
    message: null,
    exitCode: null,
    stderrTail: null,
    byGuard: false,
    startedAt: null,
    endedAt: null,
  };
}

/** A fresh state with every task pending. */
export function initialRunState(runId: string, plan: Plan, at: string): RunState {
  const tasks: RunState['tasks'] = {};
  for (const step of plan.steps) {
    tasks[step.id] = Object.fromEntries(stepNodes(step).map((node) => [node, pendingTask()]));
  }
  return { runId, status: 'ready', tasks, startedAt: at, updatedAt: at };
}

/** Applies one record to a state (mutates it). */
export function applyRecord(state: RunState, record: JournalRecord): void {
  state.updatedAt = record.at;
  if (record.t === 'run') return;
  if (record.t === 'status') {
    state.status = record.status;
    return;
  }
  const task = state.tasks[record.step]?.[record.node];
  if (!task) return;
  switch (record.t) {
    case 'intent':
      // Nothing remote has happened yet: until `started`, the task is as good as pending.
      task.attempts = record.attempt;
      task.status = 'pending';
      task.message = null;
      return;
    case 'started':
      task.status = 'running';
      task.startedAt = record.at;
      return;
    case 'result':
      task.status = record.status;
      task.message = record.message;
      task.exitCode = record.exitCode;
      task.stderrTail = record.stderrTail;
      task.byGuard = record.byGuard;
      task.endedAt = record.at;
      return;
    case 'decision':
      if (record.decision === 'skip') {
        task.status = 'skipped';
        task.message = 'skipped by the user';
      } else {
        task.status = 'pending';
        task.message = null;
      }
      return;
  }
}

/**
 * Rebuilds a run from its journal. A task that started and has no result is `unknown`: the app died
 * while it ran, and only its guard can tell whether it took effect. A run that was running is
 * `interrupted`.
 */
export function replayJournal(records: JournalRecord[]): {
  plan: Plan;
  options: RunOptions;
  state: RunState;
} {
  const head = records[0];
  if (!head || head.t !== 'run') throw new Error('a journal starts with a run record');
  const state = initialRunState(head.runId, head.plan, head.at);
  for (const record of records) applyRecord(state, record);
  for (const byNode of Object.values(state.tasks)) {
    for (const task of Object.values(byNode)) {
      if (task.status === 'running') {
        task.status = 'unknown';
        task.message = 'Quorum stopped while this ran; its guard is checked before anything re-runs';
      }
    }
  }
  if (state.status === 'running' || state.status === 'stopping') state.status = 'interrupted';
  return { plan: head.plan, options: head.options, state };
}

/** Counts of tasks by status, for progress bars. */
export function taskCounts(state: RunState): Record<TaskStatus, number> & { total: number } {
  const counts = { pending: 0, running: 0, ok: 0, failed: 0, unknown: 0, skipped: 0, total: 0 };
  for (const byNode of Object.values(state.tasks)) {
    for (const task of Object.values(byNode)) {
      counts[task.status] += 1;
      counts.total += 1;
    }
  }
  return counts;
}
