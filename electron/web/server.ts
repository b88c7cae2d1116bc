/**
 * The browser host: serves the built renderer and the contract over one WebSocket, for classrooms, labs
 * and the e2e tests. Access needs a random token (in the URL, then a same-site cookie for the page's own
 * assets); the socket also checks Origin and Host so another site or a DNS-rebound name cannot drive it.
 *
 * The cookie: browsers scope cookies by host name, never by port (RFC 6265 §8.5), so every other service
 * on 127.0.0.1 receives it. It therefore never carries the token: it holds a separate random asset key
 * that opens only the renderer's static files (public build output), not the API socket, which accepts
 * the token in its URL alone. Its name includes the port (`quorum_assets_<port>`) so two servers on one
 * machine do not overwrite each other's cookie. `Path=/` because the page loads assets from the root.
 *
 * Every socket and the server have an 'error' handler: a frame over `MAX_MESSAGE_BYTES` (refused from its
 * header, before it is buffered) or invalid UTF-8 closes that one socket with 1009/1007; the server and the
 * operations it runs carry on.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ClientMessage,
  MAX_MESSAGE_BYTES,
  SOCKET_PATH,
  TOKEN_PARAM,
  type ServerMessage,
} from '../../shared/api/wire';
import { encodeDataFrame, isDataPayload, type Utf8Codec } from '../../shared/api/data-frame';
import type { Backend } from '../api/backend';
import { CONTENT_SECURITY_POLICY } from './csp';
import { StaticFiles } from './static-files';

export interface WebServerOptions {
  backend: Backend;
  /** Folder with the built renderer (`index.html` and assets). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a random 256-bit one otherwise. */
  token?: string;
}

export interface WebServer {
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Name of the asset cookie of the server on `port` (see the file comment). */
export function assetCookieName(port: number): string {
  return `quorum_assets_${port}`;
}

function cookieValue(req: IncomingMessage, wanted: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === wanted) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The names this server answers to; anything else in a Host header is a DNS-rebinding attempt. */
function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set([`${bindHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (bindHost.includes(':')) names.add(`[${bindHost}]:${port}`);
  return names;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const assetKey = randomBytes(32).toString('base64url');
  let port = 0;
  const bindHost = options.host ?? '127.0.0.1';
  let hosts = new Set<string>();
  let clientCount = 0;
  const files = new StaticFiles();

  const authorised = (req: IncomingMessage, url: URL) =>
    tokensMatch(token, url.searchParams.get(TOKEN_PARAM)) ||
    tokensMatch(assetKey, cookieValue(req, assetCookieName(port)));

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      if (!hosts.has(req.headers.host ?? '')) return send(res, 421, 'Unknown host name.');
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, 'Method not allowed.', { allow: 'GET, HEAD' });
      if (!authorised(req, url)) {
        return send(
          res,
          401,
          'Quorum: this page needs the access token. Open the URL printed by `quorum serve`.',
        );
      }
      const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(options.staticDir, relative));
      if (!file.startsWith(options.staticDir + sep)) return send(res, 404, 'Not found.');
      const found = await files.get(file, relative, req.headers['accept-encoding']);
      if (!found) return send(res, 404, 'Not found.');
      const { body } = found;
      const headers: Record<string, string> = {
        ...found.headers,
        'x-content-type-options': 'nosniff',
        // The token is in the page URL: never send it to anyone else.
        'referrer-policy': 'no-referrer',
      };
      if (relative === 'index.html') {
        headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
        headers['x-frame-options'] = 'DENY';
        headers['set-cookie'] = `${assetCookieName(port)}=${assetKey}; HttpOnly; SameSite=Strict; Path=/`;
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${(error as Error).message}`);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('error', (error) => console.warn(`quorum: WebSocket server: ${error.message}`));
  server.on('clientError', (_error, socket) => socket.destroy());

  server.on('upgrade', (req, socket, head) => {
    // A reset during the handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const host = req.headers.host ?? '';
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== SOCKET_PATH) return refuse('404 Not Found');
    if (!hosts.has(host)) return refuse('421 Misdirected Request');
    if (req.headers.origin !== `http://${host}`) return refuse('403 Forbidden');
    if (!tokensMatch(token, url.searchParams.get(TOKEN_PARAM))) return refuse('401 Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) =>
      serveSocket(ws, options.backend, `web-${++clientCount}`),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(bindHost, port);
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${urlHost}:${port}/?${TOKEN_PARAM}=${token}`,
    host: bindHost,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** UTF-8 through Node's Buffer (native, no intermediate strings). */
export const nodeUtf8: Utf8Codec = {
  encode: (text) => Buffer.from(text, 'utf8'),
  decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
};

/**
 * One socket: calls go through the shared dispatcher, subscriptions are dropped with the socket. Events
 * with bulk text (terminal output) go as binary data frames, everything else as JSON.
 */
function serveSocket(ws: WebSocket, backend: Backend, client: string): void {
  const subscriptions = new Map<number, () => void>();
  const post = (message: ServerMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (message.t === 'event' && isDataPayload(message.payload)) {
      ws.send(encodeDataFrame(message.id, message.payload, nodeUtf8), { binary: true });
    } else ws.send(JSON.stringify(message));
  };

  // ws has already sent the close frame (1009 too large, 1007 invalid UTF-8, 1002 protocol error) when
  // it reports the error; only this socket ends.
  ws.on('error', (error) => console.warn(`quorum: ${client}: closed the socket: ${error.message}`));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return post({ t: 'error', message: 'binary messages are not accepted' });
    let message: ClientMessage;
    try {
      const parsed = ClientMessage.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) return post({ t: 'error', message: 'malformed message' });
      message = parsed.data;
    } catch {
      return post({ t: 'error', message: 'message is not JSON' });
    }
    switch (message.t) {
      case 'call': {
        const { id } = message;
        void backend.dispatcher
          .invoke(message.op, message.input, { client })
          .catch((error: unknown) => ({
            ok: false as const,
            error: { code: 'internal' as const, message: (error as Error).message },
          }))
          .then((result) => post({ t: 'result', id, result }));
        return;
      }
      case 'sub': {
        const { id } = message;
        const result = backend.dispatcher.subscribe(message.event, (payload) =>
          post({ t: 'event', id, payload }),
        );
        if (result.ok) {
          subscriptions.get(id)?.();
          subscriptions.set(id, result.value);
          post({ t: 'result', id, result: { ok: true, value: null } });
        } else post({ t: 'result', id, result });
        return;
      }
      case 'unsub':
        subscriptions.get(message.id)?.();
        subscriptions.delete(message.id);
        return;
    }
  });
  ws.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}
