/** INI files as oslo.config reads them: `[section]` then `key = value` lines. */

/** Sections in file order; each maps keys to values (already strings). */
export type IniDocument = Record<string, Record<string, string>>;

/** Renders an INI document; empty sections are left out. */
export function renderIni(doc: IniDocument, header = '# Written by Quorum.'): string {
  const out = [header];
  for (const [section, values] of Object.entries(doc)) {
    const entries = Object.entries(values);
    if (entries.length === 0) continue;
    out.push('', `[${section}]`, ...entries.map(([k, v]) => `${k} = ${v}`));
  }
  out.push('');
  return out.join('\n');
}

/**
 * Parses INI text into sections (for tests and for diffing); later keys win; `#`/`;` comments skipped.
 * A key outside any section, or a line that is not `key = value`, throws with its line number.
 */
export function parseIni(text: string): IniDocument {
  const doc: IniDocument = {};
  let current: Record<string, string> | null = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      current = doc[section[1]!] ??= {};
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || current === null)
      throw new Error(`line ${index + 1}: not "key = value" in a section: ${raw}`);
    current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return doc;
}
