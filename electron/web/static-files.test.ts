/**
 * The browser host's static files through the real server: compression by Accept-Encoding and caching
 * by name (hashed assets forever, the page never).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../api/backend';
import { startWebServer, type WebServer } from './server';
import { IMMUTABLE, cacheControl, chooseEncoding } from './static-files';

let server: WebServer;
let base: string;
/** The asset cookie the page request sets (the page itself is opened with the token in its URL). */
let cookie = '';
const script = `export const lines = [${Array.from({ length: 400 }, (_, i) => `"line ${i}"`).join(', ')}];\n`;

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-static-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), `<!doctype html><title>Quorum</title>${' '.repeat(2000)}`);
  writeFileSync(join(staticDir, 'assets', 'index-DwB9rorp.js'), script);
  writeFileSync(join(staticDir, 'assets', 'tiny-Ab12_-Cd.js'), 'console.log(1)');
  writeFileSync(join(staticDir, 'icon.png'), Buffer.alloc(4096, 7));
  const backend = createBackend(
    { dataDir: join(dir, 'data'), projectsDir: join(dir, 'projects') },
    { host: 'web', version: 't' },
  );
  server = await startWebServer({ backend, staticDir, token: 't' });
  base = `http://127.0.0.1:${server.port}`;
  const page = await get('/?token=t');
  cookie = String(page.headers['set-cookie'] ?? '').split(';')[0]!;
});

afterAll(() => server.close());

describe('static files', () => {
  it('sends brotli or gzip as the browser accepts, and the same bytes once decoded', async () => {
    const br = await get('/assets/index-DwB9rorp.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);

    const gz = await get('/assets/index-DwB9rorp.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await get('/assets/index-DwB9rorp.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');

    const refused = await get('/assets/index-DwB9rorp.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('compresses the page too, but neither tiny files nor images', async () => {
    const page = await get('/?token=t', { 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.body).toString()).toContain('<title>Quorum</title>');
    expect(
      (await get('/assets/tiny-Ab12_-Cd.js', { 'accept-encoding': 'br' })).headers['content-encoding'],
    ).toBe(undefined);
    const png = await get('/icon.png', { 'accept-encoding': 'br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(4096);
  });

  it('caches hashed assets for a year, immutable; the page never; other files after revalidation', async () => {
    expect((await get('/assets/index-DwB9rorp.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get('/?token=t')).headers['cache-control']).toBe('no-store');
    expect((await get('/icon.png')).headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing file and a folder', async () => {
    expect((await get('/assets/missing-AAAAAAAA.js')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
  });
});

describe('choosing an encoding', () => {
  it('prefers brotli, then gzip, honours q=0 and the wildcard', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding('GZIP')).toBe('gzip');
  });

  it('names immutable only what carries a content hash under assets/', () => {
    expect(cacheControl('assets/DeployTab-CQCiJqyo.js')).toBe(IMMUTABLE);
    expect(cacheControl('assets/xterm.css')).toBe('no-cache');
    expect(cacheControl('index.html')).toBe('no-store');
    expect(cacheControl('quorum-DwB9rorp.png')).toBe('no-cache');
  });
});
