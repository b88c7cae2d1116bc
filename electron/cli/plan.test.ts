import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Plan } from '../../shared/plan/types';
import { main } from './index';

const sample = join(__dirname, '..', '..', 'assets', 'samples', 'field-report.quorum');
const dir = mkdtempSync(join(tmpdir(), 'quorum-cli-plan-'));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')));
  return { out: () => out.join(''), err: () => err.join('\n') };
}
afterEach(() => vi.restoreAllMocks());

describe('quorum plan / runbook', () => {
  it('plan --json prints a valid plan', async () => {
    const io = capture();
    expect(await main(['plan', sample, '--json'])).toBe(0);
    const plan = Plan.parse(JSON.parse(io.out()));
    expect(plan.steps.some((s) => s.id === 'galera.garbd')).toBe(true);
  });

  it('plan prints phases and steps with their hosts', async () => {
    const io = capture();
    expect(await main(['plan', sample])).toBe(0);
    expect(io.out()).toContain('Database');
    expect(io.out()).toMatch(/galera\.garbd\s+Galera arbitrator \(garbd\) on tiebreaker\s+\[tiebreaker\]/);
  });

  it('runbook -o writes HTML and Markdown with secrets masked', async () => {
    capture();
    const html = join(dir, 'runbook.html');
    const md = join(dir, 'runbook.md');
    expect(await main(['runbook', sample, '-o', html])).toBe(0);
    expect(await main(['runbook', sample, '-o', md])).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(md, 'utf8')).toContain('# Runbook: Field report');
    expect(readFileSync(md, 'utf8')).not.toContain('{{secret:');
  });

  it('runbook --secrets fills in the values the user supplies', async () => {
    capture();
    const values = join(dir, 'secrets.json');
    writeFileSync(values, JSON.stringify({ keystone_admin: 'S3cretAdmin' }));
    const md = join(dir, 'with-secrets.md');
    expect(await main(['runbook', sample, '-o', md, '--secrets', values])).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain("--bootstrap-password 'S3cretAdmin'");
  });

  it('refuses a bad output format (usage, exit 2) and a broken file (exit 1)', async () => {
    const io = capture();
    expect(await main(['runbook', sample, '-o', join(dir, 'x.pdf')])).toBe(2);
    expect(io.err()).toContain('.html or .md');
    const broken = join(dir, 'broken.quorum');
    writeFileSync(broken, '{"schemaVersion": 1, "name": ""}');
    expect(await main(['plan', broken])).toBe(1);
    expect(io.err()).toContain('name');
  });
});

describe('quorum plan --scope', () => {
  it('infrastructure leaves out the OpenStack services; a bad scope is a usage error', async () => {
    const io = capture();
    expect(await main(['plan', sample, '--json', '--scope', 'infrastructure'])).toBe(0);
    const plan = Plan.parse(JSON.parse(io.out()));
    expect(plan.steps.some((s) => s.id.startsWith('keystone.'))).toBe(false);
    expect(plan.steps.some((s) => s.id === 'galera.garbd')).toBe(true);
    expect(await main(['plan', sample, '--scope', 'half'])).toBe(2);
  });
});
