import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend } from '../api/backend';
import { decodeDataFrame } from '../../shared/api/data-frame';
import { nodeUtf8, startWebServer, tokensMatch, type WebServer } from './server';

let server: WebServer;
let backend: ReturnType<typeof createBackend>;
let base: string;

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function socket(query: string, origin: string): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api${query}`, { headers: { origin } });
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => undefined);
  });
}

function next(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-web-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Quorum</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  backend = createBackend(
    { dataDir: join(dir, 'data'), projectsDir: join(dir, 'projects') },
    { host: 'web', version: 't' },
  );
  server = await startWebServer({ backend, staticDir, token: 'test-token' });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.close());

describe('web host', () => {
  it('binds loopback and prints a URL with the token', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`${base}/?token=test-token`);
  });

  it('compares tokens in constant time and exactly', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('abc', null)).toBe(false);
  });

  it('serves the page only with the token, then sets a strict cookie and security headers', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    const page = await get('/?token=test-token');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const cookies = page.headers['set-cookie'] as string[];
    expect(cookies).toHaveLength(1);
    const match = new RegExp(
      `^quorum_assets_${server.port}=([A-Za-z0-9_-]{43}); HttpOnly; SameSite=Strict; Path=/$`,
    ).exec(cookies[0] ?? '');
    if (!match) throw new Error(`unexpected cookie ${cookies[0]}`);
    const assetKey = match[1] ?? '';
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/assets/app.js')).status).toBe(401);
    const cookie = `quorum_assets_${server.port}=${assetKey}`;
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
    // Another port's cookie, or the token itself as a cookie, opens nothing.
    expect((await get('/assets/app.js', { cookie: `quorum_assets_1=${assetKey}` })).status).toBe(401);
    expect((await get('/assets/app.js', { cookie: 'quorum_token=test-token' })).status).toBe(401);
  });

  it('never puts the token in a cookie, and the asset key does not open the API socket', async () => {
    const page = await get('/?token=test-token');
    const cookie = (page.headers['set-cookie'] as string[])[0] ?? '';
    expect(cookie).not.toContain('test-token');
    const assetKey = /=([^;]+);/.exec(cookie)?.[1] ?? '';
    expect((await socket(`?token=${assetKey}`, base)).status).toBe(401);
    const viaCookie = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api`, {
        headers: { origin: base, cookie: `quorum_assets_${server.port}=${assetKey}` },
      });
      ws.on('open', () => resolve(101));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(viaCookie).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and paths outside the renderer', async () => {
    expect((await get('/?token=test-token', { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get('/..%2fsecret.txt?token=test-token')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt?token=test-token')).status).toBe(404);
  });

  it('refuses the socket without the token or from another origin', async () => {
    expect((await socket('', base)).status).toBe(401);
    expect((await socket('?token=nope', base)).status).toBe(401);
    expect((await socket('?token=test-token', 'http://evil.example')).status).toBe(403);
  });

  it('runs calls through the dispatcher and refuses malformed messages', async () => {
    const { ws } = await socket('?token=test-token', base);
    if (!ws) throw new Error('no socket');
    ws.send(JSON.stringify({ t: 'call', id: 1, op: 'getAppInfo', input: {} }));
    expect(await next(ws)).toMatchObject({
      t: 'result',
      id: 1,
      result: { ok: true, value: { host: 'web', version: 't' } },
    });
    ws.send(JSON.stringify({ t: 'call', id: 2, op: 'rm -rf', input: {} }));
    expect(await next(ws)).toMatchObject({
      t: 'result',
      id: 2,
      result: { ok: false, error: { code: 'unknown-operation' } },
    });
    ws.send('not json');
    expect(await next(ws)).toEqual({ t: 'error', message: 'message is not JSON' });
    ws.send(JSON.stringify({ t: 'launch' }));
    expect(await next(ws)).toEqual({ t: 'error', message: 'malformed message' });
    ws.send(JSON.stringify({ t: 'sub', id: 3, event: 'menuCommand' }));
    expect(await next(ws)).toEqual({ t: 'result', id: 3, result: { ok: true, value: null } });
    ws.close();
  });

  it('sends terminal output as a binary data frame: raw UTF-8 after a JSON header', async () => {
    const { ws } = await socket('?token=test-token', base);
    if (!ws) throw new Error('no socket');
    ws.send(JSON.stringify({ t: 'sub', id: 7, event: 'deployOutput' }));
    expect(await next(ws)).toEqual({ t: 'result', id: 7, result: { ok: true, value: null } });
    const frame = new Promise<{ data: Buffer; isBinary: boolean }>((resolve) =>
      ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })),
    );
    const text = '\x1b[1mGröße 10 € — 日本語 ✔\x1b[0m\r\n"quoted"\\';
    backend.hub.emit('deployOutput', { runId: 'run-1', node: 'db1', data: text });
    const { data, isBinary } = await frame;
    expect(isBinary).toBe(true);
    // The text travels as its own UTF-8 bytes, not JSON-escaped.
    expect(data.includes(Buffer.from(text, 'utf8'))).toBe(true);
    expect(decodeDataFrame(new Uint8Array(data), nodeUtf8)).toEqual({
      id: 7,
      payload: { runId: 'run-1', node: 'db1', data: text },
    });
    ws.close();
  });
});
