/**
 * The one typed IPC contract between the main process and the preload script (the GitHub Desktop
 * habit: one contract file, handlers registered only through a typed `handle()` that checks the
 * sender). Types and constants only: the zod schemas that validate each request live in main
 * (src/main/ipc-schemas.ts) because validation belongs at the trust boundary, not in the renderer.
 */
import type {
  AppInfo,
  AppNotification,
  MenuCommand,
  MqttFeedEvent,
  MqttFeedOptions,
  NotificationClick,
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
  /** Connects one MQTT feed (replacing a connection the same feed id holds); events follow on 'mqtt:feed-event'. */
  'mqtt:start-feed': { request: MqttFeedOptions; response: null };
  /** Disconnects one MQTT feed by its id; stopping a feed that is not running is not an error. */
  'mqtt:stop-feed': { request: string; response: null };
  /** Shows an OS notification; false when the system cannot (main logs why). */
  'notification:show': { request: AppNotification; response: boolean };
}

/** Main → renderer event channels (`webContents.send` / `ipcRenderer.on`): channel → payload. */
export interface IpcEventContract {
  'menu:command': MenuCommand;
  /** What happens on the MQTT feeds this page started, batched (see MQTT_BATCH_MS). */
  'mqtt:feed-event': MqttFeedEvent;
  /** The operator clicked a notification that named an incident. */
  'notification:clicked': NotificationClick;
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
  startMqttFeed: 'mqtt:start-feed',
  stopMqttFeed: 'mqtt:stop-feed',
  showNotification: 'notification:show',
} as const satisfies Record<string, IpcInvokeChannel>;

export const IPC_EVENT_CHANNELS = {
  menuCommand: 'menu:command',
  mqttFeedEvent: 'mqtt:feed-event',
  notificationClicked: 'notification:clicked',
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
  /** The platform cannot do this at all (a browser asked to open an MQTT feed over TCP). */
  | 'unsupported'
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

/**
 * Largest MQTT payload main forwards as text: 64 KiB, the feed protocol's MAX_MESSAGE_BYTES (a
 * test keeps the two equal). A larger payload is forwarded as a short marker text instead, which
 * ingest rejects with its reason, so the operator sees it in the rejected list.
 */
export const MAX_MQTT_PAYLOAD_BYTES = 64 * 1024;

/** Main forwards the messages of an MQTT feed at most this long after the first arrived (ms). */
export const MQTT_BATCH_MS = 50;

/** …or as soon as this many are waiting, whichever comes first. */
export const MQTT_BATCH_MAX_MESSAGES = 500;
