/**
 * The renderer's own origin, and the one test of "is this URL ours?" that navigation guards and
 * the IPC sender check share, so they can never disagree.
 */

/** Custom scheme the packaged renderer is served from (src/main/protocol.ts). */
export const APP_SCHEME = 'app';
/** The single host under that scheme. */
export const APP_HOST = 'gridroom';
/** Where the operator window starts in production. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Predicate answering whether a URL belongs to the app (and may navigate, or send IPC). */
export type TrustedUrlCheck = (url: string) => boolean;

/**
 * True for `app://gridroom/…` exactly. Compared by protocol and host rather than by `origin`:
 * Node's URL gives every non-special scheme the opaque origin "null", which would match too much.
 */
export function isAppUrl(url: string): boolean {
  const parsed = safeParse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Builds the trusted-URL predicate. In development electron-vite serves the renderer from a local
 * http dev server (ELECTRON_RENDERER_URL); only then is that exact origin trusted as well.
 *
 * @param devServerUrl the dev server URL, or undefined in production.
 * @example createTrustedUrlCheck('http://localhost:5173')('http://localhost:5173/src/x.ts') // true
 */
export function createTrustedUrlCheck(devServerUrl?: string): TrustedUrlCheck {
  const devOrigin = devServerUrl ? httpOrigin(devServerUrl) : null;
  return (url: string): boolean => {
    if (isAppUrl(url)) return true;
    return devOrigin !== null && httpOrigin(url) === devOrigin;
  };
}

/** Origin of an http(s) URL; null for anything else (http has a real, comparable origin). */
function httpOrigin(url: string): string | null {
  const parsed = safeParse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  return parsed.origin;
}

function safeParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
