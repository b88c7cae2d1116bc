import v0 from './fixtures/prototype-v0.json?raw';
import { describe, expect, it } from 'vitest';
import { describeFileError, formatPath, parseProjectFile, serializeDesign } from './project-file';
import { createDesign } from './schema';
import { migrate } from './migrations';

describe('project files', () => {
  it('formats paths the way people read them', () => {
    expect(formatPath(['nodes', 2, 'nics', 0, 'address'])).toBe('nodes[2].nics[0].address');
    expect(formatPath([])).toBe('(file)');
  });

  it('round-trips a design through its file text', () => {
    const design = createDesign('Round trip');
    const parsed = parseProjectFile(serializeDesign(design));
    expect(parsed).toEqual({ ok: true, design, migratedFrom: null });
  });

  it('migrates the prototype v0 format to v1', () => {
    const parsed = parseProjectFile(v0);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.migratedFrom).toBe(0);
    const { design } = parsed;
    expect(design.schemaVersion).toBe(1);
    expect(design.name).toBe('Prototype lab');
    expect(design.release).toBe('icehouse');
    expect(design.networks).toEqual([
      {
        id: 'management',
        name: 'Management',
        purpose: 'management',
        cidr: '192.168.56.0/24',
        gateway: '192.168.56.1',
        mtu: 1500,
      },
    ]);
    expect(design.nodes.map((n) => [n.id, n.hostname, n.roles, n.nics])).toEqual([
      [
        'controller1',
        'controller1',
        ['controller'],
        [{ name: 'eth0', network: 'management', address: '192.168.56.101' }],
      ],
      [
        'controller2',
        'controller2',
        ['controller'],
        [{ name: 'ens4', network: 'management', address: '192.168.56.102' }],
      ],
      [
        'compute1',
        'compute1',
        ['compute'],
        [{ name: 'eth0', network: 'management', address: '192.168.56.111' }],
      ],
    ]);
    expect(design.nodes[0]?.ssh).toEqual({ host: '192.168.56.101', port: 22, user: 'root' });
    expect(design.vips).toEqual([
      { id: 'vip-api', name: 'API VIP', network: 'management', address: '192.168.56.100', services: [] },
    ]);
  });

  it('a migrated v0 file with a bad address still names the v1 path', () => {
    const doc = JSON.parse(v0);
    doc.hosts[1].ip = '192.168.56.999';
    const parsed = parseProjectFile(JSON.stringify(doc));
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.error.kind !== 'invalid') return;
    expect(parsed.error.problems).toContainEqual({
      path: 'nodes[1].nics[0].address',
      message: 'not an IPv4 address',
    });
  });

  it('refuses a file from a newer schema version, saying so', () => {
    const parsed = parseProjectFile(JSON.stringify({ ...createDesign(), schemaVersion: 7 }));
    expect(parsed).toEqual({ ok: false, error: { kind: 'newer-version', version: 7, supported: 1 } });
    if (!parsed.ok) expect(describeFileError(parsed.error)).toMatch(/newer Quorum \(schema v7\).*up to v1/);
  });

  it('refuses an unknown gap in the migration registry', () => {
    expect(() => migrate({}, 1, 2)).toThrow('no migration from schema v1 to v2');
  });

  it('reports JSON syntax errors with line and column', () => {
    const parsed = parseProjectFile('{\n  "schemaVersion": 1,\n  "name": }');
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.error.kind !== 'syntax') throw new Error('expected a syntax error');
    expect(parsed.error.line).toBe(3);
    expect(parsed.error.column).toBeGreaterThan(1);
  });

  it('refuses a file without schemaVersion or with 0, naming the field, instead of opening it empty', () => {
    const design = createDesign('Real');
    const { schemaVersion: _dropped, ...unversioned } = design;
    for (const doc of [{}, unversioned, { ...design, schemaVersion: 0 }, { version: 0, name: 'x' }]) {
      const parsed = parseProjectFile(JSON.stringify(doc));
      expect(parsed.ok).toBe(false);
      if (parsed.ok || parsed.error.kind !== 'invalid') throw new Error('expected an invalid file');
      expect(parsed.error.problems).toHaveLength(1);
      expect(parsed.error.problems[0]?.path).toBe('schemaVersion');
    }
    expect(parseProjectFile('{}')).toMatchObject({
      error: { problems: [{ message: expect.stringMatching(/^required: .*does not declare/) }] },
    });
    expect(parseProjectFile(JSON.stringify({ ...design, schemaVersion: 0 }))).toMatchObject({
      error: { problems: [{ message: 'must be a whole number ≥ 1, found 0' }] },
    });
  });

  it('never quotes the file in a syntax error (the first bytes of any file would leak)', () => {
    for (const text of ['root:x:0:0:root:/root:/bin/bash\n', '{"a": 1, "secret": hunter2}']) {
      const parsed = parseProjectFile(text);
      if (parsed.ok) throw new Error('expected a syntax error');
      const description = describeFileError(parsed.error);
      expect(description).toMatch(/^not valid JSON at line 1, column \d+: unexpected character$/);
      expect(description).not.toMatch(/root|hunter2/);
    }
  });

  it('refuses a file that is not an object, and a bad version field', () => {
    expect(parseProjectFile('[1,2]')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', problems: [{ path: '(file)' }] },
    });
    expect(parseProjectFile('{"schemaVersion": "one"}')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', problems: [{ path: 'schemaVersion' }] },
    });
  });
});
