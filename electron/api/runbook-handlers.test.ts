import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import type { RunbookExporter } from './host';
import { runbookHandlers } from './runbook-handlers';

const design = templateDesigns()['book-complete']!;
const ctx = { client: 'test' };

/** A FAKE exporter: the save dialog answers a fixed path and the "printer" records the HTML it got. */
function fakeExporter(dir: string, answer: 'path' | 'cancel' = 'path') {
  const printed: string[] = [];
  const suggested: string[] = [];
  const exporter: RunbookExporter = {
    chooseExportPath: (defaultPath, format) => {
      suggested.push(defaultPath);
      return Promise.resolve(answer === 'cancel' ? null : join(dir, `out.${format}`));
    },
    printHtmlToPdf: (html) => {
      printed.push(html);
      return Promise.resolve(new TextEncoder().encode('%PDF-1.7 fake'));
    },
  };
  return { exporter, printed, suggested };
}

function handlers(exporter?: RunbookExporter) {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-export-'));
  return runbookHandlers(
    { dataDir: dir, projectsDir: dir },
    {
      host: 'electron',
      version: 'test',
      ...(exporter ? { runbookExport: exporter } : {}),
    },
  );
}

describe('exportRunbook', () => {
  it('writes HTML and Markdown with secrets masked, at the path the dialog gave', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-export-'));
    const fake = fakeExporter(dir);
    const h = handlers(fake.exporter);
    const html = await h.exportRunbook({ design, format: 'html' }, ctx);
    expect(html.path).toBe(join(dir, 'out.html'));
    const text = readFileSync(html.path!, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('swift-ring-builder');
    expect(text).not.toContain('{{secret:');
    expect(fake.suggested[0]).toMatch(/\/learning-openstack-ha-every-syst-runbook\.html$/);
    const md = await h.exportRunbook({ design, format: 'md' }, ctx);
    expect(readFileSync(md.path!, 'utf8')).toMatch(/^# Runbook: /);
    expect(fake.printed).toEqual([]);
  });

  it('PDF: the host prints the HTML runbook and its bytes are written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-export-'));
    const fake = fakeExporter(dir);
    const result = await handlers(fake.exporter).exportRunbook({ design, format: 'pdf' }, ctx);
    expect(fake.printed).toHaveLength(1);
    expect(fake.printed[0]).toContain('<title>Runbook: Learning OpenStack HA');
    expect(readFileSync(result.path!, 'latin1')).toBe('%PDF-1.7 fake');
  });

  it('a cancelled dialog writes nothing; a host without export says how to get a PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-export-'));
    expect(
      await handlers(fakeExporter(dir, 'cancel').exporter).exportRunbook({ design, format: 'pdf' }, ctx),
    ).toEqual({
      path: null,
    });
    await expect(handlers().exportRunbook({ design, format: 'pdf' }, ctx)).rejects.toThrow(/quorum runbook/);
  });
});
