/**
 * The placement overlay's data: where each service runs, per host, computed once per design object (the
 * store replaces the design on every edit), so every host reads the same map.
 */
import type { Design } from '../../../shared/design/schema';
import { resolveTopology, servicePlacement, type Placed } from '../../../shared/topology';

const cache = new WeakMap<Design, Map<string, Placed[]>>();
const NOTHING: Placed[] = [];

/** What runs on `nodeId` in `design` (the same array for the same design, so selectors stay stable). */
export function placementOn(design: Design, nodeId: string): Placed[] {
  let map = cache.get(design);
  if (!map) {
    map = servicePlacement(resolveTopology(design));
    cache.set(design, map);
  }
  return map.get(nodeId) ?? NOTHING;
}
