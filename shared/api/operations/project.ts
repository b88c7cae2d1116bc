/**
 * Operations on project files, dialogs, the autosave and the window's document state.
 */
import { z } from 'zod';
import { Design } from '../../design/schema';

export const Empty = z.strictObject({});

/** An absolute or user-relative (`~/…`) path on the machine that runs the backend. */
export const FilePath = z.string().min(1, 'must not be empty').max(4096);

export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** Where the backend runs; the UI only uses it to word messages, never to branch on behaviour. */
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  capabilities: z.strictObject({
    /** The host shows native open/save dialogs; otherwise the renderer shows its own path dialog. */
    nativeDialogs: z.boolean(),
    /** The host has a native menu with accelerators; otherwise the renderer handles Ctrl/Cmd+N/O/S. */
    nativeMenu: z.boolean(),
  }),
  dataDir: z.string(),
  projectsDir: z.string(),
});

export const OpenedProject = z.strictObject({
  path: z.string(),
  design: Design,
  /** The schema version the file was migrated from, or null when it was current. */
  migratedFrom: z.number().int().nullable(),
});

export const SavedProject = z.strictObject({ path: z.string(), savedAt: z.string() });

export const ProjectEntry = z.strictObject({
  path: z.string(),
  name: z.string().nullable(),
  modifiedAt: z.string().nullable(),
});

export const Autosave = z.strictObject({
  design: Design,
  path: z.string().nullable(),
  savedAt: z.string(),
});

export const MenuCommand = z.discriminatedUnion('command', [
  z.strictObject({ command: z.enum(['new', 'open', 'save', 'saveAs']) }),
  z.strictObject({ command: z.literal('openRecent'), path: FilePath }),
  z.strictObject({ command: z.literal('exportRunbook'), format: z.enum(['html', 'md', 'pdf']) }),
]);

/** The foundation's operations. */
export const projectOperations = {
  getAppInfo: { input: Empty, output: AppInfo },
  openProject: { input: z.strictObject({ path: FilePath }), output: OpenedProject },
  saveProject: {
    input: z.strictObject({ path: FilePath, design: Design }),
    output: SavedProject,
  },
  /** Native open dialog; fails with `unsupported` where the host has none (see capabilities). */
  chooseOpenPath: { input: Empty, output: z.strictObject({ path: z.string().nullable() }) },
  /** Native save dialog; fails with `unsupported` where the host has none. */
  chooseSavePath: {
    input: z.strictObject({ suggestedName: z.string().max(255) }),
    output: z.strictObject({ path: z.string().nullable() }),
  },
  listRecentProjects: { input: Empty, output: z.strictObject({ projects: z.array(ProjectEntry) }) },
  /** Project files in the projects folder (the browser's open dialog lists these). */
  listProjectFolder: {
    input: Empty,
    output: z.strictObject({ dir: z.string(), projects: z.array(ProjectEntry) }),
  },
  writeAutosave: {
    input: z.strictObject({ design: Design, path: z.string().nullable() }),
    output: z.strictObject({ savedAt: z.string() }),
  },
  readAutosave: { input: Empty, output: z.strictObject({ autosave: Autosave.nullable() }) },
  clearAutosave: { input: Empty, output: Empty },
  /** Tells the host what the window shows, for its title, close prompt and recent list. */
  reportDocumentState: {
    input: z.strictObject({ title: z.string().max(300), dirty: z.boolean(), path: z.string().nullable() }),
    output: Empty,
  },
} as const;

export const projectEvents = {
  menuCommand: MenuCommand,
} as const;

export type AppInfo = z.infer<typeof AppInfo>;
export type MenuCommand = z.infer<typeof MenuCommand>;
export type ProjectEntry = z.infer<typeof ProjectEntry>;
export type Autosave = z.infer<typeof Autosave>;
