/**
 * What the handlers know of their host and their caller: the host's capabilities beyond plain Node and
 * the calling client. Its own module, so the handlers need not import the backend that assembles them.
 */
import type { AppInfo } from '../../shared/api/contract';
import type { RunbookFormat } from '../../shared/api/operations/runbook';
import type { CredentialVault } from '../runner/credential-vault';

/** What the Electron host supplies for exports: a save dialog and Chromium's PDF printer. */
export interface RunbookExporter {
  chooseExportPath(defaultPath: string, format: RunbookFormat): Promise<string | null>;
  /** Prints self-contained HTML to PDF (offscreen, sandboxed, no network). */
  printHtmlToPdf(html: string): Promise<Uint8Array>;
}

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

/** Who is calling; transports fill it in (one per window or socket). */
export interface CallContext {
  client: string;
}
