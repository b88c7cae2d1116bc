import type { StateCreator } from 'zustand';
import type { AppInfo, Autosave } from '../../../shared/api/contract';
import type { AppState } from './index';

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

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  tab: 'design',
  dialog: null,
  notice: null,
  connection: 'connecting',
  appInfo: null,
  recovery: null,
  setTab: (tab) => set({ tab }),
  showDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  showNotice: (notice) => set({ notice }),
  setConnection: (connection) => set({ connection }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setRecovery: (recovery) => set({ recovery }),
});
