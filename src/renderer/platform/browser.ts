/**
 * GridroomBridge for a plain browser (wall displays served from an intranet host, the e2e suite):
 * the same contract as the Electron preload, done with web APIs. It follows the preload's error
 * convention (`[code] message`, see IPC_ERROR_MESSAGE_PATTERN) so callers need not know which
 * platform they run on.
 */
import type {
  AppInfo,
  AppNotification,
  GridroomBridge,
  OpenedFile,
  OpenedTextFile,
  OpenTextFileOptions,
  SaveResult,
  SaveTextFileOptions,
} from '@shared/bridge';
import { MAX_OPEN_FILE_BYTES, MAX_TEXT_FILE_BYTES } from '@shared/ipc';
import { version } from '../../../package.json';

/** How long a download's object URL stays alive: revoking at once can abort the download. */
const REVOKE_AFTER_MS = 10_000;

/** What the readers use of a picked File (a fake in tests). */
export type PickedFile = Pick<File, 'name' | 'size' | 'arrayBuffer'>;

/** Refuses a file over `maxBytes` before reading it, with the same message main gives. */
function checkSize(file: PickedFile, maxBytes: number): void {
  if (file.size > maxBytes) {
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new Error(`[file-too-large] ${file.name} is ${mib(file.size)} MiB; the limit is ${mib(maxBytes)} MiB`);
  }
}

/**
 * Reads a picked file as UTF-8 text with the limits main applies to a native dialog's file.
 *
 * @throws Error `[file-too-large] …` or `[not-utf8] …` (IPC_ERROR_MESSAGE_PATTERN).
 */
export async function readPickedTextFile(file: PickedFile, maxBytes = MAX_TEXT_FILE_BYTES): Promise<OpenedTextFile> {
  checkSize(file, maxBytes);
  const bytes = await file.arrayBuffer();
  try {
    return { name: file.name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new Error(`[not-utf8] ${file.name} is not UTF-8 text`);
  }
}

/**
 * Reads a picked file as bytes with the limit of main's `dialog:open-file`.
 *
 * @throws Error `[file-too-large] …` above `maxBytes` (default MAX_OPEN_FILE_BYTES, 128 MiB).
 */
export async function readPickedFile(file: PickedFile, maxBytes = MAX_OPEN_FILE_BYTES): Promise<OpenedFile> {
  checkSize(file, maxBytes);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * Opens the browser's file picker through a transient `<input type=file>` (which is what raises
 * Playwright's 'filechooser' event) and hands the chosen file to `read`. Must be called during a
 * user gesture, as browsers require. Resolves null on cancel (the input's 'cancel' event:
 * Chromium 113+, Firefox 91+, Safari 16.4+).
 */
function pickFile<T>(options: OpenTextFileOptions, read: (file: File) => Promise<T>): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = options.extensions.map((ext) => `.${ext}`).join(',');
    input.style.display = 'none';
    const done = () => input.remove();
    input.addEventListener(
      'change',
      () => {
        const file = input.files?.[0];
        done();
        if (file === undefined) resolve(null);
        else read(file).then(resolve, reject);
      },
      { once: true },
    );
    input.addEventListener(
      'cancel',
      () => {
        done();
        resolve(null);
      },
      { once: true },
    );
    // Attached to the document: some browsers fire 'cancel' only for connected inputs.
    document.body.append(input);
    input.click();
  });
}

function openTextFile(options: OpenTextFileOptions): Promise<OpenedTextFile | null> {
  return pickFile(options, (file) => readPickedTextFile(file));
}

function openFile(options: OpenTextFileOptions): Promise<OpenedFile | null> {
  return pickFile(options, (file) => readPickedFile(file));
}

/**
 * Downloads the text through a Blob URL and `<a download>`. The browser decides where it goes
 * (and may not ask), so this reports `saved: true` without a path.
 */
async function saveTextFile(options: SaveTextFileOptions): Promise<SaveResult> {
  const url = URL.createObjectURL(new Blob([options.text], { type: options.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = options.defaultName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return { saved: true };
}

async function getAppInfo(): Promise<AppInfo> {
  return { name: 'Gridroom', version, platform: 'browser' };
}

/** Why a browser cannot start an MQTT feed (English, like main's errors). */
export const MQTT_NEEDS_DESKTOP = 'MQTT feeds need the desktop app: a browser cannot open TCP connections';

/** What the adapter uses of the web Notification API (a fake in tests). */
export interface WebNotificationApi {
  readonly permission: NotificationPermission;
  new (title: string, options?: NotificationOptions): { onclick: ((this: unknown, ev: Event) => unknown) | null; close(): void };
}

/** The page's Notification API, or undefined where there is none (an insecure origin, old browsers). */
function webNotificationApi(): WebNotificationApi | undefined {
  const api = (globalThis as { Notification?: WebNotificationApi }).Notification;
  return typeof api === 'function' ? api : undefined;
}

/**
 * Web notifications. Shown only when the permission is already 'granted': this is called from feed
 * events, not a user gesture, and a permission prompt out of nowhere is what browsers penalise
 * (and operators dismiss). Otherwise nothing is shown: the in-app toast is the notice.
 */
function createWebNotifier(api: () => WebNotificationApi | undefined = webNotificationApi) {
  const listeners = new Set<(incidentId: string) => void>();
  return {
    async notify(notification: AppNotification): Promise<boolean> {
      const Api = api();
      if (Api === undefined || Api.permission !== 'granted') return false;
      try {
        const shown = new Api(notification.title, {
          body: notification.body,
          // One notice per incident: a second for the same id replaces the first.
          tag: notification.incidentId,
          requireInteraction: true,
        });
        shown.onclick = () => {
          window.focus();
          shown.close();
          const id = notification.incidentId;
          if (id !== undefined) for (const listener of [...listeners]) listener(id);
        };
        return true;
      } catch (error) {
        // Chrome on Android throws for `new Notification` (it wants a service worker).
        console.warn('[notifications] the browser refused to show a notification', error);
        return false;
      }
    },
    onNotificationClick(listener: (incidentId: string) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * The browser adapter. A browser has no native menu, so `onMenuCommand` never fires; it cannot
 * open TCP connections, so MQTT feeds are refused (`supportsMqtt: false`).
 *
 * @param notificationApi the web Notification API (tests pass a fake).
 */
export function createBrowserBridge(notificationApi?: () => WebNotificationApi | undefined): GridroomBridge {
  const notifier = createWebNotifier(notificationApi);
  return {
    platform: 'browser',
    openTextFile,
    openFile,
    saveTextFile,
    getAppInfo,
    onMenuCommand: () => () => undefined,
    supportsMqtt: false,
    startMqttFeed: async () => {
      throw new Error(`[unsupported] ${MQTT_NEEDS_DESKTOP}`);
    },
    stopMqttFeed: async () => undefined,
    onMqttFeedEvent: () => () => undefined,
    notify: notifier.notify,
    onNotificationClick: notifier.onNotificationClick,
  };
}
