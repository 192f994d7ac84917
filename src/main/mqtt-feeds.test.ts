import { EventEmitter } from 'node:events';
import type { IClientOptions } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_BYTES, parseFeedMessage } from '@core/feed/protocol';
import type { MqttFeedEvent, MqttFeedOptions } from '@shared/bridge';
import { MAX_MQTT_PAYLOAD_BYTES, type IpcResult } from '@shared/ipc';
import { createTrustedUrlCheck } from './app-origin';
import { createHandle, type InvokeEventLike, type IpcMainLike } from './ipc-handle';
import {
  createMqttFeedManager,
  loadInstallationId,
  mqttClientId,
  payloadText,
  registerMqttFeedHandlers,
  type InstallationIdFs,
  type MqttClientLike,
} from './mqtt-feeds';

/** An MQTT.js client stand-in: tests emit its events and read what was asked of it. */
class FakeClient extends EventEmitter implements MqttClientLike {
  readonly subscribed: { topic: string; qos: number }[] = [];
  subscribeAnswer: { error: Error | null; qos: number } = { error: null, qos: 1 };
  ended: boolean[] = [];
  constructor(
    readonly url: string,
    readonly options: IClientOptions,
  ) {
    super();
  }
  subscribe(topic: string, options: { qos: 1 }, callback: (error: Error | null, granted?: { topic: string; qos: number }[]) => void): this {
    this.subscribed.push({ topic, qos: options.qos });
    const { error, qos } = this.subscribeAnswer;
    queueMicrotask(() => callback(error, error ? undefined : [{ topic, qos }]));
    return this;
  }
  end(force: boolean): this {
    this.ended.push(force);
    return this;
  }
  publish(payload: string | Uint8Array, topic = 'gridroom/incidents'): void {
    this.emit('message', topic, typeof payload === 'string' ? Buffer.from(payload) : payload);
  }
}

interface Page {
  name: string;
}

function setup(overrides: { batchMs?: number; batchMaxMessages?: number; maxPayloadBytes?: number; maxFeeds?: number } = {}) {
  const clients: FakeClient[] = [];
  const sent: [Page, MqttFeedEvent][] = [];
  const logged: string[] = [];
  const manager = createMqttFeedManager<Page>({
    connect: (url, options) => {
      const client = new FakeClient(url, options);
      clients.push(client);
      return client;
    },
    send: (page, event) => sent.push([page, event]),
    clientIdFor: (feedId) => `client-${feedId}`,
    log: (message) => logged.push(message),
    ...overrides,
  });
  const events = () => sent.map(([, event]) => event);
  return { manager, clients, sent, events, logged };
}

