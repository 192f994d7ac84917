/**
 * MQTT feeds, held by the main process: Debian's mosquitto (and many site brokers) speak MQTT over
 * TCP only, which a page cannot open (STACK.md). Main does transport only: it connects, subscribes
 * with QoS 1, and forwards each payload as text to the page that started the feed, in batches.
 * Everything else is the renderer's: validation and de-duplication (core ingest), and reconnects
 * with backoff (core/feed/connection.ts through the connector runner). So MQTT.js runs with
 * `reconnectPeriod: 0` and reports a dropped connection once, as `closed` or `error`.
 *
 * Resume is MQTT's own: a stable client id per feed and installation with `clean: false` makes the
 * broker keep the session and queue QoS 1 messages while we are away, and deliver them when the
 * same client id connects again. QoS 1 is at-least-once, so a message may come twice (e.g. one
 * delivered but not acknowledged before a drop); ingest drops such duplicates by (id, version).
 *
 * The mqtt `connect` function and the event sink are injected, so this is unit-tested with a fake
 * client and tested against a real mosquitto with the real package (mqtt-feeds.broker.test.ts).
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { IClientOptions } from 'mqtt';
import type { MqttFeedEvent, MqttFeedOptions } from '@shared/bridge';
import { MAX_MQTT_PAYLOAD_BYTES, MQTT_BATCH_MAX_MESSAGES, MQTT_BATCH_MS } from '@shared/ipc';
import { IpcHandlerError, type HandleFn, type IpcLogger } from './ipc-handle';
import { startMqttFeedRequest, stopMqttFeedRequest } from './ipc-schemas';

/** The surface of an MQTT.js client used here; `MqttClient` satisfies it. */
export interface MqttClientLike {
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'message', listener: (topic: string, payload: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  subscribe(
    topic: string,
    options: { qos: 1 },
    callback: (error: Error | null, granted?: readonly { topic: string; qos: number }[]) => void,
  ): unknown;
  end(force: boolean): unknown;
}

/** MQTT.js's `connect` (a fake in unit tests). */
export type MqttConnect = (url: string, options: IClientOptions) => MqttClientLike;

/** Most MQTT feeds open at once; a page asking for more is refused (each is a TCP connection). */
export const MAX_MQTT_FEEDS = 32;

/** A batch is also forwarded once its texts reach this many characters, to bound one IPC message. */
export const MQTT_BATCH_MAX_CHARS = 4 * 1024 * 1024;

/** MQTT keepalive (s): a dead TCP connection is noticed within about 1.5× this. */
export const MQTT_KEEPALIVE_S = 30;

/** How long a connect may take before MQTT.js gives up with an error (ms). */
export const MQTT_CONNECT_TIMEOUT_MS = 15_000;

export interface MqttFeedManagerDeps<T> {
  connect: MqttConnect;
  /** Delivers an event to the page that started the feed (main: `webContents.send` on 'mqtt:feed-event'). */
  send(target: T, event: MqttFeedEvent): void;
  /** The client id of a feed: the same for the same feed on this installation, every time. */
  clientIdFor(feedId: string): string;
  log?: IpcLogger;
  /** Defaults: MQTT_BATCH_MS, MQTT_BATCH_MAX_MESSAGES, MAX_MQTT_PAYLOAD_BYTES, MAX_MQTT_FEEDS. */
  batchMs?: number;
  batchMaxMessages?: number;
  maxPayloadBytes?: number;
  maxFeeds?: number;
}

export interface MqttFeedManager<T> {
  /**
   * Connects a feed for `target`, first dropping a connection the same feed id holds (silently:
   * its caller has moved on to this one). Events follow through `send`.
   *
   * @throws IpcHandlerError 'invalid-payload' when MAX_MQTT_FEEDS other feeds are open.
   */
  start(target: T, options: MqttFeedOptions): void;
  /** Disconnects a feed; nothing more is sent for it, and what waits to be forwarded is dropped. */
  stop(feedId: string): void;
  /** Stops the feeds `target` started (its page reloaded or its renderer died). */
  stopFor(target: T): void;
  /** Stops every feed (on quit, and when the window closes). */
  stopAll(): void;
  /** Ids of the open feeds, for tests and logs. */
  feedIds(): string[];
}

interface Feed<T> {
  readonly options: MqttFeedOptions;
  readonly target: T;
  readonly client: MqttClientLike;
  pending: string[];
  pendingChars: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Ended (by us or by the connection): nothing more is sent. */
  done: boolean;
}

// fatal: bytes that are not UTF-8 are reported, never turned silently into U+FFFD text.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text forwarded for one payload. A payload that cannot be text (not UTF-8, too large) becomes
 * a marker starting with "MQTT payload", which is not JSON, so ingest rejects it ('not_json') and
 * the rejected list shows this sentence: the operator learns that something was refused, and why.
 */
export function payloadText(payload: Uint8Array, topic: string, maxBytes: number = MAX_MQTT_PAYLOAD_BYTES): string {
  // Reason first: the rejected list keeps only the first 200 characters of a message.
  if (payload.byteLength > maxBytes) {
    return `MQTT payload refused by Gridroom: ${payload.byteLength} bytes, over the ${maxBytes}-byte limit (topic ${topic})`;
  }
  try {
    return utf8.decode(payload);
  } catch {
    return `MQTT payload refused by Gridroom: ${payload.byteLength} bytes that are not UTF-8 text (topic ${topic})`;
  }
}

/**
 * A client id that is stable per installation and feed, and at most 23 characters: the longest
 * every MQTT 3.1.1 broker must accept. Hashed, so neither the installation id nor the feed id is
 * shown to the broker.
 *
 * @example mqttClientId('0b6f…', 'district-12345') // 'gridroom-' + 14 hex digits
 */
export function mqttClientId(installationId: string, feedId: string): string {
  const digest = createHash('sha256').update(`${installationId}\0${feedId}`).digest('hex');
  return `gridroom-${digest.slice(0, 14)}`;
}

/** The file calls `loadInstallationId` needs (`node:fs/promises` satisfies it). */
export interface InstallationIdFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

const INSTALLATION_ID = /^[A-Za-z0-9-]{16,64}$/;

/**
 * This installation's random id, read from `path` or created there on first use. It keys the MQTT
 * client ids, so a broker keeps one session per feed per installation across restarts. If the file
 * cannot be written the id still holds for this run (logged: sessions then resume only until quit).
 */
export async function loadInstallationId(
  fs: InstallationIdFs,
  path: string,
  newId: () => string,
  log: IpcLogger = console.warn,
): Promise<string> {
  try {
    const stored = (await fs.readFile(path, 'utf8')).trim();
    if (INSTALLATION_ID.test(stored)) return stored;
    log(`[mqtt] ${path} holds no valid installation id; writing a new one`);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') log(`[mqtt] cannot read ${path}; writing a new installation id`, error);
  }
  const id = newId();
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, `${id}\n`, 'utf8');
  } catch (error) {
    log(`[mqtt] cannot write ${path}: MQTT sessions will not resume after a restart`, error);
  }
  return id;
}

