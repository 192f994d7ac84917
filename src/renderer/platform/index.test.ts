import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GridroomBridge } from '@shared/bridge';
import pkg from '../../../package.json';
import { readPickedFile, readPickedTextFile, type PickedFile } from './browser';

const preloadBridge: GridroomBridge = {
  platform: 'electron',
  openTextFile: async () => null,
  openFile: async () => null,
  saveTextFile: async () => ({ saved: false }),
  getAppInfo: async () => ({ name: 'Gridroom', version: '9.9.9', platform: 'electron' }),
  onMenuCommand: () => () => undefined,
};

/** A fresh copy of the module each time: getBridge memoises per page. */
async function freshGetBridge() {
  vi.resetModules();
  return (await import('./index')).getBridge;
}

afterEach(() => vi.unstubAllGlobals());

describe('getBridge', () => {
  it('returns the preload bridge when Electron exposed one, every time', async () => {
    vi.stubGlobal('window', { gridroom: preloadBridge });
    const getBridge = await freshGetBridge();
    expect(getBridge()).toBe(preloadBridge);
    expect(getBridge()).toBe(getBridge());
  });

  it('falls back to the browser adapter, memoised', async () => {
    vi.stubGlobal('window', {});
    const getBridge = await freshGetBridge();
    const bridge = getBridge();
    expect(bridge.platform).toBe('browser');
    expect(getBridge()).toBe(bridge);
    expect(Object.keys(bridge).sort()).toEqual([
      'getAppInfo',
      'onMenuCommand',
      'openFile',
      'openTextFile',
      'platform',
      'saveTextFile',
    ]);
    await expect(bridge.getAppInfo()).resolves.toEqual({ name: 'Gridroom', version: pkg.version, platform: 'browser' });
    const unsubscribe = bridge.onMenuCommand(() => {
      throw new Error('a browser has no native menu');
    });
    expect(unsubscribe()).toBeUndefined();
  });
});

/** A picked file whose `size` may claim more than it holds, so limits are tested without 128 MiB. */
function pickedFile(name: string, bytes: Uint8Array, size = bytes.byteLength): PickedFile & { reads: number } {
  const file = {
    name,
    size,
    reads: 0,
    async arrayBuffer(): Promise<ArrayBuffer> {
      file.reads++;
      return bytes.slice().buffer;
    },
  };
  return file;
}

describe('browser file readers', () => {
  const gbk = new Uint8Array([0xcd, 0xf8, 0xb8, 0xf1]);

  it('reads bytes as they are, GBK included', async () => {
    await expect(readPickedFile(pickedFile('网格.csv', gbk))).resolves.toEqual({ name: '网格.csv', bytes: gbk });
  });

  it('refuses bytes over 128 MiB without reading them, in the [file-too-large] form', async () => {
    const file = pickedFile('huge.zip', gbk, 128 * 1024 * 1024 + 1);
    await expect(readPickedFile(file)).rejects.toThrow(/^\[file-too-large\] huge\.zip is 128\.0 MiB; the limit is 128\.0 MiB$/);
    expect(file.reads).toBe(0);
    await expect(readPickedFile(pickedFile('ok.zip', gbk, 128 * 1024 * 1024))).resolves.toMatchObject({ name: 'ok.zip' });
  });

  it('keeps the text limit and the UTF-8 check for text', async () => {
    await expect(readPickedTextFile(pickedFile('gbk.csv', gbk))).rejects.toThrow('[not-utf8] gbk.csv is not UTF-8 text');
    const big = pickedFile('big.json', gbk, 64 * 1024 * 1024 + 1);
    await expect(readPickedTextFile(big)).rejects.toThrow(/^\[file-too-large\] /);
    expect(big.reads).toBe(0);
  });
});

/** The bits of an `<input type=file>` the browser adapter touches. */
class FakeInput {
  type = '';
  accept = '';
  style: Record<string, string> = {};
  files: File[] = [];
  removed = false;
  readonly listeners = new Map<string, () => void>();
  constructor(private readonly onClick: (input: FakeInput) => void) {}
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, listener);
  }
  remove(): void {
    this.removed = true;
  }
  click(): void {
    this.onClick(this);
  }
  fire(type: string): void {
    this.listeners.get(type)?.();
  }
}

describe('browser openFile', () => {
  async function browserBridge(onClick: (input: FakeInput) => void) {
    const inputs: FakeInput[] = [];
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {
      createElement: () => {
        const input = new FakeInput(onClick);
        inputs.push(input);
        return input;
      },
      body: { append: () => undefined },
    });
    return { bridge: (await freshGetBridge())(), inputs };
  }

  it('offers the extensions, returns the chosen file as bytes, and removes the input', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x05, 0x06]);
    const { bridge, inputs } = await browserBridge((input) => {
      input.files = [new File([bytes], '楼栋.zip')];
      input.fire('change');
    });
    await expect(bridge.openFile({ title: '', extensions: ['zip', 'csv'] })).resolves.toEqual({ name: '楼栋.zip', bytes });
    expect(inputs[0]).toMatchObject({ type: 'file', accept: '.zip,.csv', removed: true });
  });

  it('resolves null when the picker is cancelled', async () => {
    const { bridge, inputs } = await browserBridge((input) => input.fire('cancel'));
    await expect(bridge.openFile({ title: '', extensions: ['zip'] })).resolves.toBeNull();
    expect(inputs[0].removed).toBe(true);
  });
});
