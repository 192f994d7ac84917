/**
 * The MQTT feed manager against a real broker: Debian's mosquitto, over TCP on loopback, driven by
 * the real `mqtt` package. Checks what a fake client cannot: ordering, the persistent session that
 * keeps QoS 1 messages while we are away (across a broker restart too), and what the page gets
 * when the broker dies. The forwarded texts then go through the real ingest.
 *
 * Needs `mosquitto` (apt-get install -y mosquitto; .ci/run installs it). Without it the suite
 * fails in CI and is skipped, with a message, elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { connect, connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedBatchReceived, initialIncidentsState } from '@core/state';
import type { MqttFeedEvent, MqttFeedOptions } from '@shared/bridge';
import { createMqttFeedManager, type MqttFeedManager } from './mqtt-feeds';

const INSTALL_HINT = 'mosquitto is not installed: the MQTT broker tests need it (apt-get install -y mosquitto)';

/** mosquitto on PATH, or where Debian puts it (/usr/sbin is not on a normal user's PATH). */
function findMosquitto(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, 'mosquitto');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const MOSQUITTO = findMosquitto();
if (MOSQUITTO === null && !process.env.CI) console.warn(`[mqtt-feeds.broker.test] skipped: ${INSTALL_HINT}`);

/** A free TCP port on loopback (the OS picks it; we release it for mosquitto at once). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One mosquitto on a loopback port, with its session store in a temporary directory. */
class Broker {
  private child: ChildProcess | null = null;
  private output = '';
  readonly conf: string;

  constructor(
    readonly executable: string,
    readonly dir: string,
    readonly port: number,
  ) {
    this.conf = join(dir, 'mosquitto.conf');
    writeFileSync(
      this.conf,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        // The session store: it is what keeps our queued QoS 1 messages across a broker restart.
        'persistence true',
        `persistence_location ${dir}/`,
        'log_dest stderr',
        'log_type error',
        'log_type warning',
        // Run as root (CI), mosquitto would switch to its own user, which cannot write our temp dir.
        `user ${userInfo().username}`,
        '',
      ].join('\n'),
    );
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(this.executable, ['-c', this.conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    let exited = false;
    // If the worker dies before afterAll, do not leave the broker running: kill it by its PID.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => {
      exited = true;
      process.off('exit', killOnExit);
    });
    await waitFor(`mosquitto on port ${this.port}`, async () => {
      if (exited) throw new Error(`mosquitto exited at start:\n${this.output}`);
      return canConnect(this.port);
    });
  }

  /** Stops this broker by its PID (SIGTERM: mosquitto saves its sessions on the way out). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

interface Page {
  events: MqttFeedEvent[];
}

/** An incident feed message as a publisher would send it. */
function incident(seq: number, id = `mq-${seq}`, version = 1): string {
  return JSON.stringify({
    kind: 'incident',
    seq,
    at: '2026-11-22T09:00:00+08:00',
    id,
    version,
    category: 'E0150',
    title: `楼道堆物 ${seq}`,
    lon: 116.4,
    lat: 39.9,
  });
}

const raws = (page: Page, connectionId: string): string[] =>
  page.events.flatMap((e) => (e.connectionId === connectionId && e.type === 'messages' ? e.raws : []));

const has = (page: Page, connectionId: string, type: MqttFeedEvent['type']): boolean =>
  page.events.some((e) => e.connectionId === connectionId && e.type === type);

const suite = MOSQUITTO === null ? (process.env.CI ? describe : describe.skip) : describe;

