/**
 * Recording file format v1 (docs/feed-protocol.md "Recordings"): JSON lines. Line 1 is a header,
 * then one entry per line in the order things happened:
 *
 *   {"format":"gridroom-recording","version":1,"district":{"code":"ZY","name":"建设路街道"},
 *    "startedAt":"…","endedAt":"…","counts":{"feed":3,"incidents":1,"positions":1,"heartbeats":1,"actions":1},
 *    "boundaryVersion":"…"|null}
 *   {"t":"feed","receivedAt":"…","message":{…the feed message object as received…}}
 *   {"t":"feed","receivedAt":"…","text":"…a frame that was not a JSON object, as received…"}
 *   {"t":"action","at":"…","by":"operator-1","action":{…}}
 *
 * Replay feeds the same raw messages to the same updaters as live, so it must be exact: a file
 * with a line that is not JSON, or that was cut off, is refused whole rather than replayed with a
 * hole in it. Only the header's counts not matching the entries is a warning (the entries are
 * the truth; the counts are a summary for file pickers).
 */
import { z } from 'zod';
import { MAX_MESSAGE_BYTES, parseFeedTime } from './protocol';

export const RECORDING_FORMAT = 'gridroom-recording';
/** The newest recording format this build writes and reads. Add a fixture under test/fixtures/recordings for each. */
export const RECORDING_FORMAT_VERSION = 1;

export interface RecordingCounts {
  /** Feed entries, whatever they held. */
  feed: number;
  /** Feed entries whose message has kind incident / position / heartbeat (valid or not). */
  incidents: number;
  positions: number;
  heartbeats: number;
  /** Operator action entries. */
  actions: number;
}

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  district: { code: string; name: string };
  /** ISO 8601 with offset. */
  startedAt: string;
  endedAt: string;
  counts: RecordingCounts;
  /** Version of the grid boundaries in force while recording; null when unknown. */
  boundaryVersion: string | null;
}

/** What a writer needs to know; format, version and counts it works out itself. */
export interface RecordingInfo {
  district: { code: string; name: string };
  startedAt: string;
  boundaryVersion: string | null;
}

/** A feed message that arrived as (or parsed to) a JSON object: kept as that object. */
export interface FeedObjectEntry {
  t: 'feed';
  receivedAt: string;
  message: unknown;
}

/** A frame that was not a JSON object, or was too large: kept as its text, to be refused again on replay. */
export interface FeedTextEntry {
  t: 'feed';
  receivedAt: string;
  text: string;
}

export type FeedEntry = FeedObjectEntry | FeedTextEntry;

/** An operator action (the training mode replays and scores them). */
export interface ActionEntry {
  t: 'action';
  at: string;
  /** Operator id. */
  by: string;
  action: Record<string, unknown>;
}

export type RecordingEntry = FeedEntry | ActionEntry;

/**
 * The entry for a raw feed message received at `receivedAt`, chosen so that replaying it through
 * ingestMessage gives the same outcome as live: text that parses to a JSON object no larger than
 * MAX_MESSAGE_BYTES is kept as the object (readable, searchable); other text is kept as text; a
 * value the connector had already parsed is kept as that value.
 */
export function feedEntry(raw: unknown, receivedAt: string): FeedEntry {
  if (typeof raw !== 'string') return { t: 'feed', receivedAt, message: raw };
  if (raw.length <= MAX_MESSAGE_BYTES) {
    try {
      const value: unknown = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { t: 'feed', receivedAt, message: value };
    } catch {
      // not JSON: kept as text below
    }
  }
  return { t: 'feed', receivedAt, text: raw };
}

/** What to hand ingestMessage when replaying a feed entry. */
export function feedEntryRaw(entry: FeedEntry): unknown {
  return 'text' in entry ? entry.text : entry.message;
}

function emptyCounts(): RecordingCounts {
  return { feed: 0, incidents: 0, positions: 0, heartbeats: 0, actions: 0 };
}

function countEntry(counts: RecordingCounts, entry: RecordingEntry): void {
  if (entry.t === 'action') {
    counts.actions++;
    return;
  }
  counts.feed++;
  if (!('message' in entry)) return;
  const m = entry.message;
  const kind = typeof m === 'object' && m !== null ? (m as { kind?: unknown }).kind : undefined;
  if (kind === 'incident') counts.incidents++;
  else if (kind === 'position') counts.positions++;
  else if (kind === 'heartbeat') counts.heartbeats++;
}

// ---------------------------------------------------------------------------------------------
// Schemas of the header and the entries (what a reader accepts; the writer checks the same).

const time = z
  .string({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a string') })
  .refine((s) => parseFeedTime(s) !== null, { message: 'is not an ISO 8601 time with an offset' });
const count = z.number().int().min(0);

const headerSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_FORMAT_VERSION),
  district: z.object({ code: z.string().regex(/\S/, 'is empty'), name: z.string() }),
  startedAt: time,
  endedAt: time,
  counts: z.object({ feed: count, incidents: count, positions: count, heartbeats: count, actions: count }),
  boundaryVersion: z.string().nullable(),
});

