import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { goodDesign } from '../../shared/design/fixtures/designs';
import { serializeDesign } from '../../shared/design/project-file';
import { main } from './index';
import { validateCommand } from './validate';

let dir: string;
const samples = join(__dirname, '../../assets/samples');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await validateCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-validate-'));
  writeFileSync(join(dir, 'good.quorum'), serializeDesign(goodDesign()));
  writeFileSync(join(dir, 'syntax.quorum'), '{\n  "schemaVersion": 1,\n  name: 1\n}');
  const bad = JSON.parse(serializeDesign(goodDesign()));
  bad.nodes[1].nics[0].address = '10.0.0.300';
  bad.vips[0].network = 'nowhere';
  writeFileSync(join(dir, 'invalid.quorum'), JSON.stringify(bad));
});

afterAll(() => vi.restoreAllMocks());

describe('quorum validate', () => {
  test('a design without errors exits 0 and says it survives any single failure', async () => {
    const r = await run(join(dir, 'good.quorum'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors, 0 warnings/);
    expect(r.out).toContain('survives any single node failure: yes');
  });

  test('the book lab has errors: exit 1, findings with rule ids and references', async () => {
    const r = await run(join(samples, 'book-lab.quorum'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ERROR +quorum\.galera: Galera has 2 data nodes .*quorum = floor\(2\/2\)\+1 = 2/);
    expect(r.out).toMatch(/WARNING +roles\.controllers/);
    expect(r.out).toContain('see: OpenStack HA Guide');
    expect(r.out).toMatch(/survives any single node failure: no \(worst case: controller\d fails/);
  });

  test('--json gives the findings, counts and sweep for CI', async () => {
    // The field report's layout (two controllers, garbd, corosync two_node) survives any single failure;
    // the sample draws no Ceph nodes for its Ceph storage, which is an error.
    const r = await run(join(samples, 'field-report.quorum'), '--json');
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(false);
    expect(r.code).toBe(1);
    expect(report.counts.error).toBe(
      report.findings.filter((f: { severity: string }) => f.severity === 'error').length,
    );
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('quorum.galera');
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('storage.ceph-mons-present');
    expect(report.singleFailure.survives).toBe(true);
  });

  test('a JSON syntax error exits 2 with its line', async () => {
    const r = await run(join(dir, 'syntax.quorum'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not valid JSON at line 3/);
  });

  test('schema problems exit 2 with the path of each problem', async () => {
    const r = await run(join(dir, 'invalid.quorum'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('nodes[1].nics[0].address: not an IPv4 address');
    expect(r.err).toContain('vips[0].network: unknown network "nowhere"');
    const json = JSON.parse((await run(join(dir, 'invalid.quorum'), '--json')).out);
    expect(json.error.problems.map((p: { path: string }) => p.path)).toEqual([
      'nodes[1].nics[0].address',
      'vips[0].network',
    ]);
  });

  test('a missing file exits 2', async () => {
    const r = await run(join(dir, 'absent.quorum'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('ENOENT');
  });

  test('through main: the command is wired and unknown options are usage errors (exit 2)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['validate', join(dir, 'good.quorum')])).toBe(0);
    expect(await main(['validate', join(dir, 'good.quorum'), '--yaml'])).toBe(2);
    expect(log.mock.calls.flat().join('\n')).toContain('survives any single node failure: yes');
    expect(error.mock.calls.flat().join('\n')).toMatch(/--yaml/);
    expect(readFileSync(join(dir, 'good.quorum'), 'utf8')).toBe(serializeDesign(goodDesign()));
  });
});
