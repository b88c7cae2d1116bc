import type { StateCreator } from 'zustand';
import { DEFAULT_RELIABILITY } from '../../../shared/simulation/availability';
import type { AppState, ValidationSlice } from './state';

const KEYS = { nodes: 'failedNodes', networks: 'failedNetworks', zones: 'failedZones' } as const;

export const createValidationSlice: StateCreator<AppState, [], [], ValidationSlice> = (set) => ({
  findings: [],
  validatedDesign: null,
  failedNodes: [],
  failedNetworks: [],
  failedZones: [],
  reliability: DEFAULT_RELIABILITY,
  reliabilityPerNode: {},
  highlightedNodes: [],
  simulateOnCanvas: false,
  setSimulateOnCanvas: (simulateOnCanvas) => set({ simulateOnCanvas }),
  setFindings: (validatedDesign, findings) =>
    set((state) => {
      // Failures of things that no longer exist are dropped so the panel never simulates ghosts.
      const nodes = new Set(validatedDesign.nodes.map((n) => n.id));
      const networks = new Set(validatedDesign.networks.map((n) => n.id));
      const zones = new Set(validatedDesign.nodes.flatMap((n) => (n.zone ? [n.zone] : [])));
      return {
        validatedDesign,
        findings,
        failedNodes: state.failedNodes.filter((id) => nodes.has(id)),
        failedNetworks: state.failedNetworks.filter((id) => networks.has(id)),
        failedZones: state.failedZones.filter((id) => zones.has(id)),
        reliabilityPerNode: Object.fromEntries(
          Object.entries(state.reliabilityPerNode).filter(([id]) => nodes.has(id)),
        ),
      };
    }),
  toggleFailed: (kind, id) =>
    set((state) => {
      const key = KEYS[kind];
      const list = state[key];
      return { [key]: list.includes(id) ? list.filter((x) => x !== id) : [...list, id] };
    }),
  clearFailures: () => set({ failedNodes: [], failedNetworks: [], failedZones: [] }),
  setReliability: (reliability) => set({ reliability }),
  setNodeReliability: (node, field, hours) =>
    set((state) => {
      const current = { ...state.reliabilityPerNode[node] };
      if (hours === undefined) delete current[field];
      else current[field] = hours;
      const next = { ...state.reliabilityPerNode };
      if (Object.keys(current).length === 0) delete next[node];
      else next[node] = current;
      return { reliabilityPerNode: next };
    }),
  highlightNodes: (highlightedNodes) => set({ highlightedNodes }),
});
