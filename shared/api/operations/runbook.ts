/** Runbook export from the app: HTML, Markdown, or PDF (printed by the Electron host). */
import { z } from 'zod';
import { Design } from '../../design/schema';

/** The formats a runbook is exported in. */
export const RunbookFormat = z.enum(['html', 'md', 'pdf']);
export type RunbookFormat = z.infer<typeof RunbookFormat>;

/** Runbook operations. Secrets stay masked in exports from the app. */
export const runbookOperations = {
  /** Asks the host for a path (native save dialog) and writes the design's runbook there. */
  exportRunbook: {
    input: z.strictObject({ design: Design, format: RunbookFormat }),
    output: z.strictObject({ path: z.string().nullable() }),
  },
} as const;