suite('MQTT feeds against mosquitto', () => {
  if (MOSQUITTO === null) {
    // Only reached in CI (elsewhere the suite is skipped): a missing broker must not pass quietly.
    it('needs mosquitto', () => {
      throw new Error(`${INSTALL_HINT} (.ci/run installs it)`);
    });
    return;
  }

  const topic = `gridroom/test/${randomUUID()}`;
  const feedId = 'mqtt-broker-test';
  const page: Page = { events: [] };
  let dir = '';
  let broker: Broker;
  let publisher: MqttClient | null = null;
  let feeds: MqttFeedManager<Page>;
  const options = (connectionId: string): MqttFeedOptions => ({ feedId, url: broker.url, topic, connectionId });

  const publish = async (payloads: (string | Buffer)[]): Promise<void> => {
    publisher ??= await connectAsync(broker.url, { clientId: `gridroom-test-pub-${process.pid}`, reconnectPeriod: 0 });
    // QoS 1 and awaited one by one: each resolves on the broker's PUBACK, so the order is fixed.
    for (const payload of payloads) await publisher.publishAsync(topic, payload, { qos: 1 });
  };

  const dropPublisher = async (): Promise<void> => {
    const p = publisher;
    publisher = null;
    await p?.endAsync(true);
  };

  /**
   * Publishes heartbeats until one arrives: CONNACK (our `opened`) comes before the broker has
   * the subscription, so this is how a test knows the subscription is in place.
   */
  const warmUp = async (connectionId: string): Promise<number> => {
    let seq = 1_000_000;
    await waitFor('the subscription', async () => {
      await publish([JSON.stringify({ kind: 'heartbeat', seq: ++seq, at: '2026-11-22T09:00:00+08:00' })]);
      await new Promise((r) => setTimeout(r, 60));
      return raws(page, connectionId).length > 0;
    });
    return raws(page, connectionId).length;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridroom-mosquitto-'));
    broker = new Broker(MOSQUITTO, dir, await freePort());
    await broker.start();
    feeds = createMqttFeedManager<Page>({
      connect,
      send: (target, event) => target.events.push(event),
      // Fixed per run, as main derives it per installation and feed.
      clientIdFor: (id) => `gridroom-t-${process.pid}-${id}`.slice(0, 23),
    });
  });

  afterAll(async () => {
    feeds?.stopAll();
    await dropPublisher().catch(() => undefined);
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('forwards messages in order as text, bad payloads as rejectable markers; ingest counts them', async () => {
    feeds.start(page, options('c1'));
    await waitFor('opened', () => has(page, 'c1', 'opened'));
    const warm = await warmUp('c1');

    const notUtf8 = Buffer.from([0xcd, 0xf8, 0xb8, 0xf1]); // GBK "网格"
    const huge = Buffer.alloc(64 * 1024 + 1, 0x20);
    const published = [
      ...Array.from({ length: 40 }, (_, i) => incident(i + 1)),
      incident(41, 'mq-5'), // the same id and version again: a duplicate
      notUtf8,
      'not json at all',
      huge,
      incident(42),
    ];
    await publish(published);
    await waitFor('every message', () => raws(page, 'c1').length >= warm + published.length);

    const got = raws(page, 'c1').slice(warm);
    expect(got).toHaveLength(published.length);
    expect(got.slice(0, 41)).toEqual(published.slice(0, 41));
    expect(got[41]).toBe(`MQTT payload refused by Gridroom: 4 bytes that are not UTF-8 text (topic ${topic})`);
    expect(got[42]).toBe('not json at all');
    expect(got[43]).toBe(`MQTT payload refused by Gridroom: 65537 bytes, over the 65536-byte limit (topic ${topic})`);
    expect(got[44]).toBe(incident(42));
    // Batched: far fewer IPC messages than payloads.
    expect(page.events.filter((e) => e.type === 'messages').length).toBeLessThan(got.length);

    const receivedAt = '2026-11-22T09:00:05+08:00';
    const out = feedBatchReceived(initialIncidentsState(receivedAt), got.map((raw) => ({ raw, receivedAt })), () => null, feedId);
    expect(out.incidents.feeds[feedId].ingest.counts).toMatchObject({ received: 45, accepted: 41, duplicate: 1, rejected: 3 });
    expect(out.incidents.byId.size).toBe(41);
    expect(out.incidents.feeds[feedId].ingest.rejected.map((r) => r.kind)).toEqual(['not_json', 'not_json', 'not_json']);
  });

  it('after a stop, a start with the same client id gets what was published meanwhile (QoS 1 session)', async () => {
    feeds.stop(feedId);
    const before = page.events.length;
    await publish([incident(43), incident(44), incident(45)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(page.events.length).toBe(before); // stopped: nothing reported

    feeds.start(page, options('c2'));
    await waitFor('the queued messages', () => ['mq-43', 'mq-44', 'mq-45'].every((id) => raws(page, 'c2').some((r) => r.includes(`"${id}"`))));
    expect(has(page, 'c2', 'opened')).toBe(true);
    // In order, possibly after a re-delivery of something unacknowledged (duplicates are ingest's).
    const got = raws(page, 'c2').filter((r) => r.includes('"kind":"incident"'));
    expect(got.slice(-3)).toEqual([incident(43), incident(44), incident(45)]);
  });

  it('reports the broker going away, and resumes the session after the broker restarts', async () => {
    await dropPublisher();
    await broker.stop();
    await waitFor('closed or error', () => has(page, 'c2', 'closed') || has(page, 'c2', 'error'));
    const end = page.events.filter((e) => e.connectionId === 'c2' && (e.type === 'closed' || e.type === 'error'));
    expect(end).toHaveLength(1);
    expect(feeds.feedIds()).toEqual([]);

    // A start while the broker is down fails the way the connector expects: one error, no retry.
    feeds.start(page, options('c3'));
    await waitFor('the refused connect', () => has(page, 'c3', 'error'));
    expect(page.events.filter((e) => e.connectionId === 'c3').map((e) => e.type)).toEqual(['error']);

    // The broker comes back with its saved sessions; messages are published while we are away.
    await broker.start();
    await publish([incident(46), incident(47, 'mq-46', 2)]);
    feeds.start(page, options('c4'));
    await waitFor('the messages published while the broker restarted', () => raws(page, 'c4').some((r) => r.includes('"seq":47')));
    expect(has(page, 'c4', 'opened')).toBe(true);
    const got = raws(page, 'c4').filter((r) => r.includes('"kind":"incident"'));
    expect(got.slice(-2)).toEqual([incident(46), incident(47, 'mq-46', 2)]);

    // Everything the feed delivered across the four connections, through one ingest: nothing lost.
    const receivedAt = '2026-11-22T09:00:09+08:00';
    const all = ['c1', 'c2', 'c4'].flatMap((c) => raws(page, c));
    const out = feedBatchReceived(initialIncidentsState(receivedAt), all.map((raw) => ({ raw, receivedAt })), () => null, feedId);
    for (let seq = 1; seq <= 46; seq++) if (seq !== 41) expect(out.incidents.byId.has(`mq-${seq}`)).toBe(true);
    expect(out.incidents.byId.get('mq-46')?.version).toBe(2);
  });
});

