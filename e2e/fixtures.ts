/**
 * Test fixtures: a fresh `quorum serve` per test (own data and projects folders, so autosaves and recent
 * lists never leak between tests) and the page object that drives the app.
 */
import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QuorumApp } from './pages/quorum-app';

export interface QuorumServer {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  projectsDir: string;
  process: ChildProcess;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts `quorum serve --port 0` and waits for the URL line (never a fixed sleep). */
export async function startServer(): Promise<QuorumServer> {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-e2e-'));
  const dataDir = join(dir, 'data');
  const projectsDir = join(dir, 'projects');
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'quorum.mjs'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--projects-dir',
      projectsDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`quorum serve printed no URL:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /https?:\/\/\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`quorum serve exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    projectsDir,
    process: child,
  };
}

export async function stopServer(server: QuorumServer): Promise<void> {
  if (server.process.exitCode === null) {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  await rm(join(server.dataDir, '..'), { recursive: true, force: true });
}

export const test = base.extend<{ server: QuorumServer; app: QuorumApp }>({
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await stopServer(server);
  },
  app: async ({ page, server }, use) => {
    const app = new QuorumApp(page, server.url);
    await app.open();
    await use(app);
  },
});

export { expect };