/**
 * Creates the manager.
 *
 * @example
 *   const feeds = createMqttFeedManager({ connect, send, clientIdFor: (id) => mqttClientId(installationId, id) });
 *   feeds.start(webContents, { feedId: 'mqtt-1', url: 'mqtt://10.0.0.5:1883', topic: 'gridroom/incidents', connectionId: 'c1' });
 */
export function createMqttFeedManager<T>(deps: MqttFeedManagerDeps<T>): MqttFeedManager<T> {
  const batchMs = deps.batchMs ?? MQTT_BATCH_MS;
  const batchMax = deps.batchMaxMessages ?? MQTT_BATCH_MAX_MESSAGES;
  const maxBytes = deps.maxPayloadBytes ?? MAX_MQTT_PAYLOAD_BYTES;
  const maxFeeds = deps.maxFeeds ?? MAX_MQTT_FEEDS;
  const log = deps.log ?? ((message: string, error?: unknown) => console.warn(message, error ?? ''));
  const feeds = new Map<string, Feed<T>>();

  const emit = (feed: Feed<T>, event: MqttFeedEvent): void => {
    try {
      deps.send(feed.target, event);
    } catch (error) {
      // A send to a page being torn down may throw; the feed is useless without its page.
      log(`[mqtt] ${feed.options.feedId}: cannot deliver '${event.type}' to its page; stopping the feed`, error);
      end(feed);
    }
  };

  const ids = (feed: Feed<T>) => ({ feedId: feed.options.feedId, connectionId: feed.options.connectionId });

  const flush = (feed: Feed<T>): void => {
    if (feed.timer !== null) {
      clearTimeout(feed.timer);
      feed.timer = null;
    }
    if (feed.pending.length === 0) return;
    const raws = feed.pending;
    feed.pending = [];
    feed.pendingChars = 0;
    emit(feed, { ...ids(feed), type: 'messages', raws });
  };

  /** Ends the connection and forgets the feed; sends nothing. */
  const end = (feed: Feed<T>): void => {
    if (feed.timer !== null) clearTimeout(feed.timer);
    feed.timer = null;
    feed.pending = [];
    feed.done = true;
    if (feeds.get(feed.options.feedId) === feed) feeds.delete(feed.options.feedId);
    try {
      // force: do not wait for a broker that may be gone; the session survives on the broker anyway.
      feed.client.end(true);
    } catch (error) {
      log(`[mqtt] ${feed.options.feedId}: error while closing`, error);
    }
  };

  /** The connection is over: forward what arrived, report why once, and forget the feed. */
  const finish = (feed: Feed<T>, event: MqttFeedEvent): void => {
    if (feed.done) return;
    flush(feed);
    if (feed.done) return; // the flush could not be delivered: the feed was stopped
    end(feed);
    emit(feed, event);
  };

  const stop = (feedId: string): void => {
    const feed = feeds.get(feedId);
    if (feed) end(feed);
  };

  return {
    start(target, options) {
      stop(options.feedId);
      if (feeds.size >= maxFeeds) {
        throw new IpcHandlerError('invalid-payload', `Too many MQTT feeds: at most ${maxFeeds} may be open at once`);
      }
      let client: MqttClientLike;
      try {
        client = deps.connect(options.url, {
          clientId: deps.clientIdFor(options.feedId),
          // Keep the session (and its queued QoS 1 messages) on the broker while we are away.
          clean: false,
          // MQTT 3.1.1: with 5, clean: false alone would let the session end with the connection.
          protocolVersion: 4,
          // The renderer's connector reconnects, with backoff and status; MQTT.js must not as well.
          reconnectPeriod: 0,
          // The broker keeps the subscription in the session; we subscribe on every connect anyway.
          resubscribe: false,
          keepalive: MQTT_KEEPALIVE_S,
          connectTimeout: MQTT_CONNECT_TIMEOUT_MS,
        });
      } catch (error) {
        // A URL MQTT.js cannot use despite the schema: report it like a failed connect.
        const reason = `MQTT: cannot connect: ${error instanceof Error ? error.message : String(error)}`;
        try {
          deps.send(target, { feedId: options.feedId, connectionId: options.connectionId, type: 'error', reason });
        } catch (sendError) {
          log(`[mqtt] ${options.feedId}: cannot deliver 'error' to its page`, sendError);
        }
        return;
      }
      const feed: Feed<T> = { options, target, client, pending: [], pendingChars: 0, timer: null, done: false };
      feeds.set(options.feedId, feed);

      client.on('connect', () => {
        if (feed.done) return;
        // Opened on CONNACK, not SUBACK: a resumed session's queued messages follow CONNACK at once.
        emit(feed, { ...ids(feed), type: 'opened' });
        if (feed.done) return;
        client.subscribe(options.topic, { qos: 1 }, (error, granted) => {
          if (feed.done) return;
          if (error) {
            finish(feed, { ...ids(feed), type: 'error', reason: `MQTT: cannot subscribe to ${options.topic}: ${error.message}` });
          } else if (granted?.some((g) => g.qos === 0x80)) {
            finish(feed, { ...ids(feed), type: 'error', reason: `MQTT: the broker refused the subscription to ${options.topic}` });
          }
        });
      });

      client.on('message', (topic, payload) => {
        if (feed.done) return;
        const text = payloadText(payload, topic, maxBytes);
        feed.pending.push(text);
        feed.pendingChars += text.length;
        if (feed.pending.length >= batchMax || feed.pendingChars >= MQTT_BATCH_MAX_CHARS) flush(feed);
        else feed.timer ??= setTimeout(() => flush(feed), batchMs);
      });

      client.on('error', (error) => {
        finish(feed, { ...ids(feed), type: 'error', reason: `MQTT: ${error.message}` });
      });

      client.on('close', () => {
        finish(feed, { ...ids(feed), type: 'closed', reason: 'the connection to the MQTT broker closed' });
      });
    },

    stop,

    stopFor(target) {
      for (const feed of [...feeds.values()]) if (feed.target === target) end(feed);
    },

    stopAll() {
      for (const feed of [...feeds.values()]) end(feed);
    },

    feedIds: () => [...feeds.keys()],
  };
}

/**
 * Registers 'mqtt:start-feed' and 'mqtt:stop-feed' through the typed `handle()`.
 *
 * @param targetFor the page to send a feed's events to: the sender (`event.sender` in Electron).
 */
export function registerMqttFeedHandlers<E, T>(handle: HandleFn<E>, feeds: MqttFeedManager<T>, targetFor: (event: E) => T): void {
  handle('mqtt:start-feed', startMqttFeedRequest, (request, event) => {
    feeds.start(targetFor(event), request);
    return null;
  });
  handle('mqtt:stop-feed', stopMqttFeedRequest, (feedId) => {
    feeds.stop(feedId);
    return null;
  });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
