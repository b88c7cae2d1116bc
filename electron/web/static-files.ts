/**
 * The built renderer's files for the browser host: compressed for browsers that accept it (brotli, else
 * gzip; each file compressed once and kept in memory) and cached by name. Vite names every asset after a
 * hash of its content, so those never change and are cached for a year without revalidation; index.html
 * names the current ones and is never stored. On a classroom LAN this is what start-up waits for.
 */
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Text formats worth compressing (PNG and WOFF2 are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.map']);

/** Below this a compressed body saves less than its headers and the CPU cost. */
const MIN_COMPRESS_BYTES = 1024;

/**
 * Brotli quality 9: within a few per cent of 11's size for JS, at a tenth of its time (about 100 ms for
 * the 800 kB main chunk on one core), so the first visitor after a start does not wait seconds for it.
 */
const BROTLI_QUALITY = 9;

/** `name-HASH.ext` as Vite writes assets (an 8-character base64url hash). */
const HASHED_NAME = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** One file ready to send. */
export interface StaticFile {
  body: Buffer;
  headers: Record<string, string>;
}

type Encoding = 'br' | 'gzip';

interface Cached {
  mtimeMs: number;
  size: number;
  raw: Buffer;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** The encoding to send for an `Accept-Encoding` header: brotli, else gzip, else none (q=0 refuses). */
export function chooseEncoding(accept: string | undefined): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

/** The Cache-Control for a file: index.html never stored (it sets the token cookie), hashed assets forever. */
export function cacheControl(relative: string): string {
  if (relative === 'index.html') return 'no-store';
  if (relative.startsWith('assets/') && HASHED_NAME.test(basename(relative))) return IMMUTABLE;
  return 'no-cache';
}

export class StaticFiles {
  private readonly cache = new Map<string, Cached>();

  /**
   * `file` (inside the static folder: the server confines request paths), requested as `relative` (the
   * decoded URL path without its leading slash), encoded as `acceptEncoding` allows; null when there is
   * no such file.
   */
  async get(file: string, relative: string, acceptEncoding: string | undefined): Promise<StaticFile | null> {
    const entry = await this.load(file);
    if (!entry) return null;
    const ext = extname(file);
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'cache-control': cacheControl(relative),
    };
    if (!COMPRESSIBLE.has(ext) || entry.raw.length < MIN_COMPRESS_BYTES) return { body: entry.raw, headers };
    headers.vary = 'Accept-Encoding';
    const encoding = chooseEncoding(acceptEncoding);
    if (!encoding) return { body: entry.raw, headers };
    entry.encoded[encoding] ??= encode(entry.raw, encoding);
    return { body: await entry.encoded[encoding], headers: { ...headers, 'content-encoding': encoding } };
  }

  /** The file's bytes, read again when it changed on disk (a rebuild while serving). */
  private async load(file: string): Promise<Cached | null> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const entry: Cached = { mtimeMs: info.mtimeMs, size: info.size, raw: await readFile(file), encoded: {} };
    this.cache.set(file, entry);
    return entry;
  }
}

function encode(raw: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(raw, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      })
    : gzipAsync(raw, { level: 9 });
}
