/**
 * A block of lines that Quorum owns inside a file that the distribution owns (Horizon's local_settings):
 * between a BEGIN and an END marker line, at the end of the file, replaced as a whole on every apply so that
 * a changed design reaches the file. The block's text (markers included) is first written to a file of its
 * own by the step; the command below puts that text into the target, the guard compares the two exactly.
 */

/** The marker lines around a managed block named `name` (one line each, no newline). */
export function blockMarkers(name: string): { begin: string; end: string } {
  return {
    begin: `# BEGIN ${name} (managed by Quorum: replaced on every apply, edit the design instead)`,
    end: `# END ${name}`,
  };
}

/** `text` between the markers of block `name`: what the step writes to the block file. */
export function managedBlock(name: string, text: string): string {
  const { begin, end } = blockMarkers(name);
  return `${begin}\n${text.replace(/\n*$/, '\n')}${end}\n`;
}

/** A basic regex (sed, grep) matching lines that start with `text` (metacharacters escaped). */
function prefixRegex(text: string): string {
  return `^${text.replace(/[\\/.*[\]^$]/g, (c) => `\\${c}`)}`;
}

/** A basic regex matching exactly the line `line`. */
function lineRegex(line: string): string {
  return `${prefixRegex(line)}$`;
}

/** A sed script that prints (`p`) or deletes (`d`) every block `name` of a file. */
function blockSed(name: string, verb: 'p' | 'd'): string {
  const { begin, end } = blockMarkers(name);
  return `'/${lineRegex(begin)}/,/${lineRegex(end)}/${verb}'`;
}

/**
 * Commands that replace block `name` in `target` with the content of `blockFile`: every old block (and,
 * with `legacy`, everything from an older unmarked append's first line to the end of the file) is deleted,
 * a missing final newline is added, and the block is appended. Safe to re-run at any point: a run cut
 * short after the delete only lacks the block, which the next run appends.
 */
export function replaceBlockCommand(
  name: string,
  target: string,
  blockFile: string,
  legacy?: string,
): string {
  const drop = legacy ? ` -e '/${prefixRegex(legacy)}/,$d'` : '';
  return [
    `sed -i -e ${blockSed(name, 'd')}${drop} ${target}`,
    `{ [ ! -s ${target} ] || [ -z "$(tail -c 1 ${target})" ] || echo >> ${target}; }`,
    `cat ${blockFile} >> ${target}`,
  ].join(' && ');
}

/**
 * True (exit 0) when `target` holds block `name` exactly once with exactly `blockFile`'s content (and, with
 * `legacy`, no line starting with the older unmarked append's first line).
 */
export function blockGuard(name: string, target: string, blockFile: string, legacy?: string): string {
  const old = legacy ? ` && ! grep -q '${prefixRegex(legacy)}' ${target}` : '';
  return `sed -n ${blockSed(name, 'p')} ${target} 2>/dev/null | cmp -s - ${blockFile}${old}`;
}
