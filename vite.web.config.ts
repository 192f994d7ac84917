import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { PRODUCTION_CSP } from './src/shared/csp';

/**
 * Puts the production CSP into built HTML as a meta tag, so the web build (wall displays, e2e)
 * runs under the same policy that the app:// protocol sends as a header in Electron. Dev builds
 * skip it: the React refresh preamble is an inline script. `frame-ancestors` is ignored in meta
 * tags (browsers warn), so it stays header-only.
 */
function cspMetaPlugin(): Plugin {
  const policy = PRODUCTION_CSP.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'gridroom-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
      ],
    },
  };
}

/**
 * The renderer's Vite config, shared by the Electron build (electron.vite.config.ts) and the
 * plain web build served by `npm run web` for wall displays and the e2e suite.
 */
export function rendererConfig(outDir: string): UserConfig {
  return {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    plugins: [react(), cspMetaPlugin()],
    resolve: {
      alias: {
        '@core': resolve(import.meta.dirname, 'src/core'),
        '@shared': resolve(import.meta.dirname, 'src/shared'),
      },
    },
    build: {
      outDir,
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; the operator window parses this
      // bundle on every start, so the Electron build gets the same minified output as the web.
      minify: true,
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
    },
    worker: { format: 'es' },
  };
}

export default defineConfig(rendererConfig(resolve(import.meta.dirname, 'dist-web')));
