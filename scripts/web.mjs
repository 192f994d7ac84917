#!/usr/bin/env node
// `npm run web`: builds the renderer as a plain web app (vite.web.config.ts → dist-web/) and serves
// it over http on loopback. Wall displays and the e2e suite use it: Electron cannot start on the
// build machines, and Chromium blocks the module script of a file:// page (STACK.md pitfall 7).
//
//   node scripts/web.mjs [--no-build] [--port 4173] [--host 127.0.0.1] [--root dist-web]
//
// The server is a small dependency-free Node http server, exported as `startStaticServer` so the
// e2e runner serves in-process instead of starting a child vite process that could outlive it
// (pitfall 8).

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const REPO_ROOT = resolve(import.meta.dirname, '..');
/** Where vite.web.config.ts writes the web build. */
export const DIST_WEB = join(REPO_ROOT, 'dist-web');
export const DEFAULT_PORT = 4173;
export const DEFAULT_HOST = '127.0.0.1';

/** Content types by extension; anything else is served as application/octet-stream. */
export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.bin': 'application/octet-stream',
});

/** Loopback addresses: the only ones served on without an explicit, warned-about `--host`. */
export function isLoopbackHost(host) {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Builds the renderer for the web with the project's own vite binary (not `npx vite`, whose child
 * outlives a kill of its PID). Resolves when the build succeeds; rejects with a plain message when
 * it fails. The build's output goes to this process's stdout/stderr.
 *
 * @param {{ cwd?: string, outDir?: string }} [options] `outDir` overrides dist-web (the e2e runner
 *   builds into a private folder so a concurrent `npm run build:web` cannot empty it mid-run).
 */
export function buildWeb({ cwd = REPO_ROOT, outDir, minify = true } = {}) {
  const viteBin = join(cwd, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
  const args = ['build', '--config', 'vite.web.config.ts'];
  if (outDir) args.push('--outDir', outDir, '--emptyOutDir');
  // Unminified for CPU profiles that name functions (bench/ingest-chromium.mjs BENCH_PROFILE=1).
  if (!minify) args.push('--minify', 'false');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(viteBin, args, { cwd, stdio: 'inherit' });
    child.on('error', (err) =>
      reject(new Error(`could not start ${viteBin} (${err.message}); run \`npm install\` first`)),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`vite build --config vite.web.config.ts failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * Maps a request path onto a file under `root`. Returns null when the path tries to leave `root`
 * (`..`, encoded slashes or backslashes, NUL bytes) or cannot be decoded.
 */
export function resolveRequestPath(root, rawUrl) {
  let pathname;
  let rawPath;
  try {
    // Only the path matters; the base is a placeholder. Query and hash are dropped.
    pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
    rawPath = decodeURIComponent(String(rawUrl).split(/[?#]/, 1)[0]);
  } catch {
    return null;
  }
  // A request that *tries* to climb (`/../x`, `/%2e%2e/x`, `/..%2fx`) is refused outright, even
  // though URL parsing would fold some of those back inside the root.
  const climbs = (path) => path.split(/[/\\]/).some((segment) => segment === '..' || segment === '.');
  if (climbs(rawPath) || climbs(pathname)) return null;
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const file = resolve(root, '.' + pathname);
  const rel = relative(root, file);
  if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return null;
  return { pathname, file };
}

async function fileStat(path) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/**
 * Serves the static files of `root` (GET and HEAD only): correct MIME types, `index.html` for `/`
 * and for extension-less paths that match no file (the SPA's routes such as `/wall`), 404 for a
 * missing asset, 403 for path traversal, never a directory listing.
 *
 * @param {{ root?: string, port?: number, host?: string, log?: (line: string) => void }} options
 *   `port: 0` picks a free port.
 * @returns {Promise<{ url: string, port: number, host: string, close: () => Promise<void> }>}
 *   `url` ends with a slash, e.g. `http://127.0.0.1:4173/`.
 */
export async function startStaticServer({ root = DIST_WEB, port = DEFAULT_PORT, host = DEFAULT_HOST, log } = {}) {
  const rootDir = resolve(root);
  const indexFile = join(rootDir, 'index.html');
  const rootStat = await fileStat(rootDir);
  if (!rootStat?.isDirectory()) {
    throw new Error(`cannot serve ${rootDir}: it is not a directory (build it first: npm run build:web)`);
  }

  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
        return;
      }
      const target = resolveRequestPath(rootDir, req.url ?? '/');
      if (!target) {
        send(res, 403, 'forbidden\n');
        return;
      }
      let file = target.file;
      let info = await fileStat(file);
      if (info?.isDirectory()) {
        // A directory serves its own index.html, or falls back to the app; never a listing.
        const dirIndex = join(file, 'index.html');
        const dirIndexInfo = await fileStat(dirIndex);
        file = dirIndexInfo?.isFile() ? dirIndex : indexFile;
        info = dirIndexInfo?.isFile() ? dirIndexInfo : await fileStat(indexFile);
      } else if (!info?.isFile()) {
        // SPA fallback for client-side routes (no extension); a missing asset is a plain 404.
        if (extname(target.pathname) !== '') {
          send(res, 404, `not found: ${target.pathname}\n`);
          return;
        }
        file = indexFile;
        info = await fileStat(indexFile);
      }
      if (!info?.isFile()) {
        send(res, 404, `not found: ${target.pathname} (and no index.html in ${rootDir})\n`);
        return;
      }
      const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': info.size,
        // The build's asset names carry content hashes, but index.html does not: always revalidate.
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(file);
      stream.on('error', (err) => res.destroy(err));
      stream.pipe(res);
    } catch (err) {
      log?.(`error serving ${req.url}: ${err.message}`);
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    }
  });

  // Keep-alive sockets from a browser would hold close() open; track them to end them on close.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolvePromise, reject) => {
    server.once('error', (err) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use (try --port N)`));
      else reject(err);
    });
    server.listen(port, host, resolvePromise);
  });

  const address = server.address();
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    close: () =>
      new Promise((resolvePromise) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolvePromise());
      }),
  };
}

/** Parses `--no-build`, `--port N`, `--host H`, `--root DIR` (also in `--flag=value` form). */
export function parseArgs(argv) {
  const options = { build: true, port: DEFAULT_PORT, host: DEFAULT_HOST, root: DIST_WEB };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inlineValue ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--no-build':
        options.build = false;
        break;
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new Error(`--port must be a whole number from 0 to 65535, got "${raw}"`);
        }
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--root':
        options.root = resolve(value());
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option "${argv[i]}" (try --help)`);
    }
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`web: ${err.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log('usage: node scripts/web.mjs [--no-build] [--port 4173] [--host 127.0.0.1] [--root dist-web]');
    return;
  }
  if (options.build) await buildWeb();
  if (!isLoopbackHost(options.host)) {
    console.warn(`web: serving on ${options.host}: other machines on the network can reach this app.`);
  }
  const server = await startStaticServer({ root: options.root, port: options.port, host: options.host, log: console.error });
  console.log(`Gridroom web build of ${options.root} served at ${server.url}  (Ctrl+C to stop)`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run only when started as a script, not when imported by the e2e runner.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`web: ${err.message}`);
    process.exit(1);
  });
}
