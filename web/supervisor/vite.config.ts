import { defineConfig } from 'vite';

// The supervisor pages: served by nailup at /supervisor/ from web/supervisor/dist.
export default defineConfig({
  root: 'web/supervisor',
  base: '/supervisor/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8123' } } },
});
