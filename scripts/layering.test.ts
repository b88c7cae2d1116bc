/**
 * The layering rules of ARCHITECTURE.md, checked through the real ESLint config: each probe is a file
 * placed (virtually) in a layer with one import, and must fail or pass lint exactly as the rules say.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImportErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['shared/design/probe.ts', "import { readFileSync } from 'node:fs';", /shared\/ is pure/],
    ['shared/api/probe.ts', "import fs from 'fs';", /shared\/ is pure/],
    ['shared/probe.ts', "import { app } from 'electron';", /must not import Electron/],
    ['shared/probe.ts', "import { useState } from 'react';", /no UI code/],
    ['shared/probe.ts', "import { Client } from 'ssh2';", /must not do I\/O/],
    ['shared/probe.ts', "import { x } from '../electron/store/paths';", /imports only shared/],
    ['renderer/src/probe.ts', "import { join } from 'node:path';", /no Node built-ins/],
    ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron';", /only through window.quorum/],
    [
      'renderer/src/probe.ts',
      "import { ProjectStore } from '../../electron/store/project-store';",
      /must not import electron\//,
    ],
    ['renderer/src/probe.ts', "import { Client } from 'ssh2';", /belong to the backend/],
    [
      'electron/store/probe.ts',
      "import { app } from 'electron';",
      /Only electron\/main and electron\/preload/,
    ],
    [
      'electron/web/probe.ts',
      "import { BrowserWindow } from 'electron';",
      /Only electron\/main and electron\/preload/,
    ],
    [
      'electron/cli/probe.ts',
      "import { x } from '../main/menu';",
      /must not import the renderer or the Electron glue/,
    ],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await restrictedImportErrors(file, `${code}\nexport const probe = 1;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['shared/probe.ts', "import { z } from 'zod';"],
    ['shared/probe.ts', "import ipaddr from 'ipaddr.js';"],
    ['renderer/src/probe.ts', "import { Design } from '../../shared/design/schema';"],
    ['electron/store/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['electron/main/probe.ts', "import { app } from 'electron';"],
    ['electron/preload/probe.ts', "import { contextBridge } from 'electron';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictedImportErrors(file, `${code}\nexport const probe = 1;\n`)).toEqual([]);
  });
});
