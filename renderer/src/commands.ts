/**
 * What New, Open, Save and Save As do, for the menu, the toolbar and the shortcuts alike. Each turns a
 * backend error into a dialog that names the problem and where it is.
 */
import { ApiError } from '../../shared/api/result';
import type { MenuCommand } from '../../shared/api/contract';
import { createDesign, type Design } from '../../shared/design/schema';
import { suggestedFileName } from '../../shared/design/edit';
import { api } from './api';
import { selectDirty, useStore } from './store';

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function showError(title: string, error: unknown, footnote: string | null): void {
  const { showDialog } = useStore.getState();
  if (error instanceof ApiError) {
    showDialog({ kind: 'problems', title, message: error.message, problems: error.problems ?? [], footnote });
  } else {
    showDialog({ kind: 'problems', title, message: String(error), problems: [], footnote });
  }
}

/** Drops the autosave: the project's unsaved state is gone. Not while it holds earlier work on offer. */
function clearAutosave(): void {
  if (useStore.getState().recovery) return;
  void api()
    .clearAutosave({})
    .catch(() => undefined);
}

/** Runs `action` now, or after the user agrees to drop unsaved changes. */
function unlessDirty(action: () => void, verb: string): void {
  const state = useStore.getState();
  if (!selectDirty(state)) return action();
  state.showDialog({
    kind: 'confirm',
    title: 'Discard unsaved changes?',
    message: `“${state.design.name}” has changes that are not saved. ${verb} anyway?`,
    confirmLabel: 'Discard changes',
    onConfirm: action,
  });
}

export function newProject(): void {
  unlessDirty(() => {
    const state = useStore.getState();
    state.loadProject(createDesign(), null);
    state.setTab('design');
    state.showNotice('New project');
    clearAutosave();
  }, 'Start a new project');
}

/** Starts a new, unsaved project from a template's design. */
export function newProjectFrom(design: Design, label: string): void {
  unlessDirty(() => {
    const state = useStore.getState();
    state.loadProject(design, null, { dirty: true });
    state.setTab('design');
    state.showNotice(`New project from the template “${label}”`);
  }, 'Start a new project');
}

export async function openProjectAt(path: string): Promise<boolean> {
  try {
    const opened = await api().openProject({ path });
    const state = useStore.getState();
    state.loadProject(opened.design, opened.path);
    state.closeDialog();
    state.showNotice(
      opened.migratedFrom !== null
        ? `Opened ${basename(opened.path)} (upgraded from schema v${opened.migratedFrom}; saving writes the new format)`
        : `Opened ${basename(opened.path)}`,
    );
    return true;
  } catch (error) {
    showError(`Cannot open ${basename(path)}`, error, 'The file was not changed.');
    return false;
  }
}

export function openProject(): void {
  unlessDirty(() => {
    const { appInfo, showDialog } = useStore.getState();
    if (!appInfo?.capabilities.nativeDialogs) return showDialog({ kind: 'open' });
    void api()
      .chooseOpenPath({})
      .then(({ path }) => (path ? openProjectAt(path) : undefined))
      .catch((error: unknown) => showError('Cannot show the open dialog', error, null));
  }, 'Open another project');
}

export async function saveProjectTo(path: string): Promise<boolean> {
  const state = useStore.getState();
  const revision = state.revision;
  try {
    const saved = await api().saveProject({ path, design: state.design });
    const now = useStore.getState();
    now.markSaved(saved.path, revision, saved.savedAt);
    now.closeDialog();
    now.showNotice(`Saved ${basename(saved.path)}`);
    if (now.revision === revision) clearAutosave();
    return true;
  } catch (error) {
    showError(`Cannot save ${basename(path)}`, error, 'Nothing was written; the file on disk is unchanged.');
    return false;
  }
}

export function saveProjectAs(): void {
  const { appInfo, design, showDialog } = useStore.getState();
  if (!appInfo?.capabilities.nativeDialogs) return showDialog({ kind: 'save-as' });
  void api()
    .chooseSavePath({ suggestedName: suggestedFileName(design.name) })
    .then(({ path }) => (path ? saveProjectTo(path) : undefined))
    .catch((error: unknown) => showError('Cannot show the save dialog', error, null));
}

export function saveProject(): void {
  const { path } = useStore.getState();
  if (path) void saveProjectTo(path);
  else saveProjectAs();
}

export function runMenuCommand(command: MenuCommand): void {
  switch (command.command) {
    case 'new':
      return newProject();
    case 'open':
      return openProject();
    case 'save':
      return saveProject();
    case 'saveAs':
      return saveProjectAs();
    case 'openRecent':
      return unlessDirty(() => void openProjectAt(command.path), 'Open another project');
    case 'exportRunbook':
      return void exportRunbook(command.format);
  }
}

/** Exports the design's runbook (secrets masked) through the host's save dialog; PDF is printed by Electron. */
export async function exportRunbook(format: 'html' | 'md' | 'pdf'): Promise<void> {
  const { design } = useStore.getState();
  try {
    const { path } = await api().exportRunbook({ design, format });
    if (path) useStore.getState().showNotice(`Runbook written to ${basename(path)}`);
  } catch (error) {
    showError('Cannot export the runbook', error, null);
  }
}
