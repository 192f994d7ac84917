/**
 * The `app://gridroom/…` protocol that serves the built renderer (out/renderer) in production.
 * A custom privileged scheme instead of `file://` gives the renderer a real origin (storage,
 * module workers and fetch work; STACK.md pitfall 7), lets main attach the CSP as a header, and
 * keeps the page from reading arbitrary files the way a `file://` page could.
 */
import { extname, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { PRODUCTION_CSP } from '@shared/csp';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** The part of `node:fs/promises` the resolver needs; injected so tests use an in-memory fake. */
export interface AppFs {
  stat(path: string): Promise<{ isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

/** What the protocol answers; plain data so the resolver stays a pure function of its inputs. */
export interface AppResponse {
  status: 200 | 400 | 403 | 404 | 405;
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** The file served, for logging and tests; absent on errors. */
  filePath?: string;
}

/** MIME types by extension. Anything else is octet-stream, which `nosniff` keeps inert. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // Module workers and MapLibre's worker are .mjs; Chromium refuses module scripts without a JS type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
};

const DEFAULT_MIME = 'application/octet-stream';
const INDEX_FILE = 'index.html';

/** Headers every response carries, errors included, so no path escapes the CSP. */
function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': PRODUCTION_CSP,
    'X-Content-Type-Options': 'nosniff',
  };
}

function errorResponse(status: AppResponse['status'], message: string): AppResponse {
  return { status, headers: baseHeaders('text/plain; charset=utf-8'), body: message };
}

/**
 * `app://gridroom` followed by the raw path, up to any query or fragment. Parsed by hand rather
 * than with `new URL`, because the URL parser resolves `..` and `%2e%2e` itself: we want to see
 * (and refuse) them, not have them silently folded into a different, innocent-looking path.
 */
const APP_URL_PATTERN = new RegExp(`^${APP_SCHEME}://${APP_HOST}(/[^?#]*)?(?:[?#].*)?$`, 'is');

/**
 * Turns the raw URL path into safe path segments, or null when anything looks like an attempt to
 * leave the root: dot segments (plain or percent-encoded), backslashes, empty segments (`//`, an
 * absolute path), drive letters or NTFS streams (`:`), NUL, encoded slashes and double encoding.
 * Chromium already normalises legitimate URLs, so a real request never trips these.
 */
function safeSegments(rawPath: string): string[] | null {
  if (rawPath.includes('\\')) return null;
  const rawSegments = rawPath.split('/').slice(1); // drop the empty segment before the leading '/'
  const segments: string[] = [];
  for (let i = 0; i < rawSegments.length; i++) {
    const raw = rawSegments[i];
    // A trailing '/' means "the directory's index"; any other empty segment is '//' (absolute).
    if (raw === '' && i === rawSegments.length - 1) break;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return null; // malformed percent-encoding
    }
    if (
      decoded === '' ||
      decoded === '.' ||
      decoded === '..' ||
      /[/\\:\0%]/.test(decoded) // '%' left after one decode means double encoding
    ) {
      return null;
    }
    segments.push(decoded);
  }
  return segments;
}

/**
 * Resolves an `app://gridroom/…` request to a file under `rootDir`: pure apart from the injected
 * `fs`, so it is unit-tested without Electron.
 *
 * @param url the request URL as the protocol handler receives it.
 * @param rootDir absolute directory of the built renderer (out/renderer).
 * @param fs file access, normally `node:fs/promises`.
 * @returns 200 with the file and its MIME type; 400 for a foreign URL, 403 for a path that tries
 *   to leave the root, 404 when missing. Every response carries the CSP and `nosniff` headers.
 * @example await resolveAppRequest('app://gridroom/', '/opt/gridroom/out/renderer', fs)
 *   // → { status: 200, filePath: '/opt/gridroom/out/renderer/index.html', … }
 */
export async function resolveAppRequest(url: string, rootDir: string, fs: AppFs): Promise<AppResponse> {
  const match = APP_URL_PATTERN.exec(url);
  if (!match) return errorResponse(400, 'Bad request');
  const segments = safeSegments(match[1] ?? '/');
  if (segments === null) return errorResponse(403, 'Forbidden');
  if (segments.length === 0 || (match[1] ?? '/').endsWith('/')) segments.push(INDEX_FILE);

  const root = resolve(rootDir);
  const filePath = resolve(root, ...segments);
  // Belt and braces: whatever the checks above missed, never serve outside the root.
  if (!filePath.startsWith(root + sep)) return errorResponse(403, 'Forbidden');

  try {
    const stats = await fs.stat(filePath);
    if (!stats.isFile()) return errorResponse(404, 'Not found');
    const body = await fs.readFile(filePath);
    const mime = MIME_TYPES[extname(filePath).toLowerCase()] ?? DEFAULT_MIME;
    return { status: 200, headers: baseHeaders(mime), body, filePath };
  } catch {
    return errorResponse(404, 'Not found');
  }
}

/**
 * Declares `app` a standard, secure scheme with fetch, CORS, streaming and code cache, so the
 * renderer gets a real origin (IndexedDB, module workers, `fetch` of its own assets).
 * Must run before the app's `ready` event.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
        codeCache: true,
      },
    },
  ]);
}

/** Serves `app://` from `rootDir`. Call once `ready` has fired. Only GET and HEAD are answered. */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string, fs: AppFs): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: errorResponse(405, '').headers });
    }
    const answer = await resolveAppRequest(request.url, rootDir, fs);
    const body = typeof answer.body === 'string' ? answer.body : ownBytes(answer.body);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: answer.status,
      headers: answer.headers,
    });
  });
}

/**
 * Copies bytes into a view over a plain ArrayBuffer: Response wants a BufferSource, and a Node
 * Buffer may be a window onto a shared pool (its type says ArrayBufferLike).
 */
function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
