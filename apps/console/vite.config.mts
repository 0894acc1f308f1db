import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The console is built into apps/console/dist, which apps/api serves at `/`. In dev mode
 * (`npm run console:dev`) Vite serves it with hot reload and proxies /api to the service.
 */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    // The same CASL abilities that guard the API decide what the console shows, and the
    // generated client is the only way to the API.
    alias: {
      '@authz': here('../../libs/authz/src'),
      '@keyledger/client': here('../../packages/client/src/index.ts'),
    },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5173),
    strictPort: true,
    proxy: { '/api': process.env.KEYLEDGER_API_URL ?? 'http://localhost:3000' },
    // libs/authz lives outside apps/console.
    fs: { allow: [here('../..')] },
  },
});
