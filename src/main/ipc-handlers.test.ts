import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '@shared/ipc';
import { createTrustedUrlCheck } from './app-origin';
import { createHandle, type InvokeEventLike, type IpcMainLike } from './ipc-handle';
import { registerIpcHandlers, type DialogLike, type TextFileFs } from './ipc-handlers';

interface FakeWindow {
  id: string;
}

class FakeIpcMain implements IpcMainLike<InvokeEventLike> {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    this.listeners.set(channel, listener);
  }
  async invoke(channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
    return this.invokeFrom('app://gridroom/index.html', channel, ...args);
  }
  /** Invokes as a top-level frame showing `url`. */
  async invokeFrom(url: string, channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
    const event: InvokeEventLike = { senderFrame: { url, parent: null } };
    return (await this.listeners.get(channel)?.(event, ...args)) as IpcResult<unknown>;
  }
}

class FakeDialog implements DialogLike<FakeWindow> {
  openAnswer: OpenDialogReturnValue = { canceled: true, filePaths: [] };
  saveAnswer: SaveDialogReturnValue = { canceled: true, filePath: '' };
  readonly openCalls: [FakeWindow, OpenDialogOptions][] = [];
  readonly saveCalls: [FakeWindow, SaveDialogOptions][] = [];
  async showOpenDialog(window: FakeWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue> {
    this.openCalls.push([window, options]);
    return this.openAnswer;
  }
  async showSaveDialog(window: FakeWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue> {
    this.saveCalls.push([window, options]);
    return this.saveAnswer;
  }
}

function setup(files: Record<string, Uint8Array> = {}) {
  const ipcMain = new FakeIpcMain();
  const dialog = new FakeDialog();
  const window: FakeWindow = { id: 'operator' };
  const written = new Map<string, string>();
  const fs: TextFileFs = {
    stat: vi.fn(async (path: string) => {
      const file = files[path];
      if (!file) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
      return { size: file.byteLength, isFile: () => true };
    }),
    readFile: vi.fn(async (path: string) => files[path]),
    writeFile: vi.fn(async (path: string, data: string) => void written.set(path, data)),
  };
  registerIpcHandlers(createHandle(ipcMain, createTrustedUrlCheck(), () => undefined), {
    dialog,
    fs,
    windowFor: () => window,
    appInfo: () => ({ name: 'Gridroom', version: '0.1.0', platform: 'electron' }),
    maxBytes: 16,
    maxOpenFileBytes: 32,
  });
  return { ipcMain, dialog, fs, window, written };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const openRequest = { title: '导入网格', extensions: ['geojson', 'json'] };

describe('dialog:open-text-file', () => {
  it('returns null when the user cancels', async () => {
    const { ipcMain, dialog, window } = setup();
    expect(await ipcMain.invoke('dialog:open-text-file', openRequest)).toEqual({ ok: true, value: null });
    const [parent, options] = dialog.openCalls[0];
    expect(parent).toBe(window);
    expect(options).toMatchObject({ title: '导入网格', properties: ['openFile'] });
    expect(options.filters).toEqual([{ name: '*.geojson, *.json', extensions: ['geojson', 'json'] }]);
  });

  it('reads the chosen file as UTF-8, dropping a BOM', async () => {
    const { ipcMain, dialog } = setup({ '/data/网格.json': new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":"网"}')]) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/网格.json'] };
    expect(await ipcMain.invoke('dialog:open-text-file', openRequest)).toEqual({
      ok: true,
      value: { name: '网格.json', text: '{"a":"网"}' },
    });
  });

  it('refuses a file over the size limit without reading it', async () => {
    const { ipcMain, dialog, fs } = setup({ '/data/big.json': new Uint8Array(17) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/big.json'] };
    const result = await ipcMain.invoke('dialog:open-text-file', openRequest);
    expect(result).toMatchObject({ ok: false, error: { code: 'file-too-large' } });
    expect(fs.readFile).not.toHaveBeenCalled();
  });

  it('refuses a file that is not UTF-8 (e.g. GBK)', async () => {
    // "网格" in GBK: invalid as UTF-8.
    const { ipcMain, dialog } = setup({ '/data/gbk.csv': new Uint8Array([0xcd, 0xf8, 0xb8, 0xf1]) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/gbk.csv'] };
    const result = await ipcMain.invoke('dialog:open-text-file', openRequest);
    expect(result).toMatchObject({ ok: false, error: { code: 'not-utf8', message: 'gbk.csv is not UTF-8 text' } });
  });

  it('reports an unreadable file as io-error with its errno code only', async () => {
    const { ipcMain, dialog } = setup();
    dialog.openAnswer = { canceled: false, filePaths: ['/home/operator/gone.json'] };
    const result = await ipcMain.invoke('dialog:open-text-file', openRequest);
    expect(result).toEqual({ ok: false, error: { code: 'io-error', message: 'Cannot read gone.json: ENOENT' } });
  });
});

describe('dialog:open-file', () => {
  const request = { title: '选择新建楼栋文件', extensions: ['zip', 'geojson', 'csv'] };
  // "PK\3\4" then GBK "网格": neither text nor UTF-8, which is why this channel exists.
  const zipBytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xcd, 0xf8, 0xb8, 0xf1]);

  it('returns null when the user cancels, with the dialog modal to the sender and filtered', async () => {
    const { ipcMain, dialog, fs, window } = setup();
    expect(await ipcMain.invoke('dialog:open-file', request)).toEqual({ ok: true, value: null });
    const [parent, options] = dialog.openCalls[0];
    expect(parent).toBe(window);
    expect(options).toMatchObject({ title: '选择新建楼栋文件', properties: ['openFile'] });
    expect(options.filters).toEqual([{ name: '*.zip, *.geojson, *.csv', extensions: ['zip', 'geojson', 'csv'] }]);
    expect(fs.stat).not.toHaveBeenCalled();
  });

  it('returns the bytes untouched, as a plain Uint8Array, with the bare file name', async () => {
    const { ipcMain, dialog } = setup({ '/data/新建楼栋.zip': Buffer.from(zipBytes) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/新建楼栋.zip'] };
    const result = await ipcMain.invoke('dialog:open-file', request);
    expect(result).toEqual({ ok: true, value: { name: '新建楼栋.zip', bytes: zipBytes } });
    const { bytes } = (result as { value: { bytes: Uint8Array } }).value;
    expect(Buffer.isBuffer(bytes)).toBe(false);
  });

  it('copies a view on a larger buffer, so no neighbouring bytes cross IPC', async () => {
    const pool = new Uint8Array(64).fill(0xee);
    pool.set(zipBytes, 8);
    const { ipcMain, dialog } = setup({ '/data/pooled.zip': pool.subarray(8, 8 + zipBytes.length) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/pooled.zip'] };
    const result = (await ipcMain.invoke('dialog:open-file', request)) as { value: { bytes: Uint8Array } };
    expect(result.value.bytes).toEqual(zipBytes);
    expect(result.value.bytes.buffer.byteLength).toBe(zipBytes.length);
  });

  it('accepts a file at the limit and refuses one byte more without reading it', async () => {
    const { ipcMain, dialog, fs } = setup({ '/data/ok.zip': new Uint8Array(32), '/data/big.zip': new Uint8Array(33) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/ok.zip'] };
    expect(await ipcMain.invoke('dialog:open-file', request)).toMatchObject({ ok: true, value: { name: 'ok.zip' } });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/big.zip'] };
    expect(await ipcMain.invoke('dialog:open-file', request)).toEqual({
      ok: false,
      error: { code: 'file-too-large', message: 'big.zip is 0.0 MiB; the limit is 0.0 MiB' },
    });
    expect(fs.readFile).toHaveBeenCalledTimes(1);
  });

  it('refuses a file that grew past the limit between stat and read', async () => {
    const { ipcMain, dialog, fs } = setup({ '/data/growing.zip': new Uint8Array(8) });
    vi.mocked(fs.readFile).mockResolvedValueOnce(new Uint8Array(40));
    dialog.openAnswer = { canceled: false, filePaths: ['/data/growing.zip'] };
    expect(await ipcMain.invoke('dialog:open-file', request)).toMatchObject({ ok: false, error: { code: 'file-too-large' } });
  });

  it('has its own limit, larger than the text channels', async () => {
    // 20 bytes: over the text limit (16), under the bytes limit (32).
    const { ipcMain, dialog } = setup({ '/data/mid.csv': new Uint8Array(20) });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/mid.csv'] };
    expect(await ipcMain.invoke('dialog:open-text-file', openRequest)).toMatchObject({ ok: false, error: { code: 'file-too-large' } });
    expect(await ipcMain.invoke('dialog:open-file', request)).toMatchObject({ ok: true, value: { name: 'mid.csv' } });
  });

  it('reports an unreadable file as io-error with its errno code only', async () => {
    const { ipcMain, dialog } = setup();
    dialog.openAnswer = { canceled: false, filePaths: ['/home/operator/gone.zip'] };
    expect(await ipcMain.invoke('dialog:open-file', request)).toEqual({
      ok: false,
      error: { code: 'io-error', message: 'Cannot read gone.zip: ENOENT' },
    });
  });

  it('refuses a sender that is not the app, before any dialog', async () => {
    const { ipcMain, dialog } = setup({ '/data/a.zip': zipBytes });
    dialog.openAnswer = { canceled: false, filePaths: ['/data/a.zip'] };
    const result = await ipcMain.invokeFrom('https://evil.example/', 'dialog:open-file', request);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(dialog.openCalls).toEqual([]);
  });

  it.each([
    ['no argument', []],
    ['a path instead of options', ['/etc/passwd']],
    ['an extension with a dot', [{ ...request, extensions: ['.zip'] }]],
    ['no extensions', [{ ...request, extensions: [] }]],
    ['an unknown key (e.g. a default path)', [{ ...request, defaultPath: '/etc' }]],
    ['two arguments', [request, request]],
  ])('refuses a malformed request: %s', async (_what, args) => {
    const { ipcMain, dialog } = setup();
    const result = await ipcMain.invoke('dialog:open-file', ...args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(dialog.openCalls).toEqual([]);
  });
});

describe('dialog:save-text-file', () => {
  const saveRequest = { title: '导出网格', defaultName: 'grids.geojson', text: '{"网":1}', mimeType: 'application/geo+json' };

  it('returns saved: false when the user cancels', async () => {
    const { ipcMain, dialog, written } = setup();
    expect(await ipcMain.invoke('dialog:save-text-file', saveRequest)).toEqual({ ok: true, value: { saved: false } });
    expect(dialog.saveCalls[0][1]).toMatchObject({
      defaultPath: 'grids.geojson',
      filters: [{ name: '*.geojson', extensions: ['geojson'] }],
    });
    expect(written.size).toBe(0);
  });

  it('writes the text where the user chose', async () => {
    const { ipcMain, dialog, written } = setup();
    dialog.saveAnswer = { canceled: false, filePath: '/data/out.geojson' };
    expect(await ipcMain.invoke('dialog:save-text-file', saveRequest)).toEqual({
      ok: true,
      value: { saved: true, path: '/data/out.geojson' },
    });
    expect(written.get('/data/out.geojson')).toBe('{"网":1}');
  });

  it('refuses a default name with a directory part', async () => {
    const { ipcMain, dialog } = setup();
    const result = await ipcMain.invoke('dialog:save-text-file', { ...saveRequest, defaultName: '../../.bashrc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(dialog.saveCalls).toEqual([]);
  });

  it('refuses text over the size limit (in UTF-8 bytes) before showing a dialog', async () => {
    const { ipcMain, dialog } = setup();
    // 6 characters, 18 bytes.
    const result = await ipcMain.invoke('dialog:save-text-file', { ...saveRequest, text: '网格网格网格' });
    expect(result).toMatchObject({ ok: false, error: { code: 'file-too-large' } });
    expect(dialog.saveCalls).toEqual([]);
  });
});

describe('app:get-info', () => {
  it('answers with the app info and takes no argument', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('app:get-info')).toEqual({
      ok: true,
      value: { name: 'Gridroom', version: '0.1.0', platform: 'electron' },
    });
    expect(await ipcMain.invoke('app:get-info', { x: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
