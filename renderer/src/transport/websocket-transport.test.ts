/**
 * The browser transport against the real web host on loopback (the `ws` client stands in for the
 * browser's WebSocket, adding the Origin header a browser sends): a design over the message limit is
 * refused with a clear error before it is sent, and the connection keeps serving.
 */
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WsWebSocket from 'ws';
import { createBackend } from '../../../electron/api/backend';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { createApi, createBridge, type QuorumApi } from '../../../shared/api/bridge';
import { ApiError } from '../../../shared/api/result';
import { createDesign } from '../../../shared/design/schema';
import { closeReason, MAX_MESSAGE_BYTES } from '../../../shared/api/wire';
import { createWebSocketTransport } from './websocket-transport';

let server: WebServer;
let projectsDir: string;
let api: QuorumApi;
const states: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-transport-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  projectsDir = join(dir, 'projects');
  const backend = createBackend({ dataDir: join(dir, 'data'), projectsDir }, { host: 'web', version: 't' });
  server = await startWebServer({ backend, staticDir, token: 'transport-token' });
  const origin = `http://127.0.0.1:${server.port}`;
  class BrowserLikeSocket extends WsWebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { origin } });
    }
  }
  Object.assign(globalThis, {
    WebSocket: BrowserLikeSocket,
    window: { location: { href: `${origin}/` }, setTimeout },
  });
  api = createApi(createBridge(createWebSocketTransport('transport-token', (s) => states.push(s))));
});

afterAll(() => server.close());

describe('browser transport', () => {
  it('refuses to send a design over the message limit, with a clear error; the socket stays open', async () => {
    const design = createDesign('Huge');
    const huge = { ...design, name: 'x'.repeat(MAX_MESSAGE_BYTES) };
    const path = join(projectsDir, 'huge.quorum');
    const error = await api.saveProject({ path, design: huge }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(
      /^The design is 16\.0 MB; the server accepts at most 16\.0 MB per message \(saveProject\)/,
    );
    expect((await api.getAppInfo({})).host).toBe('web');
    expect(states).toEqual(['connecting', 'open']);
    // A design under the limit still saves on the same connection.
    await api.saveProject({ path, design });
    expect(readdirSync(projectsDir)).toEqual(['huge.quorum']);
  });

  it('names the reason when the server closed the socket over a refused frame', () => {
    expect(closeReason(1009)).toMatch(/larger than 16\.0 MB/);
    expect(closeReason(1007)).toMatch(/not valid UTF-8/);
    expect(closeReason(1006)).toBe('Lost the connection to the Quorum backend');
  });
});
