import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev`: the app on :5173 with /api proxied to the dev ingress of `npm start` (:8080), so the
// browser sees one origin exactly as behind the real ingress.
export default defineConfig({
  plugins: [react()],
  resolve: {
    // The contracts lib is plain TypeScript without side effects: bundle its source (role names).
    alias: { '@platform/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.PLATFORM_URL ?? 'http://localhost:8080', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
