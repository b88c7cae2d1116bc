import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_MASK } from '../../shared/deploy/secret-masker';
import { HIGH_WATERMARK, LOW_WATERMARK, OutputPump } from './output-pump';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pump(secrets: string[] = [], flowControlled = false) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-pump-'));
  dirs.push(dir);
  const batches: { node: string; data: string }[] = [];
  const p = new OutputPump({
    logDir: dir,
    secrets: () => secrets,
    emit: (node, data) => batches.push({ node, data }),
    flowControlled: () => flowControlled,
  });
  return { p, batches, dir };
}

describe('OutputPump', () => {
  it('never splits a UTF-8 character, even byte by byte', async () => {
    const { p, batches, dir } = pump();
    const bytes = Buffer.from('Größe: 10 € — 日本語 ✔\n');
    for (const byte of bytes) p.write('n1', 'stdout', Buffer.from([byte]));
    p.endCommand('n1');
    await p.close();
    const text = batches.map((b) => b.data).join('');
    expect(text).toBe('Größe: 10 € — 日本語 ✔\n');
    expect(batches.every((b) => !b.data.includes('\uFFFD'))).toBe(true);
    expect(readFileSync(join(dir, 'n1.log'), 'utf8')).toBe(text);
  });

  it('batches small writes into one emission per tick', async () => {
    const { p, batches } = pump();
    for (let i = 0; i < 100; i++) p.write('n1', 'stdout', Buffer.from(`line ${i}\n`));
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toHaveLength(1);
    await p.close();
  });

  it('masks a secret split between two writes and keeps stdout and stderr apart', async () => {
    const { p, batches, dir } = pump(['topsecret']);
    p.write('n1', 'stdout', Buffer.from('a=top'));
    p.write('n1', 'stderr', Buffer.from('err\n'));
    p.write('n1', 'stdout', Buffer.from('secret\n'));
    p.endCommand('n1');
    await p.close();
    const text = batches.map((b) => b.data).join('');
    expect(text).toBe(`a=err\n${SECRET_MASK}\n`);
    expect(readFileSync(join(dir, 'n1.log'), 'utf8')).not.toContain('topsecret');
  });

  it('counts credit only while a renderer listens, and resumes below the low watermark', async () => {
    const { p } = pump([], true);
    p.write('n1', 'stdout', Buffer.alloc(300 * 1024, 'x'));
    p.write('n1', 'stdout', Buffer.alloc(HIGH_WATERMARK, 'y'));
    p.flush();
    expect(p.isPaused).toBe(true);
    const inFlight = 300 * 1024 + HIGH_WATERMARK;
    p.ack(inFlight - LOW_WATERMARK);
    expect(p.isPaused).toBe(true);
    p.ack(1);
    expect(p.isPaused).toBe(false);
    await p.close();
  });
});
