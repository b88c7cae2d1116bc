/**
 * Output of a run, from ssh2 channels to the renderer and to disk: decoded as UTF-8 without ever splitting
 * a character, secrets masked (also when split across chunks), batched, written in full to one log file
 * per node, and flow-controlled by credit: above `highWatermark` unacknowledged characters every channel
 * of the run is paused (ssh2 then stops granting window, so the nodes block instead of us buffering);
 * below `lowWatermark` they resume. Nothing is dropped.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SecretMasker } from '../../shared/deploy/secret-masker';
import type { CommandHandle, OutputStream } from '../ssh/remote-command';

/**
 * 4 MB in flight before pausing. The credit must cover the output of one round trip, batch → xterm →
 * acknowledgement, and that trip is long: xterm parses what came before, and on a busy machine every
 * process on the way waits for a core (measured 60–180 ms with no xterm at all). With 1 MB the nodes sat
 * paused 44 % of a transport-only run.
 */
export const HIGH_WATERMARK = 4 * 1024 * 1024;
/** Resume while the renderer still has 2 MB to parse, so xterm never runs dry waiting for the nodes. */
export const LOW_WATERMARK = 2 * 1024 * 1024;
/** One frame at 60 Hz: batches are small enough to feel live and few enough not to flood the transport. */
export const BATCH_MS = 16;
/** Flush early above this, so one batch never grows into a transport-sized problem. */
export const BATCH_CHARS = 200 * 1024;

export interface OutputPumpOptions {
  logDir: string;
  secrets: () => Iterable<string>;
  /** Delivers one batch of a node's output. */
  emit: (node: string, data: string) => void;
  /** Whether a renderer is listening and will acknowledge (without one, nothing waits for acks). */
  flowControlled: () => boolean;
  highWatermark?: number;
  lowWatermark?: number;
}

interface NodeStreams {
  decoders: Record<OutputStream, StringDecoder>;
  maskers: Record<OutputStream, SecretMasker>;
  batch: string;
  log: WriteStream;
}

export class OutputPump {
  private nodes = new Map<string, NodeStreams>();
  private commands = new Set<CommandHandle>();
  private timer: NodeJS.Timeout | undefined;
  private unacked = 0;
  private paused = false;
  /** Peak of unacknowledged characters (for the benchmarks). */
  peakUnacked = 0;
  /** Characters emitted, acknowledged, and of Quorum's own notes (for the benchmarks). */
  totalChars = 0;
  ackedChars = 0;
  noteChars = 0;
  /** How long the channels were paused, waiting for acknowledgements (for the benchmarks). */
  pausedMs = 0;
  private pausedSince = 0;

  constructor(private readonly options: OutputPumpOptions) {
    mkdirSync(options.logDir, { recursive: true });
  }

  private streams(node: string): NodeStreams {
    let streams = this.nodes.get(node);
    if (!streams) {
      const secrets = [...this.options.secrets()];
      streams = {
        decoders: { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') },
        maskers: { stdout: new SecretMasker(secrets), stderr: new SecretMasker(secrets) },
        batch: '',
        log: createWriteStream(join(this.options.logDir, `${node}.log`), { flags: 'a', mode: 0o600 }),
      };
      this.nodes.set(node, streams);
    }
    return streams;
  }

  /** Registers a secret with every masker (before first use). */
  addSecret(secret: string): void {
    for (const streams of this.nodes.values()) {
      streams.maskers.stdout.add(secret);
      streams.maskers.stderr.add(secret);
    }
  }

  /** Raw bytes from a command's stream. */
  write(node: string, stream: OutputStream, data: Buffer): void {
    const streams = this.streams(node);
    this.append(node, streams.maskers[stream].push(streams.decoders[stream].write(data)));
  }

  /** Ends a command's streams: what the decoders and maskers held back comes out now. */
  endCommand(node: string): void {
    const streams = this.streams(node);
    for (const stream of ['stdout', 'stderr'] as const) {
      this.append(
        node,
        streams.maskers[stream].push(streams.decoders[stream].end()) + streams.maskers[stream].flush(),
      );
    }
  }

  /** A line of Quorum's own (step headers, results); masked too. */
  note(node: string, text: string): void {
    const streams = this.streams(node);
    const masked = streams.maskers.stdout.maskAll(text);
    this.noteChars += masked.length;
    this.append(node, masked);
  }

  private append(node: string, text: string): void {
    if (!text) return;
    const streams = this.streams(node);
    streams.log.write(text);
    streams.batch += text;
    if (streams.batch.length >= BATCH_CHARS) this.flushNode(node, streams);
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flushNode(node: string, streams: NodeStreams): void {
    if (!streams.batch) return;
    const data = streams.batch;
    streams.batch = '';
    this.totalChars += data.length;
    if (this.options.flowControlled()) {
      this.unacked += data.length;
      this.peakUnacked = Math.max(this.peakUnacked, this.unacked);
      if (!this.paused && this.unacked > (this.options.highWatermark ?? HIGH_WATERMARK)) this.setPaused(true);
    }
    this.options.emit(node, data);
  }

  /** Sends every pending batch now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [node, streams] of this.nodes) this.flushNode(node, streams);
  }

  /** The renderer wrote `chars` characters (xterm's write callback). */
  ack(chars: number): void {
    if (Number.isFinite(chars)) this.ackedChars += chars;
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked < (this.options.lowWatermark ?? LOW_WATERMARK)) this.setPaused(false);
  }

  /** Forgets outstanding credit (a renderer reloaded: its acks will never come). */
  resetCredit(): void {
    this.ack(Number.POSITIVE_INFINITY);
  }

  get unacknowledged(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.pausedSince = performance.now();
    else this.pausedMs += performance.now() - this.pausedSince;
    for (const command of this.commands) {
      if (paused) command.pause();
      else command.resume();
    }
  }

  /** Routes a command's output through the pump (and its pause/resume). */
  attach(node: string, command: CommandHandle): void {
    this.commands.add(command);
    if (this.paused) command.pause();
    command.onData((stream, data) => this.write(node, stream, data));
    void command.result.finally(() => {
      this.commands.delete(command);
      this.endCommand(node);
    });
  }

  /** Flushes everything and closes the log files. */
  async close(): Promise<void> {
    this.flush();
    await Promise.all(
      [...this.nodes.values()].map((s) => new Promise<void>((resolve) => s.log.end(() => resolve()))),
    );
    this.nodes.clear();
  }
}
