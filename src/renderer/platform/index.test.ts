import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GridroomBridge } from '@shared/bridge';
import pkg from '../../../package.json';
import { createBrowserBridge, MQTT_NEEDS_DESKTOP, readPickedFile, readPickedTextFile, type PickedFile, type WebNotificationApi } from './browser';

const preloadBridge: GridroomBridge = {
  platform: 'electron',
  openTextFile: async () => null,
  openFile: async () => null,
  saveTextFile: async () => ({ saved: false }),
  getAppInfo: async () => ({ name: 'Gridroom', version: '9.9.9', platform: 'electron' }),
  onMenuCommand: () => () => undefined,
  supportsMqtt: true,
  startMqttFeed: async () => undefined,
  stopMqttFeed: async () => undefined,
  onMqttFeedEvent: () => () => undefined,
  notify: async () => false,
  onNotificationClick: () => () => undefined,
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
      'notify',
      'onMenuCommand',
      'onMqttFeedEvent',
      'onNotificationClick',
      'openFile',
      'openTextFile',
      'platform',
      'saveTextFile',
      'startMqttFeed',
      'stopMqttFeed',
      'supportsMqtt',
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

describe('browser MQTT', () => {
  it('says it cannot, and refuses to start a feed with the reason in English', async () => {
    const bridge = createBrowserBridge(() => undefined);
    expect(bridge.supportsMqtt).toBe(false);
    expect(MQTT_NEEDS_DESKTOP).toBe('MQTT feeds need the desktop app: a browser cannot open TCP connections');
    await expect(
      bridge.startMqttFeed({ feedId: 'mqtt-1', url: 'mqtt://127.0.0.1:1883', topic: 't', connectionId: 'c1' }),
    ).rejects.toThrow(`[unsupported] ${MQTT_NEEDS_DESKTOP}`);
    await expect(bridge.stopMqttFeed('mqtt-1')).resolves.toBeUndefined();
    expect(bridge.onMqttFeedEvent(() => undefined)()).toBeUndefined();
  });
});

describe('browser notifications', () => {
  /** A fake web Notification API with the given permission; records what it showed. */
  function fakeApi(permission: NotificationPermission) {
    const shown: { title: string; options?: NotificationOptions; onclick: (() => unknown) | null; closed: boolean }[] = [];
    let requested = 0;
    class FakeNotification {
      static permission = permission;
      static requestPermission() {
        requested++;
        return Promise.resolve('granted');
      }
      onclick: (() => unknown) | null = null;
      closed = false;
      constructor(
        readonly title: string,
        readonly options?: NotificationOptions,
      ) {
        shown.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    return { api: FakeNotification as unknown as WebNotificationApi, shown, requested: () => requested };
  }

  it('shows one when permission was granted, and a click focuses the page and reports the incident', async () => {
    const focus = vi.fn();
    vi.stubGlobal('window', { focus });
    const { api, shown } = fakeApi('granted');
    const bridge = createBrowserBridge(() => api);
    const clicked: string[] = [];
    const unsubscribe = bridge.onNotificationClick((id) => clicked.push(id));
    await expect(bridge.notify({ title: '紧急事件', body: '消防通道堵塞', incidentId: 'i-1' })).resolves.toBe(true);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: '紧急事件', options: { body: '消防通道堵塞', tag: 'i-1' } });
    shown[0].onclick?.();
    expect(focus).toHaveBeenCalledTimes(1);
    expect(shown[0].closed).toBe(true);
    expect(clicked).toEqual(['i-1']);
    unsubscribe();
    await bridge.notify({ title: '紧急事件', body: '另一起', incidentId: 'i-2' });
    shown[1].onclick?.();
    expect(clicked).toEqual(['i-1']);
  });

  it('a summary (no incident id) focuses the page and selects nothing', async () => {
    vi.stubGlobal('window', { focus: vi.fn() });
    const { api, shown } = fakeApi('granted');
    const bridge = createBrowserBridge(() => api);
    const clicked: string[] = [];
    bridge.onNotificationClick((id) => clicked.push(id));
    await bridge.notify({ title: '另有 2 起紧急事件', body: '' });
    shown[0].onclick?.();
    expect(clicked).toEqual([]);
  });

  it('never asks for permission and shows nothing without it, or without the API', async () => {
    for (const permission of ['default', 'denied'] as const) {
      const { api, shown, requested } = fakeApi(permission);
      await expect(createBrowserBridge(() => api).notify({ title: 't', body: 'b', incidentId: 'i-1' })).resolves.toBe(false);
      expect(shown).toHaveLength(0);
      expect(requested()).toBe(0);
    }
    await expect(createBrowserBridge(() => undefined).notify({ title: 't', body: 'b' })).resolves.toBe(false);
  });
});
