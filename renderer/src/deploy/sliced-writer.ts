/**
 * Feeds deploy output to xterm in slices under a per-frame time budget, so a flood never holds the page's
 * main thread: a keystroke waits for at most one slice, and every frame has time left to draw it.
 *
 * xterm parses what it is given in tasks of about 12 ms, but never splits one `write`: a 200 KB batch
 * (or a 2 MB backlog) is one long task, and back-to-back tasks left no room for input (keydown → next
 * frame p95 53–205 ms during a flood). Here each `write` to xterm is at most `SLICE_CHARS`; the next goes
 * in from the previous one's parse callback while the frame's budget lasts, then the writer waits for the
 * next frame. A hidden page draws no frames: it does not wait for one (nor does anything wait on rAF
 * alone: a frame that never comes ends the wait after `FRAME_FALLBACK_MS`).
 *
 * Every character is written, in order, and each text's `parsed` callback runs once xterm parsed its last
 * slice (the backend's credit). `discard` drops what has not reached xterm (a reset) and still runs the
 * callbacks. The withdrawn paced writer (commit 39400b4) left a first-shown tab blank once in seven runs;
 * this one never holds output back after a quiet spell and keeps no state that a reset or a hidden tab
 * can leave "busy": `busy` is true exactly while a slice is in xterm or a frame wait is armed.
 */

/** The part of xterm's Terminal this needs. */
export interface WritableTerminal {
  write(data: string, callback?: () => void): void;
}

/** How the writer waits and measures (the page's, or a test's hand-driven clock). */
export interface WriterTiming {
  now(): number;
  /** Runs `run` at the next frame, or after `FRAME_FALLBACK_MS` if none comes. */
  nextFrame(run: () => void): void;
  /** Runs `run` in a task of its own, soon (no frame to wait for). */
  soon(run: () => void): void;
  /** Whether the page draws frames (false when hidden). */
  drawing(): boolean;
}

/**
 * 32 K characters: xterm parses that in 0.3–1 ms on this machine's cores, so a keystroke waits at most
 * that long, while the per-slice overhead (a callback and a check) stays far below the parse.
 */
export const SLICE_CHARS = 32 * 1024;

/**
 * Parse time per frame. At 60 Hz a frame is 16.7 ms: 8 ms of parsing leaves the rest for input, xterm's
 * own drawing and layout, and keeps a keystroke's wait for its frame well under 50 ms.
 */
export const FRAME_BUDGET_MS = 8;

/** A frame that does not come within this (a hidden or throttled page) no longer holds output back. */
export const FRAME_FALLBACK_MS = 100;

const pageTiming: WriterTiming = {
  now: () => performance.now(),
  nextFrame: (run) => {
    let ran = false;
    const once = () => {
      if (ran) return;
      ran = true;
      clearTimeout(timer);
      run();
    };
    const timer = setTimeout(once, FRAME_FALLBACK_MS);
    requestAnimationFrame(once);
  },
  soon: (run) => {
    // A message task, not setTimeout: nested timers are clamped to 4 ms.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      run();
    };
    channel.port2.postMessage(null);
  },
  drawing: () => document.visibilityState === 'visible',
};

interface Pending {
  text: string;
  /** How much of `text` is in xterm already. */
  offset: number;
  parsed?: () => void;
}

/** Where a slice of `text` starting at `start` may end: never between the halves of a surrogate pair. */
export function sliceEnd(text: string, start: number, max: number): number {
  const end = Math.min(text.length, start + max);
  if (end < text.length && end > start + 1) {
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) return end - 1;
  }
  return end;
}

export class SlicedWriter {
  private queue: Pending[] = [];
  private busy = false;
  /** Parse time spent since the last frame. */
  private spent = 0;
  /** Bumped by `discard`: callbacks of slices written before it no longer drive the queue. */
  private generation = 0;

  constructor(
    private readonly term: WritableTerminal,
    private readonly timing: WriterTiming = pageTiming,
  ) {}

  /** Writes `text`; `parsed` runs once xterm has parsed all of it. */
  write(text: string, parsed?: () => void): void {
    this.queue.push({ text, offset: 0, ...(parsed ? { parsed } : {}) });
    if (!this.busy) this.next();
  }

  /** Characters not yet handed to xterm (tests and diagnostics). */
  get waiting(): number {
    return this.queue.reduce((sum, p) => sum + p.text.length, 0) - (this.queue[0]?.offset ?? 0);
  }

  /** Forgets what has not reached xterm (a reset); its callbacks still run, so credit is returned. */
  discard(): void {
    const dropped = this.queue;
    this.queue = [];
    this.generation += 1;
    this.busy = false;
    this.spent = 0;
    for (const p of dropped) p.parsed?.();
  }

  private next(): void {
    const head = this.queue[0];
    if (!head) {
      this.busy = false;
      return;
    }
    if (this.spent >= FRAME_BUDGET_MS) {
      this.busy = true;
      const generation = this.generation;
      const resume = () => {
        if (generation !== this.generation) return;
        this.spent = 0;
        this.next();
      };
      if (this.timing.drawing()) this.timing.nextFrame(resume);
      else this.timing.soon(resume);
      return;
    }
    this.busy = true;
    const end = sliceEnd(head.text, head.offset, SLICE_CHARS);
    const slice =
      head.offset === 0 && end === head.text.length ? head.text : head.text.slice(head.offset, end);
    head.offset = end;
    const generation = this.generation;
    const started = this.timing.now();
    // The head stays queued until parsed: a discard meanwhile still returns its credit.
    this.term.write(slice, () => {
      if (generation !== this.generation) return;
      this.spent += this.timing.now() - started;
      if (end === head.text.length) {
        this.queue.shift();
        head.parsed?.();
      }
      this.next();
    });
  }
}
