import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
  readdirSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesign } from '../../shared/design/schema';
import { serializeDesign } from '../../shared/design/project-file';
import { ApiError } from '../../shared/api/result';
import { ProjectStore } from './project-store';

function store(): { store: ProjectStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-store-'));
  return { store: new ProjectStore({ dataDir: join(dir, 'data'), projectsDir: join(dir, 'projects') }), dir };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('ProjectStore', () => {
  it('saves into the projects folder (adding .quorum) and opens the same design', async () => {
    const { store: s, dir } = store();
    const design = createDesign('Saved cloud');
    const saved = await s.save('saved', design);
    expect(saved.path).toBe(join(dir, 'projects', 'saved.quorum'));
    const opened = await s.open(saved.path);
    expect(opened).toEqual({ path: saved.path, design, migratedFrom: null });
    expect((await s.listRecent()).map((r) => [r.path, r.name])).toEqual([[saved.path, 'Saved cloud']]);
    expect((await s.listFolder()).projects.map((p) => p.path)).toEqual([saved.path]);
  });

  it('an invalid file is reported per field and left byte for byte as it was', async () => {
    const { store: s, dir } = store();
    const path = join(dir, 'bad.quorum');
    const text = JSON.stringify({
      ...createDesign(),
      networks: [{ id: 'm', name: 'M', purpose: 'management', cidr: '10.0.0.1/8' }],
    });
    writeFileSync(path, text);
    const error = await failure(s.open(path));
    expect(error.code).toBe('invalid-project');
    expect(error.problems).toEqual([
      { path: 'networks[0].cidr', message: 'host bits set: the network is 10.0.0.0/8' },
    ]);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['bad.quorum']);
  });

  it('refuses a newer file, a missing file, a folder', async () => {
    const { store: s, dir } = store();
    writeFileSync(join(dir, 'future.quorum'), JSON.stringify({ schemaVersion: 9 }));
    expect((await failure(s.open(join(dir, 'future.quorum')))).message).toMatch(/newer Quorum \(schema v9\)/);
    expect((await failure(s.open(join(dir, 'missing.quorum')))).code).toBe('not-found');
    mkdirSync(join(dir, 'folder.quorum'));
    expect((await failure(s.open(join(dir, 'folder.quorum')))).message).toMatch(/is a folder/);
  });

  it('refuses to save an invalid design or into a missing folder, writing nothing', async () => {
    const { store: s, dir } = store();
    const bad = { ...createDesign(), name: '' };
    expect((await failure(s.save(join(dir, 'x.quorum'), bad))).code).toBe('invalid-project');
    expect((await failure(s.save(join(dir, 'nope', 'x.quorum'), createDesign()))).message).toMatch(
      /Folder does not exist/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('saving keeps the file mode: 0600 stays 0600, 0640 stays 0640 whatever the umask', async () => {
    const { store: s, dir } = store();
    for (const mode of [0o600, 0o640, 0o664]) {
      const path = join(dir, `mode-${mode.toString(8)}.quorum`);
      writeFileSync(path, serializeDesign(createDesign('Old')));
      chmodSync(path, mode);
      await s.save(path, createDesign('New'));
      expect(statSync(path).mode & 0o7777).toBe(mode);
      expect(readFileSync(path, 'utf8')).toContain('"New"');
    }
    // A new file gets the default (0644 less the umask), never something wider.
    await s.save(join(dir, 'fresh.quorum'), createDesign());
    expect(statSync(join(dir, 'fresh.quorum')).mode & 0o022).toBe(0);
  });

  it('saving through a symlink writes its target and keeps the link', async () => {
    const { store: s, dir } = store();
    mkdirSync(join(dir, 'synced'));
    const target = join(dir, 'synced', 'real.quorum');
    writeFileSync(target, serializeDesign(createDesign('Old')));
    chmodSync(target, 0o600);
    const link = join(dir, 'link.quorum');
    symlinkSync('synced/real.quorum', link);
    const saved = await s.save(link, createDesign('Through the link'));
    expect(saved.path).toBe(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('synced/real.quorum');
    expect(JSON.parse(readFileSync(target, 'utf8')).name).toBe('Through the link');
    expect(statSync(target).mode & 0o7777).toBe(0o600);
    expect(readdirSync(join(dir, 'synced'))).toEqual(['real.quorum']);
  });

  it('refuses a file without schemaVersion, naming the field, and leaves it as it was', async () => {
    const { store: s, dir } = store();
    const path = join(dir, 'old.quorum');
    const { schemaVersion: _v, ...rest } = createDesign('Real one');
    const text = JSON.stringify(rest);
    writeFileSync(path, text);
    const error = await failure(s.open(path));
    expect(error.code).toBe('invalid-project');
    expect(error.problems).toEqual([
      { path: 'schemaVersion', message: expect.stringMatching(/^required/) as unknown as string },
    ]);
    writeFileSync(path, JSON.stringify({ ...createDesign(), schemaVersion: 0 }));
    expect((await failure(s.open(path))).problems?.[0]?.path).toBe('schemaVersion');
  });

  it('keeps an autosave and gives it back; a corrupt autosave is ignored', async () => {
    const { store: s, dir } = store();
    expect(await s.readAutosave()).toBeNull();
    const design = createDesign('Unsaved');
    await s.writeAutosave(design, null);
    expect(await s.readAutosave()).toMatchObject({ design, path: null });
    writeFileSync(join(dir, 'data', 'autosave.json'), '{"savedAt": 1, "design": {}}');
    expect(await s.readAutosave()).toBeNull();
    await s.clearAutosave();
    await s.clearAutosave();
    expect(await s.readAutosave()).toBeNull();
  });
});
