/**
 * The web host against hostile frames, on loopback: each attack comes from one socket while another
 * socket has an operation in flight and a live subscription (as during a deploy). The server must stay
 * up, the in-flight operation must finish and its events keep flowing, and a new socket must still work.
 * Without the 'error' handlers, the first two attacks end the test process with an unhandled error.
 */
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../api/backend';
import { createDesign } from '../../shared/design/schema';
import { MAX_MESSAGE_BYTES } from '../../shared/api/wire';
import { startWebServer, type WebServer } from './server';

let server: WebServer;
let backend: Backend;
let projectsDir: string;
let base: string;
/** Calls to `saveProject` wait here until the test opens the gate. */
let gate: { promise: Promise<void>; open: () => void };

function newGate(): typeof gate {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-frames-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Quorum</title>');
  projectsDir = join(dir, 'projects');
  const real = createBackend({ dataDir: join(dir, 'data'), projectsDir }, { host: 'web', version: 't' });
  backend = {
    ...real,
    dispatcher: {
      subscribe: (event, listener) => real.dispatcher.subscribe(event, listener),
      invoke: async (op, input, context) => {
        if (op === 'saveProject') await gate.promise;
        return real.dispatcher.invoke(op, input, context);
      },
    },
  };
  server = await startWebServer({ backend, staticDir, token: 'frames-token' });
  base = `ws://127.0.0.1:${server.port}/api?token=frames-token`;
});

afterAll(() => server.close());

beforeEach(() => {
  gate = newGate();
});

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base, { headers: { origin: `http://127.0.0.1:${server.port}` } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function messages(ws: WebSocket): unknown[] {
  const received: unknown[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) received.push(JSON.parse(String(data)));
  });
  return received;
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Starts a save (held at the gate) and a deploy-output subscription on a socket of its own; `finish`
 * opens the gate and checks that the save completed and that events still arrive.
 */
async function runningOperation(name: string): Promise<{ finish: () => Promise<void> }> {
  const ws = await open();
  const received = messages(ws);
  ws.send(JSON.stringify({ t: 'sub', id: 1, event: 'deployOutput' }));
  await until(() => received.length === 1, 'the subscription');
  const path = join(projectsDir, `${name}.quorum`);
  ws.send(
    JSON.stringify({ t: 'call', id: 2, op: 'saveProject', input: { path, design: createDesign(name) } }),
  );
  const events: unknown[] = [];
  ws.on('message', (data, isBinary) => isBinary && events.push(data));
  return {
    finish: async () => {
      expect(existsSync(path)).toBe(false);
      gate.open();
      await until(() => received.some((m) => (m as { id?: number }).id === 2), 'the save result');
      expect(received.find((m) => (m as { id?: number }).id === 2)).toMatchObject({
        t: 'result',
        result: { ok: true, value: { path } },
      });
      expect(existsSync(path)).toBe(true);
      backend.hub.emit('deployOutput', { runId: 'run', node: 'db1', data: 'still running\n' });
      await until(() => events.length === 1, 'the deploy output event');
      ws.close();
    },
  };
}

/** A fresh socket still gets answers: the server is up. */
async function serverAnswers(): Promise<void> {
  const ws = await open();
  const received = messages(ws);
  ws.send(JSON.stringify({ t: 'call', id: 9, op: 'getAppInfo', input: {} }));
  await until(() => received.length === 1, 'getAppInfo');
  expect(received[0]).toMatchObject({ t: 'result', id: 9, result: { ok: true } });
  ws.close();
}

/** Opens a raw TCP connection, does the WebSocket handshake by hand and returns the socket. */
function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let head = '';
    socket.once('error', reject);
    socket.on('connect', () =>
      socket.write(
        [
          'GET /api?token=frames-token HTTP/1.1',
          `Host: 127.0.0.1:${server.port}`,
          `Origin: http://127.0.0.1:${server.port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      ),
    );
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`handshake refused: ${head}`));
      else resolve(socket);
    };
    socket.on('data', onData);
  });
}

describe('web host under hostile frames', () => {
  it('refuses an oversize frame from its header alone: 1009 for that socket, the rest carries on', async () => {
    const running = await runningOperation('oversize');
    const socket = await rawSocket();
    const reply: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => reply.push(chunk));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // A masked text frame header announcing 1 GiB; not one byte of payload follows.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(1024 * 1024 * 1024), 2);
    randomBytes(4).copy(header, 10);
    socket.write(header);
    await ended;
    const frame = Buffer.concat(reply);
    expect(frame[0]).toBe(0x88); // a close frame…
    expect(frame.readUInt16BE(2)).toBe(1009); // …saying "message too big"
    await running.finish();
    await serverAnswers();
  });

  it('closes a socket that sends a frame one byte over the limit with 1009', async () => {
    const running = await runningOperation('one-over');
    const ws = await open();
    ws.on('error', () => undefined);
    const code = closed(ws);
    ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20), { binary: false });
    expect(await code).toBe(1009);
    await running.finish();
    await serverAnswers();
  });

  it('closes a socket that sends invalid UTF-8 in a text frame with 1007', async () => {
    const running = await runningOperation('utf8');
    const ws = await open();
    ws.on('error', () => undefined);
    const code = closed(ws);
    ws.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false });
    expect(await code).toBe(1007);
    await running.finish();
    await serverAnswers();
  });

  it('answers binary garbage with an error and keeps the socket', async () => {
    const running = await runningOperation('binary');
    const ws = await open();
    const received = messages(ws);
    for (let i = 0; i < 20; i++) ws.send(randomBytes(1 + i * 97), { binary: true });
    await until(() => received.length === 20, 'twenty refusals');
    expect(new Set(received.map((m) => JSON.stringify(m)))).toEqual(
      new Set([JSON.stringify({ t: 'error', message: 'binary messages are not accepted' })]),
    );
    ws.send(JSON.stringify({ t: 'call', id: 5, op: 'getAppInfo', input: {} }));
    await until(() => received.length === 21, 'the call after the garbage');
    expect(received[20]).toMatchObject({ t: 'result', id: 5, result: { ok: true } });
    await running.finish();
    ws.close();
  });

  it('answers 10,000 tiny frames one by one and still serves calls', async () => {
    const running = await runningOperation('tiny');
    const ws = await open();
    const received = messages(ws);
    for (let i = 0; i < 10_000; i++) ws.send(i % 2 ? 'x' : '{}');
    ws.send(JSON.stringify({ t: 'call', id: 6, op: 'getAppInfo', input: {} }));
    await until(() => received.length === 10_001, '10,001 answers');
    expect(received.filter((m) => (m as { t: string }).t === 'error')).toHaveLength(10_000);
    expect(received[10_000]).toMatchObject({ t: 'result', id: 6, result: { ok: true } });
    await running.finish();
    ws.close();
  });
});
