/**
 * The backend: the contract's operations implemented in plain Node. Electron main and the web host both
 * wrap the dispatcher made here; what differs between them (native dialogs, window state) comes in as
 * optional host capabilities, never as an `electron` import.
 */
import {
  createDispatcher,
  createEventHub,
  type Dispatcher,
  type EventHub,
} from '../../shared/api/dispatcher';
import type { AppInfo } from '../../shared/api/contract';
import { ProjectStore } from '../store/project-store';
import type { StorePaths } from '../store/paths';
import { FileAccess } from '../store/file-access';
import { projectHandlers } from './project-handlers';
import { sshConfigHandlers } from './ssh-config-handlers';
import { deployHandlers } from './deploy-handlers';
import { verifyHandlers } from './verify-handlers';
import { VerifyService } from '../verify/verify-service';
import { drillHandlers } from './drill-handlers';
import { DrillService } from '../drill/drill-service';
import { type RunbookExporter, runbookHandlers } from './runbook-handlers';
import { DeployService } from '../runner/deploy-service';
import type { CredentialVault } from '../runner/credential-vault';

/** What a host can do beyond plain Node. */
export interface HostCapabilities {
  host: AppInfo['host'];
  version: string;
  /** Native file dialogs (Electron). Absent in the browser host: the renderer shows its own. */
  dialogs?: {
    chooseOpenPath(defaultDir: string): Promise<string | null>;
    chooseSavePath(defaultPath: string): Promise<string | null>;
  };
  /** A native menu with accelerators (Electron). */
  nativeMenu?: boolean;
  /** Called when the renderer reports its title, dirty state and file. */
  onDocumentState?(state: { title: string; dirty: boolean; path: string | null }): void;
  /** OS-keyring encryption for remembered credentials (Electron safeStorage); absent: memory only. */
  credentialVault?: CredentialVault;
  /** Called after a project was opened or saved, so a host can refresh its Open Recent menu. */
  onRecentChanged?(): void;
  /** Save dialog and PDF printing for runbook exports (Electron); absent: export through the CLI. */
  runbookExport?: RunbookExporter;
  /**
   * Browser mode only: folders besides the projects folder that opening, saving and SSH-config import may
   * use (`quorum serve --allow-dir`). The web host is always confined; Electron never is (its paths come
   * from native dialogs, chosen by the user).
   */
  allowDirs?: readonly string[];
}

/** What the file operations may touch on this host (see electron/store/file-access.ts). */
export function fileAccessFor(paths: StorePaths, host: HostCapabilities): FileAccess {
  return host.host === 'web'
    ? new FileAccess([paths.projectsDir, ...(host.allowDirs ?? [])])
    : FileAccess.unconfined();
}

/** Who is calling; transports fill it in (one per window or socket). */
export interface CallContext {
  client: string;
}

export interface Backend {
  dispatcher: Dispatcher<CallContext>;
  hub: EventHub;
  store: ProjectStore;
  deploy: DeployService;
}

export function createBackend(paths: StorePaths, host: HostCapabilities): Backend {
  const access = fileAccessFor(paths, host);
  const store = new ProjectStore(paths, access);
  const hub = createEventHub();
  const deploy = new DeployService(paths.dataDir, hub, host.credentialVault);
  // One module per domain; add new domains' handlers here.
  const dispatcher = createDispatcher<CallContext>(
    {
      ...projectHandlers(store, paths, host),
      ...sshConfigHandlers(access),
      ...deployHandlers(deploy),
      ...verifyHandlers(new VerifyService(deploy, hub, paths.dataDir)),
      ...runbookHandlers(paths, host),
      ...drillHandlers(new DrillService(deploy, hub, paths.dataDir, paths.labs ?? paths)),
    },
    hub,
  );
  return { dispatcher, hub, store, deploy };
}
