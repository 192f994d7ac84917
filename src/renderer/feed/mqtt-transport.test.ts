import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridroomBridge, MqttFeedEvent, MqttFeedOptions } from '@shared/bridge';
import type { FeedTransportEvents } from './feed-transport';
import { createMqttTransport, mqttBrokerUrl } from './mqtt-transport';

/** The bridge's MQTT half, faked: records starts and stops, lets tests emit main's events. */
function fakeBridge(startError?: Error) {
  const started: MqttFeedOptions[] = [];
  const stopped: string[] = [];
  const listeners = new Set<(event: MqttFeedEvent) => void>();
  const bridge = {
    supportsMqtt: true,
    startMqttFeed: vi.fn(async (options: MqttFeedOptions) => {
      started.push(options);
      if (startError) throw startError;
    }),
    stopMqttFeed: vi.fn(async (feedId: string) => {
      stopped.push(feedId);
    }),
    onMqttFeedEvent: (listener: (event: MqttFeedEvent) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  } as unknown as GridroomBridge;
  const emit = (event: MqttFeedEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  return { bridge, started, stopped, emit, listeners };
}

function recorder() {
  const log: unknown[][] = [];
  const events: FeedTransportEvents = {
    opened: () => log.push(['opened']),
    messages: (raws) => log.push(['messages', [...raws]]),
    alive: () => log.push(['alive']),
    closed: (reason) => log.push(['closed', reason]),
    error: (message) => log.push(['error', message]),
  };
  return { log, events };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createMqttTransport', () => {
  let fake: ReturnType<typeof fakeBridge>;
  beforeEach(() => {
    fake = fakeBridge();
  });
  afterEach(() => vi.restoreAllMocks());

  it('starts the feed in main with the broker URL stripped of since= and any query', () => {
    const transport = createMqttTransport(fake.bridge, 'hotline', 'gridroom/feeds/zy');
    transport.open('mqtt://10.0.0.5:1883?since=41', recorder().events, () => 41);
    expect(fake.started).toHaveLength(1);
    expect(fake.started[0]).toMatchObject({ feedId: 'hotline', url: 'mqtt://10.0.0.5:1883', topic: 'gridroom/feeds/zy' });
    expect(fake.started[0].connectionId).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  });

  it('passes on the events of its own connection only', () => {
    const { log, events } = recorder();
    createMqttTransport(fake.bridge, 'hotline', 't').open('mqtt://h:1883', events, () => -1);
    const own = { feedId: 'hotline', connectionId: fake.started[0].connectionId };
    fake.emit({ ...own, type: 'opened' });
    fake.emit({ feedId: 'other', connectionId: own.connectionId, type: 'messages', raws: ['x'] });
    fake.emit({ feedId: 'hotline', connectionId: 'an-earlier-one', type: 'closed' });
    fake.emit({ ...own, type: 'messages', raws: ['{"seq":1}', '{"seq":2}'] });
    fake.emit({ ...own, type: 'closed', reason: 'the connection to the MQTT broker closed' });
    fake.emit({ ...own, type: 'messages', raws: ['late'] });
    expect(log).toEqual([
      ['opened'],
      ['messages', ['{"seq":1}', '{"seq":2}']],
      ['closed', 'the connection to the MQTT broker closed'],
    ]);
    expect(fake.listeners.size).toBe(0);
  });

  it('reports an error once and stops listening', () => {
    const { log, events } = recorder();
    const connection = createMqttTransport(fake.bridge, 'hotline', 't').open('mqtt://h:1883', events, () => -1);
    const own = { feedId: 'hotline', connectionId: fake.started[0].connectionId };
    fake.emit({ ...own, type: 'error', reason: 'MQTT: connect ECONNREFUSED 127.0.0.1:1883' });
    fake.emit({ ...own, type: 'closed' });
    expect(log).toEqual([['error', 'MQTT: connect ECONNREFUSED 127.0.0.1:1883']]);
    // Main already ended that connection: closing it asks main for nothing.
    connection.close();
    expect(fake.stopped).toEqual([]);
  });

  it('close stops the feed in main once, and nothing is reported after it', () => {
    const { log, events } = recorder();
    const connection = createMqttTransport(fake.bridge, 'hotline', 't').open('mqtt://h:1883', events, () => -1);
    const own = { feedId: 'hotline', connectionId: fake.started[0].connectionId };
    fake.emit({ ...own, type: 'opened' });
    connection.close();
    connection.close();
    fake.emit({ ...own, type: 'messages', raws: ['x'] });
    expect(fake.stopped).toEqual(['hotline']);
    expect(log).toEqual([['opened']]);
    expect(fake.listeners.size).toBe(0);
  });

  it('gives each open its own connection id', () => {
    const transport = createMqttTransport(fake.bridge, 'hotline', 't');
    transport.open('mqtt://h:1883', recorder().events, () => -1).close();
    transport.open('mqtt://h:1883', recorder().events, () => -1);
    expect(fake.started[0].connectionId).not.toBe(fake.started[1].connectionId);
  });

  it('reports a refused start (a browser, a bad URL) as an error without the code prefix', async () => {
    const refused = fakeBridge(new Error('[unsupported] MQTT feeds need the desktop app: a browser cannot open TCP connections'));
    const { log, events } = recorder();
    createMqttTransport(refused.bridge, 'hotline', 't').open('mqtt://h:1883', events, () => -1);
    await flush();
    expect(log).toEqual([['error', 'MQTT feeds need the desktop app: a browser cannot open TCP connections']]);
    expect(refused.listeners.size).toBe(0);
  });

  it('says nothing about a refused start after it was closed', async () => {
    const refused = fakeBridge(new Error('[invalid-payload] mqtt:start-feed: invalid request'));
    const { log, events } = recorder();
    createMqttTransport(refused.bridge, 'hotline', 't').open('mqtt://h:1883', events, () => -1).close();
    await flush();
    expect(log).toEqual([]);
  });
});

describe('mqttBrokerUrl', () => {
  it('drops query and fragment, keeping credentials and port', () => {
    expect(mqttBrokerUrl('mqtts://user:pw@broker.example:8883?since=12&x=1#f')).toBe('mqtts://user:pw@broker.example:8883');
    expect(mqttBrokerUrl('mqtt://h:1883#frag')).toBe('mqtt://h:1883');
    expect(mqttBrokerUrl('tcp://h:1883')).toBe('tcp://h:1883');
  });
});
