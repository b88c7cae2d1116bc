/**
 * What differs between what a step writes and what a node has, in words a trainee can act on ("line 21 of
 * /etc/…/galera.cnf: the plan has …, controller2 has …"). Pure: the backend reads the node, this judges.
 */

/** Longest line quoted in a difference; longer ones are cut with an ellipsis. */
const QUOTE_MAX = 120;

function quote(line: string): string {
  const cut = line.length > QUOTE_MAX ? `${line.slice(0, QUOTE_MAX)}…` : line;
  return `“${cut}”`;
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** The first difference between the file the plan writes and the node's copy, or null when they match. */
export function fileDifference(path: string, expected: string, actual: string, host: string): string | null {
  if (expected === actual) return null;
  const want = lines(expected);
  const have = lines(actual);
  for (let i = 0; i < Math.max(want.length, have.length); i++) {
    const w = want[i];
    const h = have[i];
    if (w === h) continue;
    if (h === undefined) return `${path} on ${host} ends at line ${i}; the plan continues with ${quote(w!)}`;
    if (w === undefined) return `${path} on ${host} has more than the plan, from line ${i + 1}: ${quote(h)}`;
    return `line ${i + 1} of ${path}: the plan has ${quote(w)}, ${host} has ${quote(h)}`;
  }
  return expected.endsWith('\n') === actual.endsWith('\n')
    ? `${path} on ${host} differs in white space`
    : `${path} on ${host} differs in its last line break`;
}

/**
 * Owner, group and mode against `stat -c '%U:%G %a'` output (`root:mysql 640`), or null when they match.
 * Modes compare as numbers, so `0640` and `640` are the same.
 */
export function ownershipDifference(
  path: string,
  expected: { owner: string; group: string; mode: string },
  stat: string,
  host: string,
): string | null {
  const match = /^(\S+):(\S+) ([0-7]+)$/.exec(stat.trim());
  if (!match) return `cannot read the owner and mode of ${path} on ${host}`;
  const [, owner, group, mode] = match;
  const problems: string[] = [];
  if (owner !== expected.owner || group !== expected.group) {
    problems.push(`owner ${owner}:${group} (the plan: ${expected.owner}:${expected.group})`);
  }
  if (parseInt(mode!, 8) !== parseInt(expected.mode, 8)) {
    problems.push(`mode ${mode} (the plan: ${expected.mode.replace(/^0(?=\d{3})/, '')})`);
  }
  return problems.length === 0 ? null : `${path} on ${host} has ${problems.join(' and ')}`;
}
