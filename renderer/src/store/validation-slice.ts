import type { StateCreator } from 'zustand';
import type { Design } from '../../../shared/design/schema';
import type { Finding } from '../../../shared/rules/types';
import { DEFAULT_RELIABILITY, type NodeReliability } from '../../../shared/simulation/availability';
import type { AppState } from './index';

/** The live validation results and the what-if inputs of the Validate tab. */
export interface ValidationSlice {
  /** Findings for `validatedDesign` (a debounced snapshot of the design; see renderer/src/validation.ts). */
  findings: Finding[];
  validatedDesign: Design | null;
  /** Node, network and zone ids the user has failed in the simulation panel. */
  failedNodes: string[];
  failedNetworks: string[];
  failedZones: string[];
  /** MTTF/MTTR used for the availability estimate, and per-node overrides by node id. */
  reliability: NodeReliability;
  reliabilityPerNode: Record<string, Partial<NodeReliability>>;
  /** Node ids to highlight (the canvas reads this; set by clicking a finding). */
  highlightedNodes: string[];
  /** The canvas is in simulate mode: clicking a host or a network fails or repairs it. */
  simulateOnCanvas: boolean;
  setSimulateOnCanvas: (on: boolean) => void;
  setFindings: (design: Design, findings: Finding[]) => void;
  toggleFailed: (kind: 'nodes' | 'networks' | 'zones', id: string) => void;
  clearFailures: () => void;
  setReliability: (reliability: NodeReliability) => void;
  /** Overrides one field of one node; undefined returns it to the default. */
  setNodeReliability: (node: string, field: keyof NodeReliability, hours: number | undefined) => void;
  highlightNodes: (ids: string[]) => void;
}

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
