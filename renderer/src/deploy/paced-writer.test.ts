import { describe, expect, it } from 'vitest';
import {
  BEGIN_SYNC,
  CHUNK_INTERVAL_MS,
  END_SYNC,
  PacedWriter,
  type PacedWriterTiming,
  type WritableTerminal,
} from './paced-writer';

/** A terminal that records writes and parses when told to (xterm parses asynchronously). */
class RecordingTerminal implements WritableTerminal {
  written: string[] = [];
  private queue: (() => void)[] = [];
  write(data: string, callback?: () => void): void {
    this.written.push(data);
    if (callback) this.queue.push(callback);
  }
  parse(): void {
    for (const callback of this.queue.splice(0)) callback();
  }
  get text(): string {
    return this.written.join('');
  }
}

/** A hand-driven clock: `after` runs once `advance` passes its time (a frame always comes). */
class ManualTiming implements PacedWriterTiming {
  time = 1000;
  private waiting: { at: number; run: () => void }[] = [];
  now = () => this.time;
  after = (at: number, run: () => void) => void this.waiting.push({ at, run });
  advance(ms: number): void {
    this.time += ms;
    const due = this.waiting.filter((w) => w.at <= this.time);
    this.waiting = this.waiting.filter((w) => w.at > this.time);
    for (const w of due) w.run();
  }
}

describe('PacedWriter', () => {
  it('writes at once after a quiet spell, wrapped in synchronized output', () => {
    const term = new RecordingTerminal();
    const writer = new PacedWriter(term, new ManualTiming());
    writer.write('hello\n');
    expect(term.written).toEqual([BEGIN_SYNC, 'hello\n', END_SYNC]);
  });

  it('joins what arrives while xterm parses into one chunk, and acknowledges each batch once parsed', () => {
    const term = new RecordingTerminal();
    const timing = new ManualTiming();
    const writer = new PacedWriter(term, timing);
    const acked: string[] = [];
    writer.write('a', () => acked.push('a'));
    writer.write('b', () => acked.push('b'));
    writer.write('c', () => acked.push('c'));
    expect(term.written).toEqual([BEGIN_SYNC, 'a', END_SYNC]);
    expect(acked).toEqual([]);
    term.parse();
    expect(acked).toEqual(['a']);
    // The next chunk waits for its turn, then carries both batches.
    timing.advance(CHUNK_INTERVAL_MS - 1);
    expect(term.written).toHaveLength(3);
    timing.advance(1);
    expect(term.written.slice(3)).toEqual([BEGIN_SYNC, 'bc', END_SYNC]);
    term.parse();
    expect(acked).toEqual(['a', 'b', 'c']);
    expect(writer.waiting).toBe(0);
  });

  it('never puts its own sequences inside an escape sequence cut between batches', () => {
    const term = new RecordingTerminal();
    const timing = new ManualTiming();
    const writer = new PacedWriter(term, timing);
    const acked: number[] = [];
    writer.write('one \x1b[3', () => acked.push(1));
    expect(term.written).toEqual([BEGIN_SYNC, 'one ', END_SYNC]);
    term.parse();
    expect(acked).toEqual([1]);
    writer.write('1mred\x1b[0m\n', () => acked.push(2));
    timing.advance(CHUNK_INTERVAL_MS);
    term.parse();
    expect(term.written.slice(3)).toEqual([BEGIN_SYNC, '\x1b[31mred\x1b[0m\n', END_SYNC]);
    expect(acked).toEqual([1, 2]);
    // Without the sync sequences, the terminal got exactly what was written.
    const unwrapped = term.text.split(BEGIN_SYNC).join('').split(END_SYNC).join('');
    expect(unwrapped).toBe('one \x1b[31mred\x1b[0m\n');
  });

  it('writes every byte in order across many chunks', () => {
    const term = new RecordingTerminal();
    const timing = new ManualTiming();
    const writer = new PacedWriter(term, timing);
    let expected = '';
    let acked = 0;
    for (let i = 0; i < 200; i++) {
      const text = `line ${i} \x1b[3${i % 8}m${'x'.repeat(i % 7)}\x1b[0m\n`.slice(0, 5 + (i % 17));
      expected += text;
      writer.write(text, () => acked++);
      if (i % 3 === 0) term.parse();
      if (i % 5 === 0) timing.advance(CHUNK_INTERVAL_MS);
    }
    for (let i = 0; i < 10; i++) {
      term.parse();
      timing.advance(CHUNK_INTERVAL_MS);
    }
    const unwrapped = term.text.split(BEGIN_SYNC).join('').split(END_SYNC).join('');
    // An unfinished sequence at the very end is held (xterm would show nothing of it anyway).
    expect(expected.startsWith(unwrapped)).toBe(true);
    expect(expected.length - unwrapped.length).toBe(writer.waiting);
    expect(acked).toBe(200);
  });

  it('discards what has not reached xterm on a reset but still returns its credit', () => {
    const term = new RecordingTerminal();
    const writer = new PacedWriter(term, new ManualTiming());
    let acked = 0;
    writer.write('first', () => acked++);
    writer.write('second', () => acked++);
    writer.discard();
    expect(acked).toBe(1);
    term.parse();
    expect(acked).toBe(2);
    expect(term.text).not.toContain('second');
  });
});
