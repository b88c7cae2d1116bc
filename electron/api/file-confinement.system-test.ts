/**
 * Browser mode's file operations through the real dispatcher: confined to the projects folder and the
 * `--allow-dir` folders, regular files only (a FIFO or /dev/zero is refused at once, never read), and no
 * byte of a file that is not a project reaches the caller.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from './backend';
import type { HostCapabilities } from './host';
import { createDesign } from '../../shared/design/schema';
import { serializeDesign } from '../../shared/design/project-file';
import type { Result } from '../../shared/api/result';

function setup(host: Partial<HostCapabilities> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-confine-'));
  const projects = join(dir, 'projects');
  const allowed = join(dir, 'allowed');
  const outside = join(dir, 'outside');
  for (const d of [projects, allowed, outside]) mkdirSync(d);
  const backend = createBackend(
    { dataDir: join(dir, 'data'), projectsDir: projects },
    { host: 'web', version: 't', allowDirs: [allowed], ...host },
  );
  const call = (op: string, input: unknown) =>
    backend.dispatcher.invoke(op, input, { client: 'test' }) as Promise<Result<{ path: string }>>;
  return { dir, projects, allowed, outside, call };
}

const projectText = serializeDesign(createDesign('Confined'));

/** Fails the test when a call hangs (a FIFO read would wait for a writer forever). */
function notStalled<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} stalled`)), 5000)),
  ]);
}

function errorOf(result: Result<unknown>): { code: string; message: string } {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('browser mode file access', () => {
  it('opens and saves in the projects folder and an --allow-dir folder, nowhere else', async () => {
    const { projects, allowed, outside, call } = setup();
    for (const folder of [projects, allowed]) {
      writeFileSync(join(folder, 'a.quorum'), projectText);
      expect((await call('openProject', { path: join(folder, 'a.quorum') })).ok).toBe(true);
      const saved = await call('saveProject', { path: join(folder, 'b'), design: createDesign('B') });
      expect(saved).toMatchObject({ ok: true, value: { path: join(folder, 'b.quorum') } });
    }
    writeFileSync(join(outside, 'a.quorum'), projectText);
    for (const path of [join(outside, 'a.quorum'), `${projects}/../outside/a.quorum`, '/etc/passwd']) {
      const error = errorOf(await call('openProject', { path }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/outside the folders this server may use .*--allow-dir/);
    }
    const refused = errorOf(
      await call('saveProject', { path: join(outside, 'x.quorum'), design: createDesign() }),
    );
    expect(refused.code).toBe('forbidden');
    expect(() => statSync(join(outside, 'x.quorum'))).toThrow();
    // A relative path is taken from the projects folder and cannot climb out of it.
    expect(errorOf(await call('openProject', { path: '../outside/a.quorum' })).code).toBe('forbidden');
    expect((await call('openProject', { path: 'a.quorum' })).ok).toBe(true);
  });

  it('refuses a symlink in an allowed folder that leads out of it, for reading and writing', async () => {
    const { projects, outside, call } = setup();
    writeFileSync(join(outside, 'secret.quorum'), projectText);
    symlinkSync(join(outside, 'secret.quorum'), join(projects, 'link.quorum'));
    symlinkSync(outside, join(projects, 'dir-link'));
    for (const path of [join(projects, 'link.quorum'), join(projects, 'dir-link', 'secret.quorum')]) {
      const error = errorOf(await call('openProject', { path }));
      expect(error).toMatchObject({ code: 'forbidden' });
      expect(error.message).toContain(`a link to ${join(outside, 'secret.quorum')}`);
    }
    const save = await call('saveProject', {
      path: join(projects, 'link.quorum'),
      design: createDesign('X'),
    });
    expect(errorOf(save).code).toBe('forbidden');
    const intoDir = await call('saveProject', {
      path: join(projects, 'dir-link', 'new.quorum'),
      design: createDesign('X'),
    });
    expect(errorOf(intoDir).code).toBe('forbidden');
    expect(readFileSync(join(outside, 'secret.quorum'), 'utf8')).toBe(projectText);
    // A link that stays inside is fine.
    writeFileSync(join(projects, 'real.quorum'), projectText);
    symlinkSync(join(projects, 'real.quorum'), join(projects, 'inner.quorum'));
    expect((await call('openProject', { path: join(projects, 'inner.quorum') })).ok).toBe(true);
  });

  it('refuses a FIFO at once for open, save and SSH-config import; the FIFO stays', async () => {
    const { projects, call } = setup();
    const fifo = join(projects, 'pipe.quorum');
    execFileSync('mkfifo', [fifo]);
    const open = errorOf(await notStalled(call('openProject', { path: fifo }), 'openProject'));
    expect(open.message).toBe(`${fifo} is a named pipe (FIFO), not a project file`);
    const ssh = errorOf(await notStalled(call('readSshConfig', { path: fifo }), 'readSshConfig'));
    expect(ssh.message).toBe(`${fifo} is a named pipe (FIFO), not an SSH config`);
    const save = errorOf(
      await notStalled(call('saveProject', { path: fifo, design: createDesign() }), 'saveProject'),
    );
    expect(save.message).toBe(`${fifo} is a named pipe (FIFO), not a project file`);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses /dev/zero at once, even where /dev is allowed and in Electron', async () => {
    for (const host of [{ allowDirs: ['/dev'] }, { host: 'electron' as const }]) {
      const { call } = setup(host);
      const open = errorOf(await notStalled(call('openProject', { path: '/dev/zero' }), 'open'));
      expect(open.message).toBe('/dev/zero is a device, not a project file');
      const ssh = errorOf(await notStalled(call('readSshConfig', { path: '/dev/zero' }), 'ssh'));
      expect(ssh.message).toBe('/dev/zero is a device, not an SSH config');
    }
  });

  it('Electron opens what its dialogs chose, anywhere', async () => {
    const { outside, call } = setup({ host: 'electron' });
    writeFileSync(join(outside, 'a.quorum'), projectText);
    expect((await call('openProject', { path: join(outside, 'a.quorum') })).ok).toBe(true);
  });

  it('confines SSH-config import: ~/.ssh/config needs --allow-dir', async () => {
    const { allowed, call } = setup();
    const error = errorOf(await call('readSshConfig', {}));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/\.ssh\/config is outside the folders/);
    writeFileSync(join(allowed, 'config'), 'Host db1\n  HostName 10.0.0.5\n');
    expect(await call('readSshConfig', { path: join(allowed, 'config') })).toMatchObject({
      ok: true,
      value: { hosts: [{ alias: 'db1', host: '10.0.0.5' }] },
    });
  });

  it('shows no byte of a file that is not a project', async () => {
    const { projects, call } = setup();
    const secrets = {
      'shadow.quorum': 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n',
      'config.quorum': '{"password": "hunter2", "token": "abc123"}',
      'broken.quorum': '{"schemaVersion": 1, "password": hunter2}',
    };
    for (const [name, text] of Object.entries(secrets)) {
      writeFileSync(join(projects, name), text);
      const error = errorOf(await call('openProject', { path: join(projects, name) }));
      const shown = JSON.stringify(error);
      for (const secret of ['root', 'saltsalt', 'hunter2', 'abc123', 'password', 'token'])
        expect(shown).not.toContain(secret);
    }
  });
});
