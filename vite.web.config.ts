import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The renderer's Vite config, shared by the Electron build (electron.vite.config.ts) and the
 * plain web build served by `npm run web` for wall displays and the e2e suite.
 */
export function rendererConfig(outDir: string): UserConfig {
  return {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    resolve: {
      alias: {
        '@core': resolve(import.meta.dirname, 'src/core'),
        '@shared': resolve(import.meta.dirname, 'src/shared'),
      },
    },
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
    },
    worker: { format: 'es' },
  };
}

export default defineConfig(rendererConfig(resolve(import.meta.dirname, 'dist-web')));
