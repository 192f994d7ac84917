/**
 * Keeps every WebContents on the app's own pages: no navigation or redirect away from the app
 * origin, no new windows, no <webview>. Installed on each WebContents as it is created, so it also
 * covers windows added later (wall displays) without each one remembering to do it.
 */
import type { TrustedUrlCheck } from './app-origin';

/** An event the guard can cancel, as Electron passes it. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** A navigation event (will-navigate, will-frame-navigate, will-redirect) with its target URL. */
export interface NavigationEvent extends PreventableEvent {
  url: string;
}

/** The surface of a WebContents the guards use; Electron's WebContents satisfies it. */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Installs the guards on one WebContents.
 *
 * @param isTrusted the app-origin test (app://gridroom, plus the dev server in development).
 * @param onBlocked told about each refusal, for the log.
 */
export function guardWebContents(
  contents: GuardableContents,
  isTrusted: TrustedUrlCheck,
  onBlocked: (what: string, url: string) => void = logBlocked,
): void {
  const blockForeign = (what: string) => (event: NavigationEvent) => {
    if (!isTrusted(event.url)) {
      event.preventDefault();
      onBlocked(what, event.url);
    }
  };
  contents.on('will-navigate', blockForeign('navigation'));
  // will-navigate only covers the main frame; subframes navigate through this one.
  contents.on('will-frame-navigate', blockForeign('frame navigation'));
  contents.on('will-redirect', blockForeign('redirect'));
  // No window.open, target=_blank or middle-click ever creates a window: the app has no use for
  // one, and an external link opened inside Electron would run remote content with our session.
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked('new window', url);
    return { action: 'deny' };
  });
  // webviewTag is off already; this refuses a <webview> even if a preference ever flips it on.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('webview', '');
  });
}

/**
 * Guards every WebContents the app will ever create. Call before the first window.
 *
 * @param app Electron's app (only its 'web-contents-created' event is used).
 */
export function guardAllWebContents(
  app: { on(event: 'web-contents-created', listener: (event: unknown, contents: GuardableContents) => void): unknown },
  isTrusted: TrustedUrlCheck,
  onBlocked?: (what: string, url: string) => void,
): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isTrusted, onBlocked));
}

function logBlocked(what: string, url: string): void {
  console.warn(`[gridroom] blocked ${what}${url ? `: ${url}` : ''}`);
}

