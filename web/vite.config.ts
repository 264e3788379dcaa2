import { defineConfig } from 'vite';

// The agent desktop: served by nailup at /agent/ from web/dist.
export default defineConfig({
  root: 'web',
  base: '/agent/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/tmac': { target: 'http://127.0.0.1:8123', ws: true } } },
});
