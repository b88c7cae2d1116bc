/**
 * The run journal: JSON Lines, append-only, each record fsynced before the runner goes on (intent before
 * a task, started before its first remote command, result after). After a crash the file holds every
 * record that was acknowledged; a torn last line (power loss mid-write) is ignored.
 */
import { open, readFile, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalRecord } from '../../shared/deploy/run-state';

export class Journal {
  private queue: Promise<void> = Promise.resolve();

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

  /** Appends a record and resolves once it is on disk (fdatasync). Records keep their call order. */
  append(record: JournalRecord): Promise<void> {
    const line = this.mask(JSON.stringify(JournalRecord.parse(record))) + '\n';
    const write = this.queue.then(async () => {
      await this.handle.write(line);
      await this.handle.datasync();
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  async close(): Promise<void> {
    await this.queue;
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
