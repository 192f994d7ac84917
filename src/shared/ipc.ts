/**
 * The one typed IPC contract between the main process and the preload script (the GitHub Desktop
 * habit: one contract file, handlers registered only through a typed `handle()` that checks the
 * sender). Types and constants only: the zod schemas that validate each request live in main
 * (src/main/ipc-schemas.ts) because validation belongs at the trust boundary, not in the renderer.
 */
import type {
  AppInfo,
  MenuCommand,
  OpenedFile,
  OpenedTextFile,
  OpenTextFileOptions,
  SaveResult,
  SaveTextFileOptions,
} from './bridge';

/**
 * Renderer → main request/response channels (`ipcRenderer.invoke` / `ipcMain.handle`).
 * `request` is the single argument the renderer passes; `undefined` means "no argument".
 */
export interface IpcInvokeContract {
  'dialog:open-text-file': { request: OpenTextFileOptions; response: OpenedTextFile | null };
  /** Bytes, not text: zipped Shapefiles and GB18030 CSV are decoded in the renderer. */
  'dialog:open-file': { request: OpenTextFileOptions; response: OpenedFile | null };
  'dialog:save-text-file': { request: SaveTextFileOptions; response: SaveResult };
  'app:get-info': { request: undefined; response: AppInfo };
}

/** Main → renderer event channels (`webContents.send` / `ipcRenderer.on`): channel → payload. */
export interface IpcEventContract {
  'menu:command': MenuCommand;
}

export type IpcInvokeChannel = keyof IpcInvokeContract;
export type IpcEventChannel = keyof IpcEventContract;
export type IpcRequest<C extends IpcInvokeChannel> = IpcInvokeContract[C]['request'];
export type IpcResponse<C extends IpcInvokeChannel> = IpcInvokeContract[C]['response'];
export type IpcEventPayload<C extends IpcEventChannel> = IpcEventContract[C];

/** Channel names as constants, so callers never spell a channel by hand. */
export const IPC_INVOKE_CHANNELS = {
  openTextFile: 'dialog:open-text-file',
  openFile: 'dialog:open-file',
  saveTextFile: 'dialog:save-text-file',
  getAppInfo: 'app:get-info',
} as const satisfies Record<string, IpcInvokeChannel>;

export const IPC_EVENT_CHANNELS = {
  menuCommand: 'menu:command',
} as const satisfies Record<string, IpcEventChannel>;

/**
 * Why an invoke failed. Handlers never throw across the boundary (Electron would serialise a raw
 * error with its main-process message and stack); they return one of these codes instead.
 */
export type IpcErrorCode =
  /** The sending frame is not the app's own origin. */
  | 'forbidden-sender'
  /** The request failed its schema. */
  | 'invalid-payload'
  /** The chosen file exceeds its channel's limit (MAX_TEXT_FILE_BYTES, MAX_OPEN_FILE_BYTES). */
  | 'file-too-large'
  /** The chosen file is not valid UTF-8 text. */
  | 'not-utf8'
  /** Reading or writing the file failed (permissions, disk full, vanished…). */
  | 'io-error'
  /** Anything unexpected; details stay in the main-process log. */
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  /** English, human-readable, safe to show or log in the renderer. */
  message: string;
}

/**
 * How a failed call reaches the renderer through the bridge: the bridge's promise rejects with an
 * Error whose message is `[code] message`. The code travels inside the message because
 * contextBridge copies only an Error's message, never its custom properties. The browser adapter
 * follows the same convention, so renderer code handles both platforms alike.
 * @example IPC_ERROR_MESSAGE_PATTERN.exec('[not-utf8] grids.json is not UTF-8 text')?.[1] // 'not-utf8'
 */
export const IPC_ERROR_MESSAGE_PATTERN = /^\[([a-z-]+)\] /;

/** What every invoke channel actually carries back: a value or a typed error, never a throw. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Largest text file main will read or write for the renderer: 64 MiB. */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Largest file main will read as bytes for the renderer (`dialog:open-file`): 128 MiB. A zipped
 * Shapefile of 100k building footprints is some 30–60 MiB; the rest is room. The bytes cross IPC
 * as one structured-clone copy, so the limit also bounds that copy.
 */
export const MAX_OPEN_FILE_BYTES = 128 * 1024 * 1024;
