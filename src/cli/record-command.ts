import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { RecordingWriter, formatFeedTime, type FeedCounts } from '@core/feed';
import { FeedClient } from './feed-client';
import { untilStopped } from './feed-server-command';
import type { CliCommand, CliIo } from './index';

/** Without a connection for this long, `record` gives up (seconds). */
export const DEFAULT_CONNECT_TIMEOUT_S = 10;

function positive(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${name} must be a positive ${integer ? 'whole number' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Records a live feed into a recording file (format v1, docs/feed-protocol.md): every frame as
 * received, whatever ingest makes of it (a refused frame is kept as its text so that a replay
 * refuses it again). Entries stream to `FILE.part` as they come; at the end the header (which holds
 * the counts) is written to FILE followed by them. Reconnects with backoff and resumes with
 * `since=<lastSeq>` like the app does. Exit code 1 only when no connection ever opened (or an
 * option or the output file is wrong).
 */
export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'Record a live WebSocket feed into a recording file (stops after --seconds or on Ctrl+C)',
  usage:
    'gridroom record --feed ws://HOST:PORT/PATH --out FILE [--seconds N] [--max-messages N] [--connect-timeout S]\n' +
    '                [--district CODE] [--district-name NAME] [--boundary-version V]',
  async run(args, io: CliIo) {
    const { values } = parseArgs({
      args,
      options: {
        feed: { type: 'string' },
        out: { type: 'string' },
        seconds: { type: 'string' },
        'max-messages': { type: 'string' },
        'connect-timeout': { type: 'string' },
        district: { type: 'string', default: 'unknown' },
        'district-name': { type: 'string', default: '' },
        'boundary-version': { type: 'string' },
      },
      strict: true,
    });
    if (!values.feed) throw new Error('--feed ws://… is required');
    if (!values.out) throw new Error('--out FILE is required');
    if (!/^wss?:\/\//i.test(values.feed)) throw new Error(`--feed must be a ws:// or wss:// URL, got ${JSON.stringify(values.feed)}`);
    if (values.district.trim() === '') throw new Error('--district must not be empty');
    const seconds = positive(values.seconds, '--seconds', false);
    const maxMessages = positive(values['max-messages'], '--max-messages', true);
    const connectTimeoutS = positive(values['connect-timeout'], '--connect-timeout', false) ?? DEFAULT_CONNECT_TIMEOUT_S;
    const out = values.out;
    const part = `${out}.part`;

    const offset = -new Date().getTimezoneOffset();
    const startedMs = Date.now();
    const writer = new RecordingWriter(
      {
        district: { code: values.district, name: values['district-name'] },
        startedAt: formatFeedTime(startedMs, offset),
        boundaryVersion: values['boundary-version'] ?? null,
      },
      { keepLines: false },
    );
    const body = createWriteStream(part);
    try {
      await once(body, 'open');
    } catch (err) {
      throw new Error(`cannot write ${part}: ${(err as Error).message}`);
    }

    const counts: Omit<FeedCounts, 'received'> = { accepted: 0, duplicate: 0, stale: 0, rejected: 0 };
    let frames = 0;
    let finishing = false;
    let finish!: (why: string) => void;
    const finished = new Promise<string>((resolve) => (finish = resolve));
    const stop = (why: string): void => {
      if (finishing) return;
      finishing = true;
      finish(why);
    };

    const client = new FeedClient({
      url: values.feed,
      utcOffsetMinutes: offset,
      onFrame: (frame) => {
        if (finishing) return;
        body.write(writer.feed(frame.raw, frame.receivedAt));
        frames++;
        counts[frame.outcome.kind]++;
        if (maxMessages !== undefined && frames >= maxMessages) stop('max-messages');
      },
      onStatus: (s) => {
        if (finishing) return;
        if (s.state === 'connected') io.stderr(`gridroom record: connected to ${values.feed}${s.lastSeq >= 0 ? ` (resuming after seq ${s.lastSeq})` : ''}\n`);
        else if (s.state === 'reconnecting') io.stderr(`gridroom record: ${s.lastError ?? 'disconnected'}; reconnecting (attempt ${s.attempt})\n`);
      },
    });

    const timers: NodeJS.Timeout[] = [];
    if (seconds !== undefined) timers.push(setTimeout(() => stop('time'), seconds * 1000));
    timers.push(
      setTimeout(() => {
        if (!client.everConnected) stop('no connection');
      }, connectTimeoutS * 1000),
    );
    const interrupt = new AbortController();
    void untilStopped(interrupt.signal).then((why) => stop(why));
    io.signal?.addEventListener('abort', () => stop('aborted'), { once: true });

    io.stderr(`gridroom record: recording ${values.feed} to ${out}${seconds !== undefined ? ` for ${seconds} s` : ' until Ctrl+C'}\n`);
    client.start();
    await finished;
    for (const t of timers) clearTimeout(t);
    interrupt.abort(); // stops listening for signals
    const lastError = client.status().lastError;
    const reconnects = client.status().reconnects;
    await client.stop();
    body.end();
    await once(body, 'finish');

    if (!client.everConnected) {
      await unlink(part).catch(() => {});
      io.stderr(`gridroom record: could not connect to ${values.feed}${lastError ? `: ${lastError}` : ''}\n`);
      return 1;
    }
    const endedMs = Date.now();
    await writeFile(out, writer.headerLine(formatFeedTime(endedMs, offset)));
    await pipeline(createReadStream(part), createWriteStream(out, { flags: 'a' }));
    await unlink(part);
    io.stdout(
      `recorded ${frames} frame${frames === 1 ? '' : 's'} in ${((endedMs - startedMs) / 1000).toFixed(1)} s to ${out}: ` +
        `${counts.accepted} accepted, ${counts.duplicate} duplicate, ${counts.stale} stale, ${counts.rejected} rejected; ` +
        `${reconnects} reconnect${reconnects === 1 ? '' : 's'}\n`,
    );
    return 0;
  },
};
