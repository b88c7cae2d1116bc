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
const restrict = (patterns) => ['error', { patterns }];
const group = (names, message) => ({ group: names, message });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
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
    rules: {
      'no-restricted-imports': restrict([
        group(nodeBuiltins, 'shared/ is pure: no Node built-ins (ARCHITECTURE.md).'),
        group(['electron', 'electron/*'], 'shared/ must not import Electron.'),
        group(
          ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', '@xyflow/*', '@xterm/*'],
          'shared/ has no UI code.',
        ),
        group(['ssh2', 'ws'], 'shared/ must not do I/O: SSH and sockets belong to the backend.'),
        group(['**/electron/**', '**/renderer/**'], 'shared/ imports only shared/.'),
      ]),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict([
        group(nodeBuiltins, 'The renderer runs sandboxed in a browser: no Node built-ins.'),
        group(['electron', 'electron/*'], 'The renderer talks to the backend only through window.quorum.'),
        group(['**/electron/**'], 'The renderer must not import electron/ (use shared/api).'),
        group(['ssh2', 'ws'], 'SSH and sockets belong to the backend.'),
      ]),
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict([
        group(
          ['electron', 'electron/*'],
          'Only electron/main and electron/preload may import electron; the backend is plain Node.',
        ),
        group(
          ['**/renderer/**', '**/main/**', '**/preload/**'],
          'The backend must not import the renderer or the Electron glue.',
        ),
      ]),
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
