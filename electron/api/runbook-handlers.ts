/** Runbook export: the design compiled, the runbook rendered with secrets masked, written where the user chose. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HandlersFor } from '../../shared/api/dispatcher';
import type { runbookOperations } from '../../shared/api/operations/runbook';
import { ApiError } from '../../shared/api/result';
import { clusterNameOf } from '../../shared/topology';
import { compilePlan } from '../../shared/plan/compile';
import { buildRunbook } from '../../shared/runbook/model';
import { runbookHtml, runbookMarkdown } from '../../shared/runbook/render';
import type { StorePaths } from '../store/paths';
import type { CallContext, HostCapabilities } from './host';

export function runbookHandlers(
  paths: StorePaths,
  host: HostCapabilities,
): HandlersFor<keyof typeof runbookOperations, CallContext> {
  return {
    exportRunbook: async ({ design, format }) => {
      const exporter = host.runbookExport;
      if (!exporter)
        throw new ApiError(
          'unsupported',
          'Runbook export needs the desktop app. In a browser: `quorum runbook design.quorum -o runbook.html`, then print it to PDF (the runbook has a print style).',
        );
      const suggested = join(paths.projectsDir, `${clusterNameOf(design.name)}-runbook.${format}`);
      const path = await exporter.chooseExportPath(suggested, format);
      if (!path) return { path: null };
      const runbook = buildRunbook(design, compilePlan(design), {
        generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      });
      const html = runbookHtml(runbook, design);
      const content =
        format === 'md'
          ? runbookMarkdown(runbook)
          : format === 'html'
            ? html
            : await exporter.printHtmlToPdf(html);
      await writeFile(path, content);
      return { path };
    },
  };
}
