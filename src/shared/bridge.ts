/**
 * The bridge API: what the renderer may ask of its platform. In Electron the preload script
 * implements it over the typed IPC contract (src/shared/ipc.ts); in a plain browser (wall
 * displays, e2e tests) src/renderer/platform/browser.ts implements it with web APIs. Types only.
 */

export interface OpenedTextFile {
  /** File name without directories. */
  name: string;
  text: string;
}

/** A file picked by the user, as bytes (zipped Shapefiles, CSV in GB18030). */
export interface OpenedFile {
  /** File name without directories. */
  name: string;
  bytes: Uint8Array;
}

export interface OpenTextFileOptions {
  /** Dialog title, already translated by the renderer. */
  title: string;
  /** Extensions without dots, e.g. ['geojson', 'json']. */
  extensions: string[];
}

export interface SaveTextFileOptions {
  title: string;
  defaultName: string;
  text: string;
  mimeType: string;
}

export interface SaveResult {
  saved: boolean;
  /** Where it went, when the platform can tell. */
  path?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: 'electron' | 'browser';
}

/** Commands the native menu (Electron) can send to the renderer. */
export type MenuCommand =
  | 'import-grids'
  | 'export-grids'
  | 'reset-demo'
  | 'toggle-language'
  | 'focus-search'
  | 'open-basemap-settings'
  | 'allocate-buildings';

export const MENU_COMMANDS: readonly MenuCommand[] = [
  'import-grids',
  'export-grids',
  'reset-demo',
  'toggle-language',
  'focus-search',
  'open-basemap-settings',
  'allocate-buildings',
];

export interface GridroomBridge {
  readonly platform: 'electron' | 'browser';
  /** Lets the user pick a text file; null when cancelled. */
  openTextFile(options: OpenTextFileOptions): Promise<OpenedTextFile | null>;
  /**
   * Lets the user pick a file and returns its bytes (at most MAX_OPEN_FILE_BYTES); null when
   * cancelled. For formats that are not UTF-8 text (zip, GB18030 CSV).
   */
  openFile(options: OpenTextFileOptions): Promise<OpenedFile | null>;
  /** Lets the user save text; { saved: false } when cancelled. */
  saveTextFile(options: SaveTextFileOptions): Promise<SaveResult>;
  getAppInfo(): Promise<AppInfo>;
  /** Subscribes to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
