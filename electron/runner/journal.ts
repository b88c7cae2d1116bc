/**
 * The run journal: JSON Lines, append-only, each record fsynced before the runner goes on (intent before
 * a task, started before its first remote command, result after). After a crash the file holds every
 * record that was acknowledged; a torn last line (power loss mid-write) is ignored.
 */
import { open, readFile, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalRecord } from '../../shared/deploy/run-state';
import { maskSecrets } from '../../shared/deploy/secret-masker';

/** Masks secrets in a journal line: as written, and as JSON escapes them (quotes, backslashes). */
export function journalMask(maskValues: () => Iterable<string>): (line: string) => string {
  return (line) => {
    const values = [...maskValues()];
    return maskSecrets(line, [...values, ...values.map((v) => JSON.stringify(v).slice(1, -1))]);
  };
}

export class Journal {
  private pending: { line: string; done: () => void; failed: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private readonly mask: (text: string) => string,
  ) {}

  /** Opens (creating) a journal for appending. `mask` removes secrets from every line. */
  static async open(path: string, mask: (text: string) => string = (t) => t): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    return new Journal(path, await open(path, 'a', 0o600), mask);
  }

  /**
   * Appends a record and resolves once it is on disk (fdatasync). Records keep their call order.
   * Group commit: records that arrive while a sync is in flight share the next write and sync, so 50
   * nodes finishing at once cost one sync, not 50 in a row.
   */
  append(record: JournalRecord): Promise<void> {
    const line = this.mask(JSON.stringify(JournalRecord.parse(record))) + '\n';
    return new Promise<void>((done, failed) => {
      this.pending.push({ line, done, failed });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        await this.handle.write(batch.map((p) => p.line).join(''));
        await this.handle.datasync();
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.failed(error);
      }
    }
    this.flushing = null;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }

  /** Reads every complete, valid record. */
  static async read(path: string): Promise<JournalRecord[]> {
    const text = await readFile(path, 'utf8');
    const records: JournalRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = JournalRecord.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
      } catch {
        // A torn last line: the write it belongs to never completed.
      }
    }
    return records;
  }
}
