/**
 * The production Content-Security-Policy of the renderer, sent as a response header by the
 * `app://` protocol handler (src/main/protocol.ts). A constant with no imports so that main, the
 * web build and tests can all read the one source of truth.
 *
 * Why each relaxation exists:
 * - `style-src 'unsafe-inline'`: React `style={…}` props and MapLibre set inline styles; inline
 *   *scripts* stay forbidden, which is what matters.
 * - `img-src` / `connect-src` with `http: https: ws: wss:`: basemap tile servers and live incident
 *   feeds are URLs the operator configures at run time (often an intranet host over plain http),
 *   so they cannot be listed here. Scripts can still only come from the app itself.
 * - `data: blob:` in img/connect/font: MapLibre decodes tiles and sprites from blobs, and bundled
 *   fonts may be inlined as data URLs.
 * - `worker-src` / `child-src 'self' blob:`: MapLibre's worker and the allocation Web Worker
 *   (STACK.md: MapLibre under CSP needs `worker-src blob:` and `child-src blob:`).
 * - `object-src`, `base-uri`, `form-action`, `frame-ancestors`: nothing of the kind is used, so
 *   they are closed completely.
 */
export const PRODUCTION_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob: http: https: ws: wss:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
