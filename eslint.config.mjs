// Lint, including the layering rules of ARCHITECTURE.md: each layer may import only what it is allowed
// to. `no-restricted-imports` makes a wrong import fail `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'stream',
  'url',
  'util',
  'worker_threads',
];
// Bare module names go in `paths` (exact match); folder globs in `patterns` (a gitignore-style pattern
// like 'electron/*' would also match '../electron/…' and report one import twice).
const restrict = (patterns, paths = []) => ['error', { patterns, paths }];
const exact = (names, message) => names.map((name) => ({ name, message }));
const group = (names, message) => ({ group: names, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bin/**', 'e2e/**', '*.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    // Tests run in Node and may read fixtures or start programs; the rule is about what ships in shared/.
    ignores: ['**/*.test.ts', '**/*.system-test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          group(nodeBuiltins, 'shared/ is pure: no Node built-ins (ARCHITECTURE.md).'),
          group(['react-dom/*', 'react/*', '@xyflow/*', '@xterm/*'], 'shared/ has no UI code.'),
          group(['**/electron/**', '**/renderer/**'], 'shared/ imports only shared/.'),
        ],
        [
          ...exact(['electron'], 'shared/ must not import Electron.'),
          ...exact(['react', 'react-dom', 'zustand'], 'shared/ has no UI code.'),
          ...exact(['ssh2', 'ws'], 'shared/ must not do I/O: SSH and sockets belong to the backend.'),
        ],
      ),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts', '**/*.test.ts', '**/*.system-test.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict(
        [
          group(nodeBuiltins, 'The renderer runs sandboxed in a browser: no Node built-ins.'),
          group(['**/electron/**'], 'The renderer must not import electron/ (use shared/api).'),
        ],
        [
          ...exact(['electron'], 'The renderer talks to the backend only through window.quorum.'),
          ...exact(['ssh2', 'ws'], 'SSH and sockets belong to the backend.'),
        ],
      ),
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          group(
            ['**/renderer/**', '**/main/**', '**/preload/**'],
            'The backend must not import the renderer or the Electron glue.',
          ),
        ],
        exact(
          ['electron'],
          'Only electron/main and electron/preload may import electron; the backend is plain Node.',
        ),
      ),
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        group(['**/renderer/**'], 'Electron glue must not import the renderer.'),
      ]),
    },
  },
);
