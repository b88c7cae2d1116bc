/**
 * The one place BrowserWindow options are made, so that a unit test can assert the security settings.
 * Only a type is imported from `electron`: the test runs in plain Node.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer's origin in the app; IPC from anything else is refused. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'quorum';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The first window's size, and the smallest the layout allows (window-state.ts fits them to a screen). */
export const WINDOW_SIZE = { width: 1280, height: 820, minWidth: 900, minHeight: 600 };

export interface WindowOptionsInput {
  /** DevTools can be opened: development builds only (`!app.isPackaged`). */
  devTools: boolean;
}

export function createWindowOptions(
  preloadPath: string,
  { devTools }: WindowOptionsInput,
): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZE,
    title: 'Quorum',
    show: false,
    backgroundColor: '#1e1f24',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools,
    },
  };
}
