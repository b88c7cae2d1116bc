/**
 * No import cycles (scripts/import-graph.ts): three had grown (the backend and its handlers, the renderer
 * store and its slices, the runbook's recovery modules). A new one fails here with its path.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph';

const root = join(__dirname, '..');

/** A throw-away project from a map of path → source. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('import cycles', () => {
  it('the project has none', () => {
    const graph = importGraph(root, ['shared', 'electron', 'renderer', 'scripts', 'e2e', 'bin']);
    // The graph is the real one: the backend imports its handlers, a slice the store's shape.
    expect(graph.get('electron/api/backend.ts')).toContain('electron/api/project-handlers.ts');
    expect(graph.get('renderer/src/store/canvas-slice.ts')).toContain('renderer/src/store/state.ts');
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a cycle of type-only imports, re-exports and index files, with its path', () => {
    const dir = project({
      'a/backend.ts': "import { handlers } from './handlers';\nexport const b = handlers;\n",
      'a/handlers/index.ts': "import type { Ctx } from '../context';\nexport const handlers = 1;\n",
      'a/context.ts': "export type { b } from './backend';\nexport type Ctx = string;\n",
      'a/leaf.ts': "import { b } from './backend';\nexport const leaf = b;\n",
    });
    expect(importCycles(importGraph(dir, ['a']))).toEqual([
      'a/backend.ts → a/handlers/index.ts → a/context.ts → a/backend.ts',
    ]);
  });

  it('finds a file that imports itself, and nothing in an acyclic graph', () => {
    const dir = project({
      'x/self.tsx': "import { y } from './self';\nexport const y = 1;\n",
      'y/one.ts': "import { two } from './two';\nimport { z } from 'zod';\nexport const one = [two, z];\n",
      'y/two.ts': 'export const two = 2;\n',
    });
    expect(importCycles(importGraph(dir, ['x']))).toEqual(['x/self.tsx → x/self.tsx']);
    expect(importCycles(importGraph(dir, ['y']))).toEqual([]);
  });
});
