import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './window-options';
import { appRequestToFile, isAllowedExternalUrl, isTrustedSender } from './security';

describe('window options', () => {
  const options = createWindowOptions('/app/preload.cjs', { devTools: false });

  it('isolates and sandboxes the renderer', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('shows the window only when ready', () => {
    expect(options.show).toBe(false);
  });

  it('allows DevTools only when asked (development builds)', () => {
    expect(options.webPreferences?.devTools).toBe(false);
    expect(createWindowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('security checks', () => {
  it.each([
    ['app://quorum/index.html', true, true],
    ['app://quorum/index.html', false, false],
    ['app://evil/index.html', true, false],
    ['https://quorum/index.html', true, false],
    ['file:///etc/passwd', true, false],
    [undefined, true, false],
  ])('sender %s (main frame %s) trusted: %s', (url, main, trusted) => {
    expect(isTrustedSender(url, main)).toBe(trusted);
  });

  it.each([
    ['https://docs.openstack.org/ha-guide/', true],
    ['http://docs.openstack.org/ha-guide/', false],
    ['https://docs.openstack.org.evil.com/', false],
    ['https://user@docs.openstack.org/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('external link %s allowed: %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });

  it('maps app:// requests into the renderer folder and nowhere else', () => {
    expect(appRequestToFile('app://quorum/', '/r', '/')).toBe('/r/index.html');
    expect(appRequestToFile('app://quorum/assets/a.js', '/r', '/')).toBe('/r/assets/a.js');
    // The URL parser resolves dot segments first: this stays inside the folder.
    expect(appRequestToFile('app://quorum/%2e%2e/secret', '/r', '/')).toBe('/r/secret');
    expect(appRequestToFile('app://quorum/a/..%2f..%2fetc/passwd', '/r', '/')).toBeNull();
    expect(appRequestToFile('app://other/index.html', '/r', '/')).toBeNull();
  });
});
