import type { HandlersFor } from '../../shared/api/dispatcher';
import type { projectOperations } from '../../shared/api/operations/project';
import { ApiError } from '../../shared/api/result';
import type { ProjectStore } from '../store/project-store';
import type { StorePaths } from '../store/paths';
import type { CallContext, HostCapabilities } from './host';

/** Project files, dialogs, autosave and document state. */
export function projectHandlers(
  store: ProjectStore,
  paths: StorePaths,
  host: HostCapabilities,
): HandlersFor<keyof typeof projectOperations, CallContext> {
  const dialogs = () => {
    if (!host.dialogs) throw new ApiError('unsupported', 'This host has no native file dialogs');
    return host.dialogs;
  };
  return {
    getAppInfo: () => ({
      name: 'Quorum',
      version: host.version,
      host: host.host,
      platform: process.platform,
      capabilities: { nativeDialogs: Boolean(host.dialogs), nativeMenu: Boolean(host.nativeMenu) },
      dataDir: paths.dataDir,
      projectsDir: paths.projectsDir,
    }),
    openProject: async ({ path }) => {
      const opened = await store.open(path);
      host.onRecentChanged?.();
      return opened;
    },
    saveProject: async ({ path, design }) => {
      const saved = await store.save(path, design);
      host.onRecentChanged?.();
      return saved;
    },
    chooseOpenPath: async () => ({ path: await dialogs().chooseOpenPath(paths.projectsDir) }),
    chooseSavePath: async ({ suggestedName }) => ({
      path: await dialogs().chooseSavePath(
        store.resolve(suggestedName || 'untitled', { addExtension: true }),
      ),
    }),
    listRecentProjects: async () => ({ projects: await store.listRecent() }),
    listProjectFolder: () => store.listFolder(),
    writeAutosave: ({ design, path }) => store.writeAutosave(design, path),
    readAutosave: async () => ({ autosave: await store.readAutosave() }),
    clearAutosave: async () => {
      await store.clearAutosave();
      return {};
    },
    reportDocumentState: (state) => {
      host.onDocumentState?.(state);
      return {};
    },
  };
}
