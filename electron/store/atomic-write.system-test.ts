import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleTemps, writeFileAtomic } from './atomic-write';

const writer = join(__dirname, 'test-support', 'slow-writer.mjs');

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'quorum-atomic-'));
}

/** Runs the slow writer until it has a complete temp file, then SIGKILLs it. */
async function killMidWrite(target: string, content: string): Promise<string> {
  const child = spawn(process.execPath, [writer, target, content], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const temp = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^ready (.+)$/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return temp;
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves nothing beside it', () => {
    const dir = freshDir();
    const target = join(dir, 'cloud.quorum');
    writeFileSync(target, 'old');
    writeFileAtomic(target, 'new', { mode: 0o600 });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['cloud.quorum']);
  });

  it('a process killed mid-write leaves the old file intact; the next access removes its temp file', async () => {
    const dir = freshDir();
    const target = join(dir, 'cloud.quorum');
    writeFileSync(target, 'old content');
    const temp = await killMidWrite(target, 'new content '.repeat(10_000));
    // The kill happened with the new data complete in the temp file, right before the rename.
    expect(readFileSync(temp, 'utf8')).toContain('new content');
    expect(readFileSync(target, 'utf8')).toBe('old content');

    expect(sweepStaleTemps(target)).toEqual([temp]);
    expect(readdirSync(dir)).toEqual(['cloud.quorum']);
    expect(readFileSync(target, 'utf8')).toBe('old content');
  });

  it('a later save after a crash also cleans up and succeeds', async () => {
    const dir = freshDir();
    const target = join(dir, 'cloud.quorum');
    writeFileSync(target, 'v1');
    await killMidWrite(target, 'v2');
    writeFileAtomic(target, 'v3');
    expect(readdirSync(dir)).toEqual(['cloud.quorum']);
    expect(readFileSync(target, 'utf8')).toBe('v3');
  });

  it('a failed write removes its temp file and keeps the old file', () => {
    const dir = freshDir();
    const target = join(dir, 'cloud.quorum');
    writeFileSync(target, 'old');
    expect(() =>
      writeFileAtomic(target, 'new', {
        beforeRename: () => {
          throw new Error('disk vanished');
        },
      }),
    ).toThrow('disk vanished');
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['cloud.quorum']);
  });

  it('never sweeps a temp file whose writer is still running', () => {
    const dir = freshDir();
    const target = join(dir, 'cloud.quorum');
    const live = join(dir, `.cloud.quorum.${process.pid}.abcd.quorum-tmp`);
    writeFileSync(live, 'in progress');
    expect(sweepStaleTemps(target)).toEqual([]);
    expect(readdirSync(dir)).toContain(`.cloud.quorum.${process.pid}.abcd.quorum-tmp`);
  });
});
