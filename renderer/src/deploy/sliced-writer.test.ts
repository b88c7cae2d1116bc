import { describe, expect, it } from 'vitest';
import {
  FRAME_BUDGET_MS,
  SLICE_CHARS,
  SlicedWriter,
  sliceEnd,
  type WritableTerminal,
  type WriterTiming,
} from './sliced-writer';

/** A fake of xterm's write: records slices and parses when told to, taking `parseMs` of the clock each. */
class FakeTerminal implements WritableTerminal {
  written: string[] = [];
  private queue: (() => void)[] = [];
  constructor(private readonly clock: FakeTiming) {}
  write(data: string, callback?: () => void): void {
    this.written.push(data);
    this.queue.push(() => {
      this.clock.time += this.clock.parseMs;
      callback?.();
    });
  }
  /** Parses what is queued, including what callbacks write meanwhile (as xterm's loop does). */
  parse(): void {
    while (this.queue.length > 0) this.queue.shift()!();
  }
  get text(): string {
    return this.written.join('');
  }
}

/** A hand-driven clock: frames and tasks run only when the test says so. */
class FakeTiming implements WriterTiming {
  time = 0;
  parseMs = 1;
  visible = true;
  frames: (() => void)[] = [];
  tasks: (() => void)[] = [];
  now = () => this.time;
  nextFrame = (run: () => void) => void this.frames.push(run);
  soon = (run: () => void) => void this.tasks.push(run);
  drawing = () => this.visible;
  frame(): void {
    for (const run of this.frames.splice(0)) run();
  }
  task(): void {
    for (const run of this.tasks.splice(0)) run();
  }
}

function setup() {
  const timing = new FakeTiming();
  const term = new FakeTerminal(timing);
  return { timing, term, writer: new SlicedWriter(term, timing) };
}

describe('SlicedWriter', () => {
  it('writes a small batch at once and acknowledges it once parsed', () => {
    const { term, writer } = setup();
    const acked: string[] = [];
    writer.write('hello\n', () => acked.push('hello'));
    expect(term.written).toEqual(['hello\n']);
    expect(acked).toEqual([]);
    term.parse();
    expect(acked).toEqual(['hello']);
    expect(writer.waiting).toBe(0);
  });

  it('cuts a large batch into slices and stops for the next frame when the budget is spent', () => {
    const { term, timing, writer } = setup();
    timing.parseMs = 3;
    const big = 'x'.repeat(SLICE_CHARS * 10);
    let acked = 0;
    writer.write(big, () => acked++);
    term.parse();
    // 3 ms per slice: the budget of FRAME_BUDGET_MS allows this many slices in one frame.
    const perFrame = Math.ceil(FRAME_BUDGET_MS / 3);
    expect(term.written).toHaveLength(perFrame);
    expect(term.written.every((slice) => slice.length === SLICE_CHARS)).toBe(true);
    expect(timing.frames).toHaveLength(1);
    expect(acked).toBe(0);
    for (let i = 0; i < 10 && acked === 0; i++) {
      timing.frame();
      term.parse();
    }
    expect(term.text).toBe(big);
    expect(acked).toBe(1);
    expect(writer.waiting).toBe(0);
  });

  it('keeps every character in order across many batches and frames', () => {
    const { term, timing, writer } = setup();
    timing.parseMs = 2;
    let expected = '';
    let acked = 0;
    for (let i = 0; i < 300; i++) {
      const text = `line ${i} \x1b[3${i % 8}m${'y'.repeat((i * 997) % 50_000)}\x1b[0m\n`;
      expected += text;
      writer.write(text, () => acked++);
      if (i % 3 === 0) term.parse();
      if (i % 7 === 0) timing.frame();
    }
    for (let i = 0; i < 1000 && acked < 300; i++) {
      term.parse();
      timing.frame();
    }
    expect(acked).toBe(300);
    expect(term.text).toBe(expected);
  });

  it('on a hidden page does not wait for frames (none come) but still yields between budgets', () => {
    const { term, timing, writer } = setup();
    timing.visible = false;
    timing.parseMs = 5;
    let acked = false;
    writer.write('z'.repeat(SLICE_CHARS * 4), () => (acked = true));
    term.parse();
    expect(timing.frames).toHaveLength(0);
    expect(timing.tasks).toHaveLength(1);
    for (let i = 0; i < 10 && !acked; i++) {
      timing.task();
      term.parse();
    }
    expect(acked).toBe(true);
  });

  it('a discard returns the credit of everything not parsed, and writing works again at once', () => {
    const { term, timing, writer } = setup();
    timing.parseMs = 10;
    const acked: string[] = [];
    writer.write('a'.repeat(SLICE_CHARS * 3), () => acked.push('a'));
    writer.write('b', () => acked.push('b'));
    term.parse(); // one slice parsed, budget spent: waiting for a frame
    expect(timing.frames).toHaveLength(1);
    writer.discard();
    expect(acked).toEqual(['a', 'b']);
    expect(writer.waiting).toBe(0);
    // The stale frame wait does nothing; new output goes in at once (a first-shown tab is not left blank).
    term.written = [];
    writer.write('after reset\n', () => acked.push('c'));
    expect(term.written).toEqual(['after reset\n']);
    timing.frame();
    term.parse();
    expect(acked).toEqual(['a', 'b', 'c']);
    expect(term.written).toEqual(['after reset\n']);
  });

  it('a discard while a slice is in xterm returns its credit once', () => {
    const { term, writer } = setup();
    let acked = 0;
    writer.write('in flight', () => acked++);
    writer.discard();
    term.parse();
    expect(acked).toBe(1);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const text = 'ab😀cd';
    expect(sliceEnd(text, 0, 3)).toBe(2);
    expect(sliceEnd(text, 0, 4)).toBe(4);
    expect(sliceEnd(text, 2, 1)).toBe(3); // a one-character slice still progresses
    expect(sliceEnd(text, 4, 100)).toBe(text.length);
  });
});
