/**
 * Where drill results are kept, one writer for the CLI and the app: every result as its own JSON file
 * under the lab's `drills/` folder (`<data>/lab/labs/NAME/drills/KIND-TIME.json`), and, for drills the app
 * ran, every record appended to `drills.json` beside the run's journal (as `verify.json` is kept).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DrillsFile, type DrillRecord, type DrillResult } from '../../shared/drill/types';
import { labPaths } from '../lab/state';
import { writeFileAtomic } from '../store/atomic-write';

/** The drills file of a run folder. */
export function runDrillsFile(runDir: string): string {
  return join(runDir, 'drills.json');
}

/** Keeps a drill's result in the lab's `drills/` folder; returns the file written. */
export function keepInLab(labDataDir: string, lab: string, result: DrillResult): string {
  const dir = join(labPaths(labDataDir).labDir(lab), 'drills');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.drill}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileAtomic(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Every drill kept in a drills file, oldest first; none when there is no file or it is not one. */
export function readDrills(file: string): DrillRecord[] {
  if (!existsSync(file)) return [];
  try {
    const parsed = DrillsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.drills : [];
  } catch {
    return [];
  }
}

/** Adds a record to a drills file, or replaces the record of the same id (written atomically). */
export function keepDrill(file: string, record: DrillRecord): void {
  const drills = readDrills(file).filter((d) => d.id !== record.id);
  drills.push(record);
  mkdirSync(dirname(file), { recursive: true });
  const content: DrillsFile = { version: 1, drills };
  writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
}
