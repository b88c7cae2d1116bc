/**
 * The "all nodes" terminal view: every line gets its node's host name as a coloured prefix, and a line
 * a node left unfinished is closed before another node's output starts.
 */

/** ANSI colours cycled over nodes (bright ones: readable on a dark terminal). */
const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];

/** Keeps per-node line state; `prefix(node, text)` returns text for the shared view. */
export class LinePrefixer {
  private atLineStart = new Map<string, boolean>();
  private lastNode: string | null = null;
  private colours = new Map<string, number>();

  constructor(private readonly label: (node: string) => string = (n) => n) {}

  private colour(node: string): number {
    let colour = this.colours.get(node);
    if (colour === undefined) {
      colour = COLOURS[this.colours.size % COLOURS.length]!;
      this.colours.set(node, colour);
    }
    return colour;
  }

  /** Text for the shared view; `\n` stays `\n` (the terminal converts line ends). */
  prefix(node: string, text: string): string {
    if (!text) return '';
    let out = '';
    if (this.lastNode !== null && this.lastNode !== node && this.atLineStart.get(this.lastNode) === false) {
      out += '\n';
      this.atLineStart.set(this.lastNode, true);
    }
    this.lastNode = node;
    const tag = `\x1b[${this.colour(node)}m${this.label(node)}\x1b[0m │ `;
    // indexOf over the text rather than a split: this runs on every batch of a flood (MB/s).
    const pieces: string[] = [out];
    let atStart = this.atLineStart.get(node) ?? true;
    let from = 0;
    while (from < text.length) {
      const end = text.indexOf('\n', from);
      const next = end < 0 ? text.length : end + 1;
      if (atStart) pieces.push(tag);
      pieces.push(text.slice(from, next));
      atStart = end >= 0;
      from = next;
    }
    this.atLineStart.set(node, atStart);
    return pieces.join('');
  }
}