const page: Page = { name: 'operator' };
const options: MqttFeedOptions = { feedId: 'mqtt-1', url: 'mqtt://127.0.0.1:1883', topic: 'gridroom/incidents', connectionId: 'c1' };
const ids = { feedId: 'mqtt-1', connectionId: 'c1' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createMqttFeedManager', () => {
  it('connects with a persistent session, no automatic reconnect, and the feed client id', () => {
    const { manager, clients } = setup();
    manager.start(page, options);
    expect(clients[0].url).toBe('mqtt://127.0.0.1:1883');
    expect(clients[0].options).toMatchObject({ clientId: 'client-mqtt-1', clean: false, reconnectPeriod: 0, protocolVersion: 4 });
    expect(manager.feedIds()).toEqual(['mqtt-1']);
  });

  it('reports opened on CONNACK and subscribes with QoS 1', async () => {
    const { manager, clients, events } = setup();
    manager.start(page, options);
    clients[0].emit('connect');
    await Promise.resolve();
    expect(events()).toEqual([{ ...ids, type: 'opened' }]);
    expect(clients[0].subscribed).toEqual([{ topic: 'gridroom/incidents', qos: 1 }]);
  });

  it('forwards payloads as text, in order, in batches by time', () => {
    const { manager, clients, events, sent } = setup({ batchMs: 50 });
    manager.start(page, options);
    clients[0].emit('connect');
    clients[0].publish('{"seq":1}');
    clients[0].publish('{"seq":2,"title":"楼道堆物"}');
    expect(events()).toHaveLength(1);
    vi.advanceTimersByTime(49);
    expect(events()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(events()[1]).toEqual({ ...ids, type: 'messages', raws: ['{"seq":1}', '{"seq":2,"title":"楼道堆物"}'] });
    expect(sent[1][0]).toBe(page);
    clients[0].publish('{"seq":3}');
    vi.advanceTimersByTime(50);
    expect(events()[2]).toEqual({ ...ids, type: 'messages', raws: ['{"seq":3}'] });
  });

  it('forwards a full batch at once', () => {
    const { manager, clients, events } = setup({ batchMaxMessages: 3 });
    manager.start(page, options);
    for (let i = 1; i <= 7; i++) clients[0].publish(String(i));
    expect(events()).toEqual([
      { ...ids, type: 'messages', raws: ['1', '2', '3'] },
      { ...ids, type: 'messages', raws: ['4', '5', '6'] },
    ]);
    vi.advanceTimersByTime(50);
    expect(events()[2]).toEqual({ ...ids, type: 'messages', raws: ['7'] });
  });

  it('forwards a payload that is not UTF-8, or too large, as a marker ingest rejects with a reason', () => {
    const { manager, clients, events } = setup({ maxPayloadBytes: 16 });
    manager.start(page, options);
    clients[0].publish(new Uint8Array([0xcd, 0xf8, 0xb8, 0xf1])); // GBK "网格"
    clients[0].publish('{"kind":"heartbeat","seq":12345}');
    clients[0].publish('');
    vi.advanceTimersByTime(50);
    const [event] = events();
    expect(event.type).toBe('messages');
    const raws = event.type === 'messages' ? event.raws : [];
    expect(raws).toEqual([
      'MQTT payload refused by Gridroom: 4 bytes that are not UTF-8 text (topic gridroom/incidents)',
      'MQTT payload refused by Gridroom: 32 bytes, over the 16-byte limit (topic gridroom/incidents)',
      '',
    ]);
    for (const raw of raws) {
      const parsed = parseFeedMessage(raw);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.rejection.kind).toBe('not_json');
        expect(parsed.rejection.raw).toBe(raw);
      }
    }
  });

  it('reports a dropped connection once, after forwarding what had arrived', () => {
    const { manager, clients, events } = setup();
    manager.start(page, options);
    clients[0].emit('connect');
    clients[0].publish('{"seq":1}');
    clients[0].emit('error', new Error('read ECONNRESET'));
    clients[0].emit('close');
    clients[0].publish('{"seq":2}');
    vi.advanceTimersByTime(100);
    expect(events()).toEqual([
      { ...ids, type: 'opened' },
      { ...ids, type: 'messages', raws: ['{"seq":1}'] },
      { ...ids, type: 'error', reason: 'MQTT: read ECONNRESET' },
    ]);
    expect(clients[0].ended).toEqual([true]);
    expect(manager.feedIds()).toEqual([]);
  });

  it('reports a close without an error as closed', () => {
    const { manager, clients, events } = setup();
    manager.start(page, options);
    clients[0].emit('close');
    expect(events()).toEqual([{ ...ids, type: 'closed', reason: 'the connection to the MQTT broker closed' }]);
  });

  it('reports a refused subscription as an error and ends the connection', async () => {
    const { manager, clients, events } = setup();
    manager.start(page, options);
    clients[0].subscribeAnswer = { error: null, qos: 0x80 };
    clients[0].emit('connect');
    await Promise.resolve();
    expect(events()).toEqual([
      { ...ids, type: 'opened' },
      { ...ids, type: 'error', reason: 'MQTT: the broker refused the subscription to gridroom/incidents' },
    ]);
    expect(clients[0].ended).toEqual([true]);
  });

  it('stop ends the connection and reports nothing more', () => {
    const { manager, clients, events } = setup();
    manager.start(page, options);
    clients[0].emit('connect');
    clients[0].publish('{"seq":1}');
    manager.stop('mqtt-1');
    clients[0].emit('close');
    vi.advanceTimersByTime(100);
    expect(events()).toEqual([{ ...ids, type: 'opened' }]);
    expect(clients[0].ended).toEqual([true]);
    expect(() => manager.stop('mqtt-1')).not.toThrow();
  });

  it('a second start of the same feed replaces the first connection silently', () => {
    const { manager, clients, events } = setup();
    manager.start(page, options);
    manager.start(page, { ...options, connectionId: 'c2' });
    clients[0].emit('close');
    clients[1].emit('connect');
    expect(clients[0].ended).toEqual([true]);
    expect(clients[1].options.clientId).toBe(clients[0].options.clientId);
    expect(events()).toEqual([{ feedId: 'mqtt-1', connectionId: 'c2', type: 'opened' }]);
  });

  it('stopFor stops the feeds of one page; stopAll every feed', () => {
    const { manager, clients } = setup();
    const wall: Page = { name: 'wall' };
    manager.start(page, options);
    manager.start(wall, { ...options, feedId: 'mqtt-2' });
    manager.start(page, { ...options, feedId: 'mqtt-3' });
    manager.stopFor(page);
    expect(manager.feedIds()).toEqual(['mqtt-2']);
    manager.stopAll();
    expect(manager.feedIds()).toEqual([]);
    expect(clients.map((c) => c.ended)).toEqual([[true], [true], [true]]);
  });

  it('refuses more than maxFeeds feeds', () => {
    const { manager } = setup({ maxFeeds: 2 });
    manager.start(page, options);
    manager.start(page, { ...options, feedId: 'mqtt-2' });
    expect(() => manager.start(page, { ...options, feedId: 'mqtt-3' })).toThrow(/at most 2/);
    // Restarting an open feed is not a new one.
    expect(() => manager.start(page, { ...options, connectionId: 'c9' })).not.toThrow();
  });

  it('stops a feed whose page cannot be sent to any more', () => {
    const clients: FakeClient[] = [];
    const logged: string[] = [];
    const manager = createMqttFeedManager<Page>({
      connect: (url, o) => {
        const client = new FakeClient(url, o);
        clients.push(client);
        return client;
      },
      send: () => {
        throw new Error('Object has been destroyed');
      },
      clientIdFor: (id) => id,
      log: (message) => logged.push(message),
    });
    manager.start(page, options);
    clients[0].emit('connect');
    expect(manager.feedIds()).toEqual([]);
    expect(clients[0].ended).toEqual([true]);
    expect(clients[0].subscribed).toEqual([]);
    expect(logged[0]).toMatch(/cannot deliver 'opened'/);
  });

  it('reports a connect that throws as an error event', () => {
    const sent: MqttFeedEvent[] = [];
    const manager = createMqttFeedManager<Page>({
      connect: () => {
        throw new Error('Missing protocol');
      },
      send: (_page, event) => sent.push(event),
      clientIdFor: (id) => id,
    });
    manager.start(page, options);
    expect(sent).toEqual([{ ...ids, type: 'error', reason: 'MQTT: cannot connect: Missing protocol' }]);
    expect(manager.feedIds()).toEqual([]);
  });
});

