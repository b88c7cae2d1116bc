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
import { runbookHandlers } from './runbook-handlers';
import { DeployService } from '../runner/deploy-service';
import type { CallContext, HostCapabilities } from './host';

/** What the file operations may touch on this host (see electron/store/file-access.ts). */
export function fileAccessFor(paths: StorePaths, host: HostCapabilities): FileAccess {
  return host.host === 'web'
    ? new FileAccess([paths.projectsDir, ...(host.allowDirs ?? [])])
    : FileAccess.unconfined();
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
