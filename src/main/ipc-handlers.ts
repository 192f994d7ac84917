/**
 * The invoke handlers: native open/save dialogs for text files, an open dialog that returns bytes
 * (zipped Shapefiles, GB18030 CSV), and app info. Electron's dialog, the file system and the window
 * lookup are injected, so the size limits and the UTF-8 check are unit-tested without Electron.
 */
import { basename, extname } from 'node:path';
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { AppInfo, OpenedFile, OpenedTextFile, OpenTextFileOptions } from '@shared/bridge';
import { MAX_OPEN_FILE_BYTES, MAX_TEXT_FILE_BYTES } from '@shared/ipc';
import { IpcHandlerError, type HandleFn } from './ipc-handle';
import { getAppInfoRequest, openFileRequest, openTextFileRequest, saveTextFileRequest } from './ipc-schemas';

/** The file-system calls the handlers need (`node:fs/promises` satisfies it). */
export interface TextFileFs {
  stat(path: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
}

/** The dialog calls the handlers need, with the parent window type `W` (Electron: BaseWindow). */
export interface DialogLike<W> {
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

export interface IpcHandlerDeps<E, W> {
  dialog: DialogLike<W>;
  fs: TextFileFs;
  /** The window that sent the request: dialogs are modal to it. */
  windowFor(event: E): W | null;
  appInfo(): AppInfo;
  /** Limit of the text channels; defaults to MAX_TEXT_FILE_BYTES (64 MiB); smaller in tests. */
  maxBytes?: number;
  /** Limit of `dialog:open-file`; defaults to MAX_OPEN_FILE_BYTES (128 MiB); smaller in tests. */
  maxOpenFileBytes?: number;
}

/**
 * Reads a whole regular file of at most `maxBytes`.
 *
 * @throws IpcHandlerError 'file-too-large' above `maxBytes`, 'io-error' when it cannot be read.
 */
async function readLimited(fs: TextFileFs, path: string, maxBytes: number): Promise<Uint8Array> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const stats = await fs.stat(path);
    if (!stats.isFile()) throw new IpcHandlerError('io-error', `${name} is not a regular file`);
    // Checked before reading so a 10 GB file is never pulled into memory.
    if (stats.size > maxBytes) throw tooLarge(name, stats.size, maxBytes);
    bytes = await fs.readFile(path);
  } catch (error) {
    if (error instanceof IpcHandlerError) throw error;
    throw new IpcHandlerError('io-error', `Cannot read ${name}: ${errorCode(error)}`);
  }
  // Checked again: the file may have grown between stat and read.
  if (bytes.byteLength > maxBytes) throw tooLarge(name, bytes.byteLength, maxBytes);
  return bytes;
}

/**
 * Reads a whole file as UTF-8 text, refusing what the renderer should never have to parse.
 *
 * @throws IpcHandlerError 'file-too-large' above `maxBytes`, 'not-utf8' for invalid UTF-8,
 *   'io-error' when the file cannot be read.
 */
export async function readTextFile(fs: TextFileFs, path: string, maxBytes: number): Promise<OpenedTextFile> {
  const name = basename(path);
  const bytes = await readLimited(fs, path, maxBytes);
  try {
    // fatal: a GBK or binary file is refused rather than silently turned into U+FFFD garbage.
    return { name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new IpcHandlerError('not-utf8', `${name} is not UTF-8 text`);
  }
}

/**
 * Reads a whole file as bytes, for formats the renderer decodes itself (zip, GB18030 text).
 *
 * @throws IpcHandlerError 'file-too-large' above `maxBytes`, 'io-error' when it cannot be read.
 */
export async function readBinaryFile(fs: TextFileFs, path: string, maxBytes: number): Promise<OpenedFile> {
  return { name: basename(path), bytes: ownBytes(await readLimited(fs, path, maxBytes)) };
}

/**
 * A plain Uint8Array that owns its whole ArrayBuffer. Structured clone (IPC) copies a view's
 * entire backing buffer, so a Buffer cut from Node's shared 8 KiB pool would carry unrelated
 * bytes of the main process to the page; a view that already spans its buffer is re-wrapped
 * without a copy (and stops being a Buffer, which the renderer has no use for).
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return new Uint8Array(bytes.buffer, 0, bytes.byteLength);
  }
  return new Uint8Array(bytes);
}

/**
 * Registers the dialog and app-info handlers through the typed `handle()`.
 *
 * @param handle from `createHandle` (the only route to ipcMain).
 */
export function registerIpcHandlers<E, W>(handle: HandleFn<E>, deps: IpcHandlerDeps<E, W>): void {
  const maxBytes = deps.maxBytes ?? MAX_TEXT_FILE_BYTES;
  const maxOpenFileBytes = deps.maxOpenFileBytes ?? MAX_OPEN_FILE_BYTES;
  const parentOf = (event: E): W => {
    const win = deps.windowFor(event);
    // A trusted sender always lives in a window; if not, something is badly wrong: don't show an
    // ownerless dialog the operator may never see.
    if (win === null) throw new IpcHandlerError('internal', 'No window for this request');
    return win;
  };

  /** The chosen path of a modal open dialog, or null when cancelled. */
  const pickPath = async (request: OpenTextFileOptions, event: E): Promise<string | null> => {
    const result = await deps.dialog.showOpenDialog(parentOf(event), {
      title: request.title,
      properties: ['openFile'],
      // Named by its patterns so the filter needs no translation.
      filters: [{ name: request.extensions.map((ext) => `*.${ext}`).join(', '), extensions: request.extensions }],
    });
    const path = result.filePaths[0];
    return result.canceled || path === undefined ? null : path;
  };

  handle('dialog:open-text-file', openTextFileRequest, async (request, event) => {
    const path = await pickPath(request, event);
    return path === null ? null : readTextFile(deps.fs, path, maxBytes);
  });

  handle('dialog:open-file', openFileRequest, async (request, event) => {
    const path = await pickPath(request, event);
    return path === null ? null : readBinaryFile(deps.fs, path, maxOpenFileBytes);
  });

  handle('dialog:save-text-file', saveTextFileRequest, async (request, event) => {
    const size = Buffer.byteLength(request.text, 'utf8');
    if (size > maxBytes) throw tooLarge(request.defaultName, size, maxBytes);
    const ext = extname(request.defaultName).slice(1);
    const result = await deps.dialog.showSaveDialog(parentOf(event), {
      title: request.title,
      defaultPath: request.defaultName,
      filters: ext ? [{ name: `*.${ext}`, extensions: [ext] }] : [],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (result.canceled || !result.filePath) return { saved: false };
    try {
      await deps.fs.writeFile(result.filePath, request.text, 'utf8');
    } catch (error) {
      throw new IpcHandlerError('io-error', `Cannot write ${basename(result.filePath)}: ${errorCode(error)}`);
    }
    return { saved: true, path: result.filePath };
  });

  handle('app:get-info', getAppInfoRequest, () => deps.appInfo());
}

function tooLarge(name: string, size: number, maxBytes: number): IpcHandlerError {
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new IpcHandlerError('file-too-large', `${name} is ${mib(size)} MiB; the limit is ${mib(maxBytes)} MiB`);
}

/** The errno code (ENOENT, EACCES…) without the path-bearing message. */
function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unknown error';
}