describe('payloadText', () => {
  it('caps payloads at the feed protocol limit', () => {
    expect(MAX_MQTT_PAYLOAD_BYTES).toBe(MAX_MESSAGE_BYTES);
    expect(payloadText(new Uint8Array(MAX_MQTT_PAYLOAD_BYTES).fill(0x20), 't')).toHaveLength(MAX_MQTT_PAYLOAD_BYTES);
    expect(payloadText(new Uint8Array(MAX_MQTT_PAYLOAD_BYTES + 1).fill(0x20), 't')).toMatch(/^MQTT payload refused by Gridroom: 65537 bytes/);
  });

  it('drops a byte order mark like the file readers', () => {
    expect(payloadText(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 't')).toBe('{}');
  });
});

describe('mqttClientId', () => {
  it('is stable per installation and feed, distinct otherwise, and at most 23 characters', () => {
    const a = mqttClientId('0b6f2a0e-6a8e-4c1b-9d7a-3f2e1c0b9a88', 'mqtt-1');
    expect(a).toMatch(/^gridroom-[0-9a-f]{14}$/);
    expect(a).toHaveLength(23);
    expect(mqttClientId('0b6f2a0e-6a8e-4c1b-9d7a-3f2e1c0b9a88', 'mqtt-1')).toBe(a);
    expect(mqttClientId('0b6f2a0e-6a8e-4c1b-9d7a-3f2e1c0b9a88', 'mqtt-2')).not.toBe(a);
    expect(mqttClientId('another-installation-id', 'mqtt-1')).not.toBe(a);
  });
});

