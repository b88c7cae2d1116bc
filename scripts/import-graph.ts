/**
 * The project's import graph and its cycles, for scripts/import-cycles.test.ts. Every import counts,
 * `import type` and `export … from` included: a cycle of types still ties two modules together (neither
 * can be understood, moved or split without the other). Only relative imports make edges (the project
 * has no `paths` aliases; packages are outside the graph).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const SKIP = new Set(['node_modules', 'out', 'test-results', 'playwright-report', '.tmp']);
const CANDIDATES = ['', '.ts', '.tsx', '.mts', '.mjs', '/index.ts', '/index.tsx'];

/** File → the files it imports; paths relative to `root`, with `/` separators. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative import names, among `files` (a file outside them cannot be on a cycle). */
function resolveImport(files: ReadonlySet<string>, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  return CANDIDATES.map((suffix) => base + suffix).find((path) => files.has(path)) ?? null;
}

/** The graph of every source file under `dirs` (folders relative to `root`). */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  const name = (path: string) => relative(root, path).split('\\').join('/');
  const files = new Set(dirs.flatMap((dir) => sourceFiles(join(root, dir))));
  for (const file of files) {
    // The scanner lists static imports, re-exports and `import()`, type-only ones too.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.flatMap(({ fileName }) => {
      const target = resolveImport(files, file, fileName);
      return target ? [name(target)] : [];
    });
    graph.set(name(file), [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import cycles: one per strongly connected group of files, written as a path that returns to its
 * start (`a.ts → b.ts → a.ts`). Empty when the graph is acyclic.
 */
export function importCycles(graph: ImportGraph): string[] {
  // Tarjan's algorithm, iterative over the files in name order (stable messages).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (start: string) => {
    const frames: { file: string; edge: number }[] = [{ file: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (frames.length) {
      const frame = frames.at(-1)!;
      const edges = graph.get(frame.file) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          frames.push({ file: target, edge: 0 });
        } else if (onStack.has(target))
          low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) === index.get(frame.file)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.file);
        if (group.length > 1 || edges.includes(frame.file)) groups.push(group);
      }
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return groups.map((group) => cyclePath(graph, new Set(group)));
}

/** One concrete cycle through a strongly connected group, from its first file by name. */
function cyclePath(graph: ImportGraph, group: Set<string>): string {
  const start = [...group].sort()[0]!;
  // Breadth-first from the start back to itself, inside the group: the shortest such cycle.
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const target of graph.get(file) ?? []) {
      if (!group.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = file; at !== start; at = cameFrom.get(at)!) path.unshift(at);
        path.unshift(start);
        return path.join(' → ');
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return start;
}
