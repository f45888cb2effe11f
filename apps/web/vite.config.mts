import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** `npm run build:web`: the SPA into dist/web, served by the gateway under /app. */
export default defineConfig({
  root: here,
  base: '/app/',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true, sourcemap: true },
  server: { proxy: { '^/(?!app/).*': { target: process.env.GAVEL_GATEWAY_URL || 'http://127.0.0.1:18080', ws: true } } },
});
