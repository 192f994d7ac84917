import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseFeedTime, readRecording, type ReadRecordingResult } from '@core/feed';
import { FEED_PATH, startFeedServer } from './feed-server';
import type { CliCommand, CliIo } from './index';

export const DEFAULT_FEED_PORT = 8765;

/** Reads and checks a recording file; throws with the reader's reason when it is refused. */
export async function loadRecording(file: string): Promise<Extract<ReadRecordingResult, { ok: true }>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot read recording ${file}${code ? ` (${code})` : ''}`);
  }
  const result = readRecording(text);
  if (!result.ok) throw new Error(`${file}: ${result.reason}`);
  return result;
}

/** Resolves on SIGINT or SIGTERM (or when `signal` aborts), then stops listening for them. */
export function untilStopped(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onInt = done('SIGINT');
    const onTerm = done('SIGTERM');
    const onAbort = done('aborted');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function number(value: string | undefined, name: string, check: (n: number) => boolean, rule: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`${name} must be ${rule}, got ${JSON.stringify(value)}`);
  return n;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * Serves a recording as a live feed until Ctrl+C: WebSocket and HTTP polling on /feed, playing the
 * entries at their recorded spacing (times --speed). See feed-server.ts for resume and heartbeats.
 */
export const feedServerCommand: CliCommand = {
  name: 'feed-server',
  summary: 'Serve a recording as a live feed (WebSocket and HTTP polling) until Ctrl+C',
  usage: `gridroom feed-server --recording FILE [--port ${DEFAULT_FEED_PORT}] [--host 127.0.0.1] [--speed 1] [--loop]`,
  async run(args, io: CliIo) {
    const { values } = parseArgs({
      args,
      options: {
        recording: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        speed: { type: 'string' },
        loop: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!values.recording) throw new Error('--recording FILE is required');
    const port = number(values.port, '--port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number 0–65535 (0: any free port)') ?? DEFAULT_FEED_PORT;
    const speed = number(values.speed, '--speed', (n) => n > 0, 'a positive number (2 plays twice as fast)') ?? 1;

    const recording = await loadRecording(values.recording);
    for (const w of recording.warnings) io.stderr(`gridroom feed-server: warning: ${values.recording}: ${w}\n`);
    const feedEntries = recording.entries.filter((e) => e.t === 'feed');
    if (feedEntries.length === 0) throw new Error(`${values.recording}: the recording holds no feed entries to serve`);

    let server;
    try {
      server = await startFeedServer({
        entries: recording.entries,
        port,
        host: values.host,
        speed,
        loop: values.loop,
        log: (line) => io.stdout(`${line}\n`),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${values.host} is in use (try --port 0 for any free port)`);
      throw err;
    }
    const span = (parseFeedTime(feedEntries[feedEntries.length - 1].receivedAt) as number) - (parseFeedTime(feedEntries[0].receivedAt) as number);
    io.stdout(
      [
        `Serving ${feedEntries.length} feed entries of ${values.recording} (${duration(span)} recorded) at ${speed}× speed${values.loop ? ', looping' : ''}`,
        `WebSocket: ${server.url}`,
        `HTTP poll: ${server.pollUrl}?since=<seq>&limit=<n>`,
        `Ctrl+C stops it.`,
        '',
      ].join('\n'),
    );
    const why = await untilStopped(io.signal);
    await server.close();
    io.stdout(`Stopped (${why}); served ${server.connections.length} WebSocket connection${server.connections.length === 1 ? '' : 's'} on ${FEED_PATH}.\n`);
    return 0;
  },
};
