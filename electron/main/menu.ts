import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand, ProjectEntry } from '../../shared/api/contract';

export interface MenuOptions {
  /** A development build: View has Reload and DevTools. Packaged builds have neither. */
  development: boolean;
  platform: NodeJS.Platform;
}

/**
 * The application menu. Items only emit `menuCommand` events: the renderer holds the design, so it
 * decides what New/Open/Save mean (e.g. asking for a path, refusing an invalid design).
 */
export function buildMenu(
  recent: ProjectEntry[],
  emit: (command: MenuCommand) => void,
  options: MenuOptions,
): Menu {
  return Menu.buildFromTemplate(menuTemplate(recent, emit, options));
}

/** The menu as a template (no `electron` call), so a unit test can read it. */
export function menuTemplate(
  recent: ProjectEntry[],
  emit: (command: MenuCommand) => void,
  { development, platform }: MenuOptions,
): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((entry) => ({
        label: entry.name ? `${entry.name} — ${basename(entry.path)}` : entry.path,
        click: () => emit({ command: 'openRecent', path: entry.path }),
      }))
    : [{ label: 'No recent projects', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&New Project', accelerator: 'CmdOrCtrl+N', click: () => emit({ command: 'new' }) },
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => emit({ command: 'open' }) },
      { label: 'Open &Recent', submenu: recentItems },
      { type: 'separator' },
      { label: '&Save', accelerator: 'CmdOrCtrl+S', click: () => emit({ command: 'save' }) },
      { label: 'Save &As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => emit({ command: 'saveAs' }) },
      { type: 'separator' },
      {
        label: 'Export &Runbook',
        submenu: [
          {
            id: 'export-runbook-pdf',
            label: 'As &PDF…',
            click: () => emit({ command: 'exportRunbook', format: 'pdf' }),
          },
          { label: 'As &HTML…', click: () => emit({ command: 'exportRunbook', format: 'html' }) },
          { label: 'As &Markdown…', click: () => emit({ command: 'exportRunbook', format: 'md' }) },
        ],
      },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  // Electron's default View menu has Reload and Toggle Developer Tools: spelled out to keep them out of
  // packaged builds (DevTools are also disabled in the window's webPreferences there).
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(development
        ? ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