describe('loadInstallationId', () => {
  function fakeFs(files: Record<string, string>, failWrite = false): InstallationIdFs & { files: Record<string, string> } {
    return {
      files,
      readFile: async (path) => {
        if (!(path in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return files[path];
      },
      writeFile: async (path, data) => {
        if (failWrite) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        files[path] = data;
      },
      mkdir: async () => undefined,
    };
  }
  const uuid = '0b6f2a0e-6a8e-4c1b-9d7a-3f2e1c0b9a88';

  it('creates the id on first use and reads it back after', async () => {
    const fs = fakeFs({});
    const logged: string[] = [];
    expect(await loadInstallationId(fs, '/u/installation-id', () => uuid, (m) => logged.push(m))).toBe(uuid);
    expect(fs.files['/u/installation-id']).toBe(`${uuid}\n`);
    expect(await loadInstallationId(fs, '/u/installation-id', () => 'never-used-never-used')).toBe(uuid);
    expect(logged).toEqual([]);
  });

  it('replaces a damaged file, and keeps the id for this run when it cannot write (logged)', async () => {
    const fs = fakeFs({ '/u/installation-id': '../../etc' });
    const logged: string[] = [];
    expect(await loadInstallationId(fs, '/u/installation-id', () => uuid, (m) => logged.push(m))).toBe(uuid);
    expect(logged[0]).toMatch(/no valid installation id/);
    const readOnly = fakeFs({}, true);
    expect(await loadInstallationId(readOnly, '/u/installation-id', () => uuid, (m) => logged.push(m))).toBe(uuid);
    expect(logged[1]).toMatch(/will not resume after a restart/);
  });
});

class FakeIpcMain implements IpcMainLike<InvokeEventLike> {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    this.listeners.set(channel, listener);
  }
  async invokeFrom(url: string, channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
    const event: InvokeEventLike = { senderFrame: { url, parent: null } };
    return (await this.listeners.get(channel)?.(event, ...args)) as IpcResult<unknown>;
  }
  invoke(channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
    return this.invokeFrom('app://gridroom/index.html', channel, ...args);
  }
}

describe('mqtt IPC handlers', () => {
  function register() {
    const ipcMain = new FakeIpcMain();
    const { manager, clients, events } = setup();
    registerMqttFeedHandlers(createHandle(ipcMain, createTrustedUrlCheck(), () => undefined), manager, () => page);
    return { ipcMain, manager, clients, events };
  }

  it('starts and stops a feed for the sending page', async () => {
    const { ipcMain, manager, clients } = register();
    expect(await ipcMain.invoke('mqtt:start-feed', options)).toEqual({ ok: true, value: null });
    expect(clients[0].url).toBe(options.url);
    expect(manager.feedIds()).toEqual(['mqtt-1']);
    expect(await ipcMain.invoke('mqtt:stop-feed', 'mqtt-1')).toEqual({ ok: true, value: null });
    expect(manager.feedIds()).toEqual([]);
  });

  it('accepts the allowed schemes, TLS and credentials included', async () => {
    const { ipcMain } = register();
    for (const url of ['mqtt://broker.example:1883', 'mqtts://user:secret@10.0.0.5:8883', 'tcp://[::1]:1883', 'mqtt://127.0.0.1']) {
      expect(await ipcMain.invoke('mqtt:start-feed', { ...options, url })).toEqual({ ok: true, value: null });
    }
    for (const topic of ['a/+/c', 'gridroom/#', '#', '街道/事件']) {
      expect(await ipcMain.invoke('mqtt:start-feed', { ...options, topic })).toEqual({ ok: true, value: null });
    }
  });

  it.each([
    ['a WebSocket URL', { url: 'ws://127.0.0.1:9001' }],
    ['an http URL', { url: 'http://127.0.0.1:1883' }],
    ['a URL with a query (MQTT.js would read clientId from it)', { url: 'mqtt://127.0.0.1:1883?clientId=other' }],
    ['a URL with a fragment', { url: 'mqtt://127.0.0.1:1883#x' }],
    ['no host', { url: 'mqtt://' }],
    ['not a URL', { url: 'broker:1883 please' }],
    ['a file URL', { url: 'file:///etc/passwd' }],
    ['an empty topic', { topic: '' }],
    ['"#" not last', { topic: 'a/#/c' }],
    ['"+" inside a level', { topic: 'a/b+/c' }],
    ['a NUL in the topic', { topic: 'a\u0000b' }],
    ['a topic over 512 characters', { topic: 'x'.repeat(513) }],
    ['a feed id with a slash', { feedId: 'a/b' }],
    ['an empty feed id', { feedId: '' }],
    ['a feed id over 128 characters', { feedId: 'x'.repeat(129) }],
    ['a connection id with spaces', { connectionId: 'c 1' }],
    ['an extra field', { clientId: 'someone-else' }],
  ])('refuses %s', async (_name, patch) => {
    const { ipcMain, clients } = register();
    const result = await ipcMain.invoke('mqtt:start-feed', { ...options, ...patch });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(clients).toHaveLength(0);
  });

  it('refuses a start from another origin', async () => {
    const { ipcMain, clients } = register();
    const result = await ipcMain.invokeFrom('https://evil.example/', 'mqtt:start-feed', options);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(clients).toHaveLength(0);
  });

  it('refuses a stop with something other than a feed id', async () => {
    const { ipcMain } = register();
    expect(await ipcMain.invoke('mqtt:stop-feed', { feedId: 'mqtt-1' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
