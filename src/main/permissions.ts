/**
 * Web permission decisions for the app's session. Chromium's embedder default in Electron is to
 * grant most requests (camera, geolocation, notifications…) silently; the renderer needs none of
 * them, so everything is refused except the one entry below.
 */
import type { Session } from 'electron';
import type { TrustedUrlCheck } from './app-origin';

/** Electron's permission names, as its own types spell them. */
export type PermissionName = Parameters<NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>>[1];

/**
 * Granted to the app's own origin only. `persistent-storage` lets the local-first IndexedDB store
 * ask not to be evicted under disk pressure (STACK.md: call `navigator.storage.persist()`); it
 * grants no new capability. OS notifications are shown by main, not by the page.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<PermissionName> = new Set<PermissionName>(['persistent-storage']);

/**
 * The single decision both handlers share.
 *
 * @param requestingUrl URL (or origin) of the frame asking.
 */
export function isPermissionGranted(permission: PermissionName, requestingUrl: string, isTrusted: TrustedUrlCheck): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrusted(requestingUrl);
}

/** The surface of a Session used here; Electron's Session satisfies it. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: PermissionName,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: PermissionName, requestingOrigin: string) => boolean): void;
}

/**
 * Installs the request handler (prompts: asynchronous) and the check handler (queries such as
 * `navigator.permissions.query`: synchronous) on a session, so they can never disagree.
 */
export function installPermissionHandlers(session: PermissionSession, isTrusted: TrustedUrlCheck): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, isTrusted));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, isTrusted),
  );
}
