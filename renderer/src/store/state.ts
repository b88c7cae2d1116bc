/**
 * The store's shape: every slice's state and actions, and the app state they make together. The slices
 * (`*-slice.ts`) implement these and read one another's fields through `AppState`; the shape lives here,
 * apart from them, so no slice imports the store that assembles it (index.ts) and the imports stay acyclic.
 */
import type { AppInfo, Autosave } from '../../../shared/api/contract';
import type { PreflightRow } from '../../../shared/api/operations/deploy';
import type { RunState } from '../../../shared/deploy/run-state';
import type { Clipboard } from '../../../shared/design/clipboard';
import type { History } from '../../../shared/design/history';
import type { Design } from '../../../shared/design/schema';
import type { EditResult, Selection } from '../../../shared/design/topology';
import type { DrillAvailability, DrillRecord } from '../../../shared/drill/types';
import type { Plan } from '../../../shared/plan/types';
import type { Finding } from '../../../shared/rules/types';
import type { NodeReliability } from '../../../shared/simulation/availability';
import type { VerifyReport } from '../../../shared/verify/types';

export type AppState = ProjectSlice &
  UiSlice &
  ValidationSlice &
  CanvasSlice &
  PlanSlice &
  DeploySlice &
  VerifySlice &
  DrillSlice &
  GuideSlice;

/** The open project: the design is the single source of truth for everything the tabs show. */
export interface ProjectSlice {
  design: Design;
  /** Where the project is saved, or null for a project never saved. */
  path: string | null;
  /** Bumped on every change; a save records the revision it wrote, so edits during a save stay unsaved. */
  revision: number;
  savedRevision: number;
  savedAt: string | null;
  /**
   * Applies a pure edit from `shared/design` and records it for undo. Edits with the same `coalesce` key in a
   * row (typing in one field, dragging one node) are one undo step.
   */
  updateDesign: (edit: (design: Design) => Design, coalesce?: string) => void;
  /** Replaces the whole project (new, open, recover). */
  loadProject: (design: Design, path: string | null, options?: { dirty?: boolean }) => void;
  markSaved: (path: string, revision: number, savedAt: string) => void;
}

