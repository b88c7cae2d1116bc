/**
 * What the Verify panel's failure drills do: ask the backend which drills the open design can run (and
 * its earlier results), and start one. Lines and records arrive as events (session.ts).
 */
import type { DrillKind } from '../../../shared/drill/types';
import { api } from '../api';
import { useStore } from '../store';

/** Reloads the drills' availability and the design's earlier drills. */
export async function loadDrills(): Promise<void> {
  const { design } = useStore.getState();
  const overview = await api().drillList({ design });
  useStore.getState().setDrillOverview(overview);
}

/** Starts a drill (after the user confirmed: it powers nodes off). */
export async function startDrill(kind: DrillKind): Promise<void> {
  const { design } = useStore.getState();
  try {
    const { record } = await api().drillStart({ design, kind });
    useStore.getState().setDrillRecord(record);
  } catch (error) {
    useStore.getState().showNotice(`Drill: ${(error as Error).message}`);
    await loadDrills().catch(() => undefined);
  }
}
