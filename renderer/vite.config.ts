import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  // Relative asset URLs work under both app://quorum/ (Electron) and the web host.
  base: './',
  publicDir: join(here, '..', 'assets', 'icons'),
  plugins: [react()],
  build: {
    outDir: join(here, '..', 'out', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
