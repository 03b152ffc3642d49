import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The portal, built by `npm run build` (scripts/build.ts) into dist/portal,
 * which the Kvorum process serves at `/`. Every script and style is a file of
 * its own under /assets/ (no inline script), so the Content-Security-Policy
 * can allow scripts from 'self' only.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/portal', import.meta.url)),
    emptyOutDir: true,
    // Inlined small assets would be data: URLs; files keep the policy simple.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