const feedSchema = z.object({ t: z.literal('feed'), receivedAt: time, text: z.string().optional() });
const actionSchema = z.object({
  t: z.literal('action'),
  at: time,
  by: z.string().regex(/\S/, 'is empty'),
  action: z.record(z.string(), z.unknown()),
});

/** A parsed line as an entry (only its known fields), or what is wrong with it. */
function toEntry(value: unknown): { ok: true; entry: RecordingEntry } | { ok: false; problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'not a JSON object' };
  const t = (value as { t?: unknown }).t;
  if (t === 'feed') {
    const hasMessage = 'message' in value;
    if (hasMessage === 'text' in value) return { ok: false, problem: 'a feed entry holds exactly one of message and text' };
    const r = feedSchema.safeParse(value);
    if (!r.success) return { ok: false, problem: describeIssues(r.error) };
    const entry: FeedEntry = hasMessage
      ? { t: 'feed', receivedAt: r.data.receivedAt, message: (value as { message: unknown }).message }
      : { t: 'feed', receivedAt: r.data.receivedAt, text: r.data.text as string };
    return { ok: true, entry };
  }
  if (t === 'action') {
    const r = actionSchema.safeParse(value);
    if (!r.success) return { ok: false, problem: describeIssues(r.error) };
    return { ok: true, entry: { t: 'action', at: r.data.at, by: r.data.by, action: r.data.action } };
  }
  return { ok: false, problem: t === undefined ? 't is missing' : `t ${JSON.stringify(t)} is not "feed" or "action"` };
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  const where = first.path.map(String).join('.');
  return where === '' ? first.message : `${where}: ${first.message}`;
}

function entryTime(entry: RecordingEntry): string {
  return entry.t === 'action' ? entry.at : entry.receivedAt;
}

// ---------------------------------------------------------------------------------------------
// Writing.

export interface RecordingWriterOptions {
  /**
   * Keep the entry lines for finish() (default true). False for long recordings streamed to disk:
   * write each line append() returns to a body file, and at the end write finish()'s header line
   * followed by that body (the header, which holds the counts, comes first).
   */
  keepLines?: boolean;
}

/** Lines are gathered into chunks of about this many characters, so a long recording is not millions of strings. */
const CHUNK_CHARS = 1 << 20;

/**
 * Builds a recording as it happens (`gridroom record`, the app's record button): append entries,
 * then finish with the end time.
 */
export class RecordingWriter {
  readonly #info: RecordingInfo;
  readonly #keep: boolean;
  readonly #counts = emptyCounts();
  readonly #chunks: string[] = [];
  #pending = '';
  #finished = false;

  constructor(info: RecordingInfo, options: RecordingWriterOptions = {}) {
    if (parseFeedTime(info.startedAt) === null) throw new RangeError(`startedAt ${JSON.stringify(info.startedAt)} is not an ISO 8601 time with an offset`);
    this.#info = { district: { ...info.district }, startedAt: info.startedAt, boundaryVersion: info.boundaryVersion };
    this.#keep = options.keepLines ?? true;
  }

  /** Records a raw feed message (text or parsed value) and returns its line (with its newline). */
  feed(raw: unknown, receivedAt: string): string {
    return this.append(feedEntry(raw, receivedAt));
  }

  /** Records an operator action and returns its line. */
  action(at: string, by: string, action: Record<string, unknown>): string {
    return this.append({ t: 'action', at, by, action });
  }