/** The tabs in the order the tab bar shows them; `TabId` names one. */
export const TABS = [
  { id: 'design', label: 'Design' },
  { id: 'options', label: 'Options' },
  { id: 'validate', label: 'Validate' },
  { id: 'plan', label: 'Plan' },
  { id: 'deploy', label: 'Deploy' },
  { id: 'guide', label: 'Guide' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export interface Problem {
  path: string;
  message: string;
}

/** At most one modal at a time; each names what it is for. */
export type Dialog =
  | { kind: 'open' }
  | { kind: 'save-as' }
  | { kind: 'problems'; title: string; message: string; problems: Problem[]; footnote: string | null }
  | { kind: 'confirm'; title: string; message: string; confirmLabel: string; onConfirm: () => void };

export type Connection = 'connecting' | 'open' | 'lost';

export interface UiSlice {
  tab: TabId;
  dialog: Dialog | null;
  /** A short message in the status bar (saved, opened, migrated). */
  notice: string | null;
  connection: Connection;
  appInfo: AppInfo | null;
  /** Unsaved work found at start-up, offered back until the user restores or discards it. */
  recovery: Autosave | null;
  setTab: (tab: TabId) => void;
  showDialog: (dialog: Dialog) => void;
  closeDialog: () => void;
  showNotice: (notice: string | null) => void;
  setConnection: (connection: Connection) => void;
  setAppInfo: (info: AppInfo) => void;
  setRecovery: (recovery: Autosave | null) => void;
}

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

/** The canvas: what is selected, the undo history and the in-app clipboard. */
export interface CanvasSlice {
  history: History;
  selection: Selection;
  clipboard: Clipboard | null;
  /** Why the last canvas edit was refused (full network, duplicate NIC), shown until the next edit. */
  canvasProblem: string | null;
  helpOpen: boolean;
  /** Whether the minimap is shown; the choice is kept on this machine (localStorage). */
  minimapShown: boolean;
  /** Whether hosts show where each service runs (the placement overlay) instead of their roles. */
  placementShown: boolean;
  /** Bumped when another document is loaded, so the canvas starts fresh and fits the new drawing. */
  documentId: number;
  undo: () => void;
  redo: () => void;
  /** Ends the current undo step (a field lost focus, a drag ended). */
  sealHistory: () => void;
  select: (selection: Selection) => void;
  /** Applies an edit that may be refused; on success selects what it created when `select` says how. */
  applyResult: <T>(result: EditResult<T>, select?: (created: T) => Selection) => boolean;
  copySelection: () => void;
  paste: () => void;
  deleteSelection: () => void;
  setHelpOpen: (open: boolean) => void;
  setMinimapShown: (shown: boolean) => void;
  setPlacementShown: (shown: boolean) => void;
  setCanvasProblem: (problem: string | null) => void;
}

/** The plan as the user last saw it on the Plan tab, so the tab can show what changed since. */
export interface PlanSlice {
  planBaseline: { plan: Plan; path: string | null } | null;
  setPlanBaseline: (baseline: { plan: Plan; path: string | null } | null) => void;
}

/** The Deploy tab's state. Terminal output never passes through here (see deploy/terminals.ts). */
export interface DeploySlice {
  deployPlan: Plan | null;
  run: RunState | null;
  preflight: PreflightRow[] | null;
  preflightBusy: boolean;
  dryRunText: string | null;
  /** The backend's word on its SSH (pure-JS crypto), shown once at the top of the tab. */
  sshNotice: string | null;
  /** Which terminal is shown: `all`, a node id, or `shell:<id>`. */
  terminalTab: string;
  /** Interactive shells opened from the terminal panel. */
  shells: { shellId: string; node: string; ended: boolean }[];
  addShell: (shellId: string, node: string) => void;
  endShell: (shellId: string) => void;
  setDeployPlan: (plan: Plan | null) => void;
  setRun: (run: RunState | null) => void;
  setPreflight: (rows: PreflightRow[] | null, busy: boolean) => void;
  setDryRunText: (text: string | null) => void;
  setSshNotice: (text: string | null) => void;
  setTerminalTab: (tab: string) => void;
}

/** The Deploy tab's Verify panel: the last verification report (kept with the run by the backend). */
export interface VerifySlice {
  verifyReport: VerifyReport | null;
  /** A verification was asked for and its first report has not arrived yet. */
  verifyStarting: boolean;
  setVerifyReport: (report: VerifyReport | null) => void;
  setVerifyStarting: (starting: boolean) => void;
}

/** The Verify panel's failure drills: what can run, the running drill's lines, earlier results of the run. */
export interface DrillSlice {
  /** Each drill's availability for the open design (with the reason when it cannot run). */
  drills: DrillAvailability[];
  /** Finished drills of the design's run, oldest first (kept by the backend in the run's drills.json). */
  drillRecords: DrillRecord[];
  /** The drill in progress, with its phase lines so far. */
  drillRunning: DrillRecord | null;
  setDrillOverview: (overview: {
    drills: DrillAvailability[];
    records: DrillRecord[];
    running: DrillRecord | null;
  }) => void;
  /** A `drillProgress` line: appended to the running drill's lines. */
  addDrillLine: (id: string, line: string) => void;
  /** A `drillState` record: the running drill, or a finished one added to the records. */
  setDrillRecord: (record: DrillRecord) => void;
}

/** Section ids done, per design name. */
export type GuideProgress = Record<string, string[]>;

/** The Guide tab's state: the open chapter, the step it is running, and what is done. */
export interface GuideSlice {
  guideChapter: string;
  /** The run "Run it for me" started, and for which step. */
  guideRun: { runId: string; step: string } | null;
  guideProgress: GuideProgress;
  /** The checkpoint verification the tab started, and for which chapter. */
  guideCheckpoint: { chapter: string; reportId: string } | null;
  setGuideCheckpoint: (checkpoint: { chapter: string; reportId: string } | null) => void;
  setGuideChapter: (chapter: string) => void;
  setGuideRun: (run: { runId: string; step: string } | null) => void;
  markGuideDone: (design: string, ids: readonly string[]) => void;
  resetGuideProgress: (design: string) => void;
}
