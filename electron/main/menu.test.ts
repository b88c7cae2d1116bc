import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => ({ Menu: { buildFromTemplate: (template: unknown) => template } }));
const { menuTemplate } = await import('./menu');

/** Every role in the menu, submenus included. */
function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  const emit = () => undefined;

  it('has no DevTools or Reload in packaged builds', () => {
    const packaged = roles(menuTemplate([], emit, { development: false, platform: 'linux' }));
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    // Electron's default View menu would bring them back.
    expect(packaged).not.toContain('viewMenu');
    expect(packaged).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('has them in development builds', () => {
    const dev = roles(menuTemplate([], emit, { development: true, platform: 'linux' }));
    expect(dev).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']));
  });

  it('adds the app menu on macOS only', () => {
    expect(roles(menuTemplate([], emit, { development: false, platform: 'darwin' }))).toContain('appMenu');
    expect(roles(menuTemplate([], emit, { development: false, platform: 'win32' }))).not.toContain('appMenu');
  });
});
