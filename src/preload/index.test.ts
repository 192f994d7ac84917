import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridroomBridge, MenuCommand, MqttFeedEvent } from '@shared/bridge';
import { createPreloadBridge, type IpcRendererLike } from './create-bridge';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

/** Exactly the bridge's keys: the Record type makes this fail to compile if the type changes. */
const BRIDGE_KEYS: Record<keyof GridroomBridge, true> = {
  platform: true,
  openTextFile: true,
  openFile: true,
  saveTextFile: true,
  getAppInfo: true,
  onMenuCommand: true,
  supportsMqtt: true,
  startMqttFeed: true,
  stopMqttFeed: true,
  onMqttFeedEvent: true,
  notify: true,
  onNotificationClick: true,
};

describe('preload entry', () => {
  it('exposes window.gridroom with exactly the bridge keys, and nothing generic', async () => {
    await import('./index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('gridroom');
    expect(Object.keys(api).sort()).toEqual(Object.keys(BRIDGE_KEYS).sort());
    expect(api.platform).toBe('electron');
    for (const generic of ['send', 'invoke', 'on', 'ipcRenderer']) expect(api).not.toHaveProperty(generic);
  });
});

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererLike {
  reply: unknown = { ok: true, value: null };
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return this.reply;
  }
  on(channel: string, listener: Listener): void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(listener);
  }
  removeListener(channel: string, listener: Listener): void {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'secret' }, ...args);
  }
}

describe('createPreloadBridge', () => {
  let ipc: FakeIpcRenderer;
  let bridge: GridroomBridge;
  beforeEach(() => {
    ipc = new FakeIpcRenderer();
    bridge = createPreloadBridge(ipc);
  });

  it('invokes each named channel with only its request', async () => {
    const open = { title: 'Import', extensions: ['geojson'] };
    const save = { title: 'Export', defaultName: 'g.geojson', text: '{}', mimeType: 'application/geo+json' };
    const openBytes = { title: 'Allocate', extensions: ['zip', 'csv'] };
    await bridge.openTextFile(open);
    await bridge.openFile(openBytes);
    await bridge.saveTextFile(save);
    await bridge.getAppInfo();
    expect(ipc.invoked).toEqual([
      ['dialog:open-text-file', open],
      ['dialog:open-file', openBytes],
      ['dialog:save-text-file', save],
      ['app:get-info'],
    ]);
  });

  it('resolves with the value of an ok result', async () => {
    ipc.reply = { ok: true, value: { name: 'g.json', text: '[]' } };
    await expect(bridge.openTextFile({ title: '', extensions: ['json'] })).resolves.toEqual({ name: 'g.json', text: '[]' });
  });

  it('resolves openFile with the bytes main read, and null on cancel', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
    ipc.reply = { ok: true, value: { name: '楼栋.zip', bytes } };
    await expect(bridge.openFile({ title: '', extensions: ['zip'] })).resolves.toEqual({ name: '楼栋.zip', bytes });
    ipc.reply = { ok: true, value: null };
    await expect(bridge.openFile({ title: '', extensions: ['zip'] })).resolves.toBeNull();
  });

  it('rejects openFile with the size error main returned', async () => {
    ipc.reply = { ok: false, error: { code: 'file-too-large', message: 'huge.zip is 200.0 MiB; the limit is 128.0 MiB' } };
    await expect(bridge.openFile({ title: '', extensions: ['zip'] })).rejects.toThrow(
      '[file-too-large] huge.zip is 200.0 MiB; the limit is 128.0 MiB',
    );
  });

  it('rejects with "[code] message" for a typed error, and for a malformed reply', async () => {
    ipc.reply = { ok: false, error: { code: 'file-too-large', message: 'big.json is 80.0 MiB' } };
    await expect(bridge.openTextFile({ title: '', extensions: ['json'] })).rejects.toThrow('[file-too-large] big.json is 80.0 MiB');
    ipc.reply = 'surprise';
    await expect(bridge.getAppInfo()).rejects.toThrow(/^\[internal\]/);
  });

  it('forwards only known menu commands, without the IPC event, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.onMenuCommand((...args: [MenuCommand]) => received.push(args));
    ipc.emit('menu:command', 'focus-search');
    ipc.emit('menu:command', 'rm -rf /');
    ipc.emit('menu:command', { command: 'import-grids' });
    expect(received).toEqual([['focus-search']]);
    unsubscribe();
    expect(ipc.listeners.get('menu:command')?.size).toBe(0);
    ipc.emit('menu:command', 'import-grids');
    expect(received).toHaveLength(1);
  });

  it('says it supports MQTT, and starts and stops feeds over their channels', async () => {
    expect(bridge.supportsMqtt).toBe(true);
    const options = { feedId: 'mqtt-1', url: 'mqtt://127.0.0.1:1883', topic: 'gridroom/incidents', connectionId: 'c1' };
    await expect(bridge.startMqttFeed(options)).resolves.toBeUndefined();
    await expect(bridge.stopMqttFeed('mqtt-1')).resolves.toBeUndefined();
    expect(ipc.invoked).toEqual([
      ['mqtt:start-feed', options],
      ['mqtt:stop-feed', 'mqtt-1'],
    ]);
    ipc.reply = { ok: false, error: { code: 'invalid-payload', message: 'mqtt:start-feed: invalid request' } };
    await expect(bridge.startMqttFeed(options)).rejects.toThrow('[invalid-payload] mqtt:start-feed: invalid request');
  });

  it('forwards only well-formed MQTT feed events, rebuilt without extra fields, until unsubscribed', () => {
    const received: MqttFeedEvent[] = [];
    const unsubscribe = bridge.onMqttFeedEvent((event) => received.push(event));
    const ids = { feedId: 'mqtt-1', connectionId: 'c1' };
    ipc.emit('mqtt:feed-event', { ...ids, type: 'opened', sender: 'secret' });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'messages', raws: ['{"kind":"heartbeat"}', 'x'] });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'messages', raws: [{ kind: 'heartbeat' }] });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'closed' });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'closed', reason: 'the broker went away' });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'error' });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'error', reason: 'MQTT: refused' });
    ipc.emit('mqtt:feed-event', { ...ids, type: 'exploded' });
    ipc.emit('mqtt:feed-event', { type: 'opened' });
    ipc.emit('mqtt:feed-event', 'opened');
    expect(received).toEqual([
      { ...ids, type: 'opened' },
      { ...ids, type: 'messages', raws: ['{"kind":"heartbeat"}', 'x'] },
      { ...ids, type: 'closed' },
      { ...ids, type: 'closed', reason: 'the broker went away' },
      { ...ids, type: 'error', reason: 'MQTT: refused' },
    ]);
    unsubscribe();
    expect(ipc.listeners.get('mqtt:feed-event')?.size).toBe(0);
  });

  it('shows notifications through main and forwards clicks with their incident id only', async () => {
    ipc.reply = { ok: true, value: true };
    const notification = { title: '紧急事件', body: '消防通道堵塞', incidentId: 'i-1' };
    await expect(bridge.notify(notification)).resolves.toBe(true);
    expect(ipc.invoked).toEqual([['notification:show', notification]]);
    const clicked: string[] = [];
    const unsubscribe = bridge.onNotificationClick((id) => clicked.push(id));
    ipc.emit('notification:clicked', { incidentId: 'i-1' });
    ipc.emit('notification:clicked', { incidentId: 42 });
    ipc.emit('notification:clicked', 'i-2');
    expect(clicked).toEqual(['i-1']);
    unsubscribe();
    expect(ipc.listeners.get('notification:clicked')?.size).toBe(0);
  });
});
