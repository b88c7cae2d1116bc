import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand, ProjectEntry } from '../../shared/api/contract';

/**
 * The application menu. Items only emit `menuCommand` events: the renderer holds the design, so it
 * decides what New/Open/Save mean (e.g. asking for a path, refusing an invalid design).
 */
export function buildMenu(recent: ProjectEntry[], emit: (command: MenuCommand) => void): Menu {
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
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