  /** Records an entry and returns its line. Throws on an entry a reader would refuse. */
  append(entry: RecordingEntry): string {
    if (this.#finished) throw new Error('the recording is finished');
    const line = `${JSON.stringify(entry)}\n`;
    const check = toEntry(JSON.parse(line));
    if (!check.ok) throw new TypeError(`not a recording entry: ${check.problem}`);
    countEntry(this.#counts, entry);
    if (this.#keep) {
      this.#pending += line;
      if (this.#pending.length >= CHUNK_CHARS) {
        this.#chunks.push(this.#pending);
        this.#pending = '';
      }
    }
    return line;
  }

  get counts(): RecordingCounts {
    return { ...this.#counts };
  }

  /** The header line (with its newline) for the entries so far. */
  headerLine(endedAt: string): string {
    if (parseFeedTime(endedAt) === null) throw new RangeError(`endedAt ${JSON.stringify(endedAt)} is not an ISO 8601 time with an offset`);
    const header: RecordingHeader = {
      format: RECORDING_FORMAT,
      version: RECORDING_FORMAT_VERSION,
      district: this.#info.district,
      startedAt: this.#info.startedAt,
      endedAt,
      counts: this.counts,
      boundaryVersion: this.#info.boundaryVersion,
    };
    return `${JSON.stringify(header)}\n`;
  }

  /** Ends the recording: the header line, then the kept entry lines, as chunks to write in order. */
  finish(endedAt: string): string[] {
    const header = this.headerLine(endedAt);
    this.#finished = true;
    const chunks = [header, ...this.#chunks];
    if (this.#pending !== '') chunks.push(this.#pending);
    return chunks;
  }

  /** finish() as one string. */
  finishText(endedAt: string): string {
    return this.finish(endedAt).join('');
  }
}

/** A whole recording as text. Counts are worked out from the entries. */
export function writeRecording(info: RecordingInfo & { endedAt: string }, entries: Iterable<RecordingEntry>): string {
  const writer = new RecordingWriter(info);
  for (const entry of entries) writer.append(entry);
  return writer.finishText(info.endedAt);
}

// ---------------------------------------------------------------------------------------------
// Reading.

export type RecordingRefusal = 'not_recording' | 'newer_version' | 'bad_header' | 'corrupt_line' | 'truncated';

export type ReadRecordingResult =
  | { ok: true; header: RecordingHeader; entries: RecordingEntry[]; warnings: string[] }
  | { ok: false; code: RecordingRefusal; reason: string };

const refuse = (code: RecordingRefusal, reason: string): ReadRecordingResult => ({ ok: false, code, reason });

/** Warnings of one kind beyond this many are summed up in one line. */
const MAX_WARNINGS_EACH = 5;

/**
 * Reads a recording. Refuses a file that is not a recording (its first line is not the header),
 * one from a newer Gridroom, one with a line that is not JSON or not an entry (naming the line),
 * and one cut off in its last line. Warns about header counts that do not match the entries,
 * entries that go back in time, blank lines and a missing final newline.
 */
export function readRecording(text: string): ReadRecordingResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endsWithNewline = body.endsWith('\n');
  const lines = body.split('\n');
  if (endsWithNewline) lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  if (lines.length === 0 || (lines.length === 1 && lines[0].trim() === '')) return refuse('not_recording', 'not a Gridroom recording: the file is empty');

  // Line 1: the header.
  let first: unknown;
  try {
    first = JSON.parse(lines[0]);
  } catch {
    if (lines.length === 1 && !endsWithNewline && lines[0].startsWith(`{"format":"${RECORDING_FORMAT}"`)) {
      return refuse('truncated', 'the recording is truncated in its header (line 1)');
    }
    return refuse('not_recording', 'not a Gridroom recording: its first line is not a recording header');
  }
  if (typeof first !== 'object' || first === null || (first as { format?: unknown }).format !== RECORDING_FORMAT) {
    return refuse('not_recording', 'not a Gridroom recording: its first line is not a recording header');
  }
  const version = (first as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse('bad_header', `the recording header has no valid format version (got ${JSON.stringify(version) ?? 'nothing'})`);
  }
  if (version > RECORDING_FORMAT_VERSION) {
    return refuse(
      'newer_version',
      `this recording was made by a newer Gridroom (format ${version}); this one reads up to ${RECORDING_FORMAT_VERSION}`,
    );
  }
  const header = headerSchema.safeParse(first);
  if (!header.success) return refuse('bad_header', `the recording header is invalid: ${describeIssues(header.error)}`);

  // The entries.
  const entries: RecordingEntry[] = [];
  const warnings: string[] = [];
  const blank: number[] = [];
  const backwards: number[] = [];
  let lastTime = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (line.trim() === '') {
      blank.push(lineNo);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (i === lines.length - 1 && !endsWithNewline) return refuse('truncated', `the recording is truncated after line ${lineNo - 1}`);
      const detail = e instanceof Error ? e.message : String(e);
      return refuse('corrupt_line', `line ${lineNo} of the recording is not JSON (${detail}); a replay must be exact, so the file is not read`);
    }
    const entry = toEntry(value);
    if (!entry.ok) return refuse('corrupt_line', `line ${lineNo} of the recording is not a recording entry: ${entry.problem}`);
    const e = entry.entry;
    const t = parseFeedTime(entryTime(e)) as number;
    if (t < lastTime) backwards.push(lineNo);
    else lastTime = t;
    entries.push(e);
  }

  const h = header.data as RecordingHeader;
  const counted = emptyCounts();
  for (const e of entries) countEntry(counted, e);
  for (const key of Object.keys(counted) as (keyof RecordingCounts)[]) {
    if (counted[key] !== h.counts[key]) {
      warnings.push(`the header counts ${h.counts[key]} ${key} but the file holds ${counted[key]}`);
    }
  }
  if ((parseFeedTime(h.endedAt) as number) < (parseFeedTime(h.startedAt) as number)) {
    warnings.push(`the recording ends (${h.endedAt}) before it starts (${h.startedAt})`);
  }
  const listed = (nums: number[]): string =>
    nums.slice(0, MAX_WARNINGS_EACH).join(', ') + (nums.length > MAX_WARNINGS_EACH ? ` and ${nums.length - MAX_WARNINGS_EACH} more` : '');
  if (backwards.length > 0) warnings.push(`entries go back in time at line${backwards.length > 1 ? 's' : ''} ${listed(backwards)}; replay keeps file order`);
  if (blank.length > 0) warnings.push(`blank line${blank.length > 1 ? 's' : ''} ${listed(blank)} skipped`);
  if (!endsWithNewline) warnings.push('the file does not end with a newline (its last entry is complete)');

  return { ok: true, header: h, entries, warnings };
}
