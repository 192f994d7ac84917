/**
 * GridroomBridge for a plain browser (wall displays served from an intranet host, the e2e suite):
 * the same contract as the Electron preload, done with web APIs. It follows the preload's error
 * convention (`[code] message`, see IPC_ERROR_MESSAGE_PATTERN) so callers need not know which
 * platform they run on.
 */
import type {
  AppInfo,
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

/** The browser adapter. A browser has no native menu, so `onMenuCommand` never fires. */
export function createBrowserBridge(): GridroomBridge {
  return {
    platform: 'browser',
    openTextFile,
    openFile,
    saveTextFile,
    getAppInfo,
    onMenuCommand: () => () => undefined,
  };
}
