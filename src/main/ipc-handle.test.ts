import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { IpcResult } from '@shared/ipc';
import { createTrustedUrlCheck } from './app-origin';
import { createHandle, IpcHandlerError, sendEvent, type InvokeEventLike, type IpcMainLike } from './ipc-handle';
import { openTextFileRequest } from './ipc-schemas';

interface FakeEvent extends InvokeEventLike {
  id: number;
}

/** Keeps registered listeners and invokes them the way Electron would. */
class FakeIpcMain implements IpcMainLike<FakeEvent> {
  readonly listeners = new Map<string, (event: FakeEvent, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: FakeEvent, ...args: unknown[]) => Promise<unknown>): void {
    this.listeners.set(channel, listener);
  }
  async invoke(channel: string, event: FakeEvent, ...args: unknown[]): Promise<IpcResult<unknown>> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return (await listener(event, ...args)) as IpcResult<unknown>;
  }
}

const fromUrl = (url: string, parent: unknown = null): FakeEvent => ({ id: 1, senderFrame: { url, parent } });
const APP = fromUrl('app://gridroom/index.html');
const valid = { title: 'Import grids', extensions: ['geojson', 'json'] };

function setup(devServerUrl?: string) {
  const ipcMain = new FakeIpcMain();
  const log = vi.fn();
  const handle = createHandle(ipcMain, createTrustedUrlCheck(devServerUrl), log);
  const handler = vi.fn(async () => ({ name: 'grids.geojson', text: '{}' }));
  handle('dialog:open-text-file', openTextFileRequest, handler);
  return { ipcMain, handler, log, handle };
}

describe('handle(): sender check', () => {
  it.each([
    ['another origin', fromUrl('https://evil.example/index.html')],
    ['a file:// page', fromUrl('file:///tmp/x.html')],
    ['a look-alike app host', fromUrl('app://gridroom.evil/index.html')],
    ['the dev server when not in dev', fromUrl('http://localhost:5173/')],
    ['a subframe of the app', fromUrl('app://gridroom/index.html', { url: 'app://gridroom/index.html' })],
    ['a destroyed frame', { id: 1, senderFrame: null }],
    [
      'a disposed frame',
      {
        id: 1,
        senderFrame: {
          parent: null,
          get url(): string {
            throw new Error('Render frame was disposed before WebFrameMain could be accessed');
          },
        },
      },
    ],
  ])('refuses %s without running the handler', async (_what, event) => {
    const { ipcMain, handler } = setup();
    const result = await ipcMain.invoke('dialog:open-text-file', event, valid);
    expect(result).toEqual({ ok: false, error: { code: 'forbidden-sender', message: expect.any(String) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('accepts the dev server origin in development', async () => {
    const { ipcMain } = setup('http://localhost:5173');
    const result = await ipcMain.invoke('dialog:open-text-file', fromUrl('http://localhost:5173/'), valid);
    expect(result.ok).toBe(true);
  });
});

describe('handle(): payload validation', () => {
  it.each([
    ['a wrong type', { title: 42, extensions: ['json'] }, 'title'],
    ['a missing field', { title: 'x' }, 'extensions'],
    ['an extension with a dot', { title: 'x', extensions: ['.json'] }, 'extension'],
    ['an unknown key', { ...valid, path: '/etc/passwd' }, 'path'],
    ['no payload', undefined, 'expected object'],
  ])('refuses %s with a clear error', async (_what, payload, mention) => {
    const { ipcMain, handler } = setup();
    const result = await ipcMain.invoke('dialog:open-text-file', APP, payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-payload');
    expect(result.error.message).toContain('dialog:open-text-file');
    expect(result.error.message).toContain(mention);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    const { ipcMain } = setup();
    const result = await ipcMain.invoke('dialog:open-text-file', APP, valid, 'extra');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('passes a valid payload to the handler with the event, and wraps its value', async () => {
    const { ipcMain, handler } = setup();
    const result = await ipcMain.invoke('dialog:open-text-file', APP, valid);
    expect(result).toEqual({ ok: true, value: { name: 'grids.geojson', text: '{}' } });
    expect(handler).toHaveBeenCalledWith(valid, APP);
  });
});

describe('handle(): errors never cross as exceptions', () => {
  it('returns an IpcHandlerError as its typed code', async () => {
    const { ipcMain, handle } = setup();
    handle('app:get-info', z.undefined(), () => {
      throw new IpcHandlerError('io-error', 'Cannot read x: EACCES');
    });
    expect(await ipcMain.invoke('app:get-info', APP)).toEqual({
      ok: false,
      error: { code: 'io-error', message: 'Cannot read x: EACCES' },
    });
  });

  it('hides an unexpected error behind "internal" and logs it in main', async () => {
    const { ipcMain, handle, log } = setup();
    handle('app:get-info', z.undefined(), () => {
      throw new Error('secret /home/operator/path');
    });
    const result = await ipcMain.invoke('app:get-info', APP);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('app:get-info'), expect.any(Error));
  });
});

describe('sendEvent', () => {
  it('sends the typed payload on its channel', () => {
    const send = vi.fn();
    sendEvent({ send }, 'menu:command', 'focus-search');
    expect(send).toHaveBeenCalledWith('menu:command', 'focus-search');
  });
});
