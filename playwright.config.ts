import { defineConfig } from '@playwright/test';

/**
 * e2e tests drive Debian's Chromium (never a downloaded browser) against `quorum serve`; each test gets
 * its own server and data folders (see e2e/fixtures.ts). Electron specs launch the real app where its
 * binary exists and skip with the reason where it does not.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium',
      // Root has no user namespace sandbox here; the network flags stop Chromium calling home on a closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
