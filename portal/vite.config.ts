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
    rolldownOptions: {
      output: {
        // Vendor code in chunks of its own, which change less often than the pages (long-cached) and keep
        // every chunk under Vite's 500 kB warning; the pages are loaded per route (React.lazy).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 3 },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 2 },
            { name: 'charts', test: /node_modules[\\/](recharts|d3-[\w-]+|victory-vendor)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  logLevel: 'warn',
});
