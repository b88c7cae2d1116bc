/**
 * Runs a failure drill through the app's backend API, as the Verify panel does: `drillStart` over the real
 * dispatcher, the `drillProgress` and `drillState` events it streams, until its record ends. For the lab
 * suites (`deploy-*.lab-test.ts`).
 */
import type { DrillKind, DrillRecord } from '../../shared/drill/types';
import type { Design } from '../../shared/design/schema';
import type { Backend } from '../api/backend';

/** What the UI would have seen: the phase lines as events, every record published, the final record. */
export interface ApiDrill {
  progress: string[];
  states: DrillRecord[];
  record: DrillRecord;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Starts `kind` with `drillStart` and resolves with its final record (rejects after `timeoutMs`). */
export async function drillThroughApi(
  backend: Backend,
  design: Design,
  kind: DrillKind,
  timeoutMs = 8 * 60_000,
): Promise<ApiDrill> {
  const context = { client: 'lab-test' };
  const progress: { id: string; line: string }[] = [];
  const states: DrillRecord[] = [];
  let ended: (record: DrillRecord) => void = () => undefined;
  const end = new Promise<DrillRecord>((resolve) => (ended = resolve));
  let id: string | null = null;
  const offProgress = unwrap(
    backend.dispatcher.subscribe('drillProgress', (p) => progress.push(p as { id: string; line: string })),
  );
  const offState = unwrap(
    backend.dispatcher.subscribe('drillState', (payload) => {
      const { record } = payload as { record: DrillRecord };
      states.push(record);
      if (record.id === id && record.status !== 'running') ended(record);
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const started = unwrap(
      (await backend.dispatcher.invoke('drillStart', { design, kind }, context)) as
        { ok: true; value: { record: DrillRecord } } | { ok: false; error: { message: string } },
    );
    id = started.record.id;
    const already = states.find((s) => s.id === id && s.status !== 'running');
    if (already) ended(already);
    const record = await Promise.race([
      end,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`drill ${kind} did not end in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { progress: progress.filter((p) => p.id === id).map((p) => p.line), states, record };
  } finally {
    clearTimeout(timer);
    offProgress();
    offState();
  }
}
