/**
 * The operator window: the one place BrowserWindow options are decided, so the security
 * preferences (ARCHITECTURE.md, "Electron security baseline") are asserted by a unit test.
 */
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/** Window title, in both of the app's languages. */
export const OPERATOR_WINDOW_TITLE = 'Gridroom 网格态势室';

/**
 * The built sandboxed preload (CommonJS, STACK.md pitfall 4). `import.meta.dirname` is out/main
 * once bundled; electron-vite injects its own `__dirname`, so we never declare one (pitfall 3).
 */
export const DEFAULT_PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');

/** The app icon the window shows on Linux and Windows (macOS takes it from the bundle). */
export const DEFAULT_ICON_PATH = join(import.meta.dirname, '../../resources/icon.png');

/** The surface of a BrowserWindow this module uses; the real class satisfies it. */
export interface OperatorWindowLike {
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

/** A BrowserWindow constructor, real or fake. */
export type WindowConstructor<W extends OperatorWindowLike> = new (options: BrowserWindowConstructorOptions) => W;

export interface OperatorWindowOptions {
  /** What to load: app://gridroom/index.html, or the dev server URL in development. */
  url: string;
  preloadPath?: string;
  iconPath?: string;
}

/**
 * The security-relevant web preferences, spelled out even where they equal Electron's defaults so
 * that a future default change, or a copied template, cannot weaken them silently.
 */
export function operatorWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // Middle-click opens links in new windows without `window.open`; nothing in the app needs it.
    disableBlinkFeatures: 'Auxclick',
  };
}

/**
 * Creates the operator window hidden, shows it once the first frame is ready (no white flash), and
 * starts loading `url`.
 *
 * @param BrowserWindowCtor Electron's BrowserWindow (a fake in tests).
 * @returns the window, before its page has loaded.
 */
export function createOperatorWindow<W extends OperatorWindowLike>(
  BrowserWindowCtor: WindowConstructor<W>,
  options: OperatorWindowOptions,
): W {
  const win = new BrowserWindowCtor({
    title: OPERATOR_WINDOW_TITLE,
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    // Dark, like a situation-room UI, so the window never flashes white before first paint.
    backgroundColor: '#0b1220',
    icon: options.iconPath ?? DEFAULT_ICON_PATH,
    webPreferences: operatorWebPreferences(options.preloadPath ?? DEFAULT_PRELOAD_PATH),
  });
  win.once('ready-to-show', () => win.show());
  // loadURL rejects when the page fails to load; log it rather than leave an unhandled rejection.
  win.loadURL(options.url).catch((error: unknown) => {
    console.error(`[gridroom] failed to load ${options.url}:`, error);
  });
  return win;
}
