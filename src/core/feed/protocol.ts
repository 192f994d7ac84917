/**
 * Feed protocol v1 (docs/feed-protocol.md): JSON messages, one per WebSocket text frame or per
 * line, each `{"kind": "incident" | "position" | "heartbeat", "seq": <int, increasing per feed>,
 * "at": <ISO 8601 with offset>, ...}`. This module validates a raw message at the boundary and
 * says exactly why a bad one is refused; ./ingest.ts decides what an accepted one does.
 *
 * The fields are described once, in FEED_FIELDS: the zod schemas are built from that table, and
 * a test compares it with docs/feed-protocol.schema.json, so the parser, the JSON Schema and the
 * documentation cannot drift apart silently.
 *
 * Forward compatibility: fields this version does not know are accepted and dropped (a newer
 * server may add fields), and an optional field sent as `null` counts as absent. A new `kind` or
 * a new value of an enumerated field is refused (it would change meaning, so it needs a protocol
 * version).
 */
import { z } from 'zod';
import { CRS_LIST, type Crs } from '../crs';

/**
 * Version 2 adds the `visit` and `report` kinds (issue 5: explicit door-to-door visits and the
 * daily 零上报 report); every v1 message means the same in v2. A v1 client lists v2's new kinds as
 * refused (`unknown_kind`), as the rule for new kinds says.
 */
export const FEED_PROTOCOL_VERSION = 2;

export interface FeedMessageBase {
  seq: number;
  /** ISO 8601 with an offset, as sent. */
  at: string;
}

export interface IncidentMessage extends FeedMessageBase {
  kind: 'incident';
  id: string;
  version: number;
  /** A category code of the classification (core/incidents/classes.ts). */
  category: string;
  title: string;
  lon: number;
  lat: number;
  /** Coordinate system of lon/lat; default wgs84. */
  crs?: Crs;
  source?: 'patrol' | 'resident' | 'hotline_12345' | 'sensor' | 'department';
  priority?: 1 | 2 | 3;
  description?: string;
  /** A status the sending system already gave it (e.g. closed upstream). */
  status?: 'collected' | 'registered' | 'dispatched' | 'handling' | 'handled' | 'closed' | 'evaluated' | 'rejected';
}

export interface PositionMessage extends FeedMessageBase {
  kind: 'position';
  worker_id: string;
  lon: number;
  lat: number;
  crs?: Crs;
  accuracy_m?: number;
  /** m/s */
  speed?: number;
  /** Degrees clockwise from north, 0–360. */
  heading?: number;
}

export interface HeartbeatMessage extends FeedMessageBase {
  kind: 'heartbeat';
}

/**
 * Since v2: a grid worker says they visited a building (入户走访), e.g. from the field app's
 * "visited" button. `at` is when the visit began. Counts as a visit whatever the track shows.
 */
export interface VisitMessage extends FeedMessageBase {
  kind: 'visit';
  worker_id: string;
  building_id: string;
  /** How long the visit lasted (s), when the sender knows. */
  duration_s?: number;
  note?: string;
}

/** What a daily report says. */
export type ReportResult = 'nothing_to_report' | 'matters_reported';
export const REPORT_RESULTS = ['nothing_to_report', 'matters_reported'] as const satisfies readonly ReportResult[];

/**
 * Since v2: a grid's daily report (零上报: every grid reports every day, even "nothing to
 * report"). It covers the China day (+08:00) holding `at`. Several reports of one grid and day:
 * the latest by `at` stands.
 */
export interface ReportMessage extends FeedMessageBase {
  kind: 'report';
  /** The grid reporting (a level-3 grid code; a micro-grid or dedicated grid may report too). */
  grid_code: string;
  /** Staff id of who sent it. */
  by: string;
  result: ReportResult;
  note?: string;
}

export type FeedMessage = IncidentMessage | PositionMessage | HeartbeatMessage | VisitMessage | ReportMessage;
export type FeedMessageKind = FeedMessage['kind'];
export const FEED_MESSAGE_KINDS: readonly FeedMessageKind[] = ['incident', 'position', 'heartbeat', 'visit', 'report'];

/** Why a message was refused. */
export type RejectKind =
  | 'not_json' // the text is not JSON
  | 'not_object' // JSON, but not an object
  | 'unknown_kind' // kind missing or not one of FEED_MESSAGE_KINDS
  | 'malformed' // a field missing or of the wrong type
  | 'out_of_range' // a number outside its range (lon/lat, seq < 0, priority, heading…)
  | 'bad_time' // `at` not ISO 8601 with an offset
  | 'unknown_category' // incident category not in the classification
  | 'too_large'; // over MAX_MESSAGE_BYTES

export const REJECT_KINDS: readonly RejectKind[] = [
  'not_json',
  'not_object',
  'unknown_kind',
  'malformed',
  'out_of_range',
  'bad_time',
  'unknown_category',
  'too_large',
];

export interface Rejection {
  kind: RejectKind;
  /** A sentence for a person, naming the field. */
  reason: string;
  /** The start of the raw text (at most 200 characters), for the rejected list. */
  raw: string;
  /** seq when it could be read. */
  seq?: number;
  /** When it arrived (set by ingestMessage; parseFeedMessage knows no clock). */
  receivedAt?: string;
}

/** Largest message accepted, in UTF-16 code units of the text. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Characters of the raw message a Rejection keeps. */
export const REJECTION_RAW_CHARS = 200;

export type ParseResult = { ok: true; message: FeedMessage } | { ok: false; rejection: Rejection };

// ---------------------------------------------------------------------------------------------
// The field table.

/** One field of a message, as the parser checks it and the JSON Schema states it. */
export interface FieldSpec {
  /** `time`: a string in the RFC 3339 profile of ISO 8601 with an offset (see AT_PATTERN). */
  type: 'string' | 'integer' | 'number' | 'time';
  required: boolean;
  /** Strings: must hold a non-whitespace character. */
  nonBlank?: boolean;
  /** Strings: the most characters (Unicode code points, as JSON Schema counts). */
  maxLength?: number;
  /** Strings: the allowed values. */
  enum?: readonly string[];
  /** Numbers, inclusive. */
  minimum?: number;
  maximum?: number;
  /** What it means, with its unit. */
  description: string;
}

/** Incident sources on the wire (the same codes as core/incidents). */
export const FEED_SOURCES = ['patrol', 'resident', 'hotline_12345', 'sensor', 'department'] as const satisfies readonly NonNullable<
  IncidentMessage['source']
>[];
/** Incident statuses on the wire (GB/T 30428 steps, as core/incidents). */
export const FEED_STATUSES = [
  'collected',
  'registered',
  'dispatched',
  'handling',
  'handled',
  'closed',
  'evaluated',
  'rejected',
] as const satisfies readonly NonNullable<IncidentMessage['status']>[];

/**
 * `at`: YYYY-MM-DDThh:mm:ss[.fraction] then Z or ±hh:mm. The date and clock are then checked for
 * being real (no 30 February, no hour 24, no leap second, offset at most ±23:59).
 */
export const AT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const SEQ: FieldSpec = {
  type: 'integer',
  required: true,
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Position of the message in its feed; increases with every message of one server run.',
};
const AT: FieldSpec = {
  type: 'time',
  required: true,
  description: 'When the event happened at the source (incident report, GPS fix, heartbeat sent), with its offset.',
};
const LON: FieldSpec = { type: 'number', required: true, minimum: -180, maximum: 180, description: 'Longitude in degrees (east positive).' };
const LAT: FieldSpec = { type: 'number', required: true, minimum: -90, maximum: 90, description: 'Latitude in degrees (north positive).' };
const CRS: FieldSpec = {
  type: 'string',
  required: false,
  enum: CRS_LIST,
  description: 'Coordinate system of lon/lat; absent means wgs84.',
};

/** Every field of every kind, in the order the parser reports problems. `kind` itself is not listed. */
export const FEED_FIELDS: Readonly<Record<FeedMessageKind, Readonly<Record<string, FieldSpec>>>> = {
  incident: {
    seq: SEQ,
    at: AT,
    id: { type: 'string', required: true, nonBlank: true, maxLength: 128, description: 'Incident id, stable across versions.' },
    version: {
      type: 'integer',
      required: true,
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Version of this incident; a higher version replaces a lower one.',
    },
    category: {
      type: 'string',
      required: true,
      nonBlank: true,
      maxLength: 64,
      description: 'Category code of the classification, e.g. 0101 or E0503.',
    },
    title: { type: 'string', required: true, nonBlank: true, maxLength: 200, description: 'One-line title.' },
    lon: LON,
    lat: LAT,
    crs: CRS,
    source: { type: 'string', required: false, enum: FEED_SOURCES, description: 'Where the report came from.' },
    priority: { type: 'integer', required: false, minimum: 1, maximum: 3, description: '1 urgent, 2 high, 3 normal.' },
    description: { type: 'string', required: false, maxLength: 4000, description: 'Free text.' },
    status: {
      type: 'string',
      required: false,
      enum: FEED_STATUSES,
      description: 'A status the sending system already gave the case (e.g. closed upstream).',
    },
  },
  position: {
    seq: SEQ,
    at: AT,
    worker_id: { type: 'string', required: true, nonBlank: true, maxLength: 128, description: 'Grid worker (staff) id.' },
    lon: LON,
    lat: LAT,
    crs: CRS,
    accuracy_m: { type: 'number', required: false, minimum: 0, description: 'Horizontal accuracy of the fix in metres (1 sigma).' },
    speed: { type: 'number', required: false, minimum: 0, description: 'Ground speed in metres per second.' },
    heading: { type: 'number', required: false, minimum: 0, maximum: 360, description: 'Degrees clockwise from true north.' },
  },
  heartbeat: {
    seq: SEQ,
    at: AT,
  },
  visit: {
    seq: SEQ,
    at: AT,
    worker_id: { type: 'string', required: true, nonBlank: true, maxLength: 128, description: 'Grid worker (staff) id of who visited.' },
    building_id: { type: 'string', required: true, nonBlank: true, maxLength: 128, description: 'Id of the building visited.' },
    duration_s: { type: 'number', required: false, minimum: 0, maximum: 86_400, description: 'How long the visit lasted, in seconds.' },
    note: { type: 'string', required: false, maxLength: 4000, description: 'Free text.' },
  },
  report: {
    seq: SEQ,
    at: AT,
    grid_code: { type: 'string', required: true, nonBlank: true, maxLength: 64, description: 'Code of the grid reporting.' },
    by: { type: 'string', required: true, nonBlank: true, maxLength: 128, description: 'Staff id of who sent the report.' },
    result: {
      type: 'string',
      required: true,
      enum: REPORT_RESULTS,
      description: 'nothing_to_report (零上报) or matters_reported; it covers the China day (+08:00) of at.',
    },
    note: { type: 'string', required: false, maxLength: 4000, description: 'Free text.' },
  },
};

// ---------------------------------------------------------------------------------------------
// Times.

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch milliseconds of a feed time (`at`), or null when it is not ISO 8601 with an offset or not
 * a real date and time. Fractions finer than a millisecond are truncated.
 *
 * @example parseFeedTime('2024-05-01T08:30:00+08:00') === Date.UTC(2024, 4, 1, 0, 30)
 */
export function parseFeedTime(at: string): number | null {
  const m = AT_PATTERN.exec(at);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    // ±hh:mm (m[8] is the Z)
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime() - offsetMinutes * 60_000;
}

// ---------------------------------------------------------------------------------------------
// Zod schemas built from the table. An issue's message carries its RejectKind and the sentence:
// `kind<US>reason`.

const SEP = '\u001f';
const enc = (kind: RejectKind, reason: string): string => `${kind}${SEP}${reason}`;

function dec(message: string): { kind: RejectKind; reason: string } {
  const i = message.indexOf(SEP);
  // A message without our separator is zod's own wording for something the table gives no
  // sentence (not expected); it is still a malformed field.
  return i < 0 ? { kind: 'malformed', reason: message } : { kind: message.slice(0, i) as RejectKind, reason: message.slice(i + 1) };
}

/** The value as a person reads it in a reason: `a number (12)`, `null`, `an array`. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${quote(value)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function quote(s: string, max = 40): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** A bound as written in reasons: a true minus sign, as in "−90..90". */
const num = (n: number): string => (n < 0 ? `−${-n}` : String(n));

function rangeText(spec: FieldSpec, n: number): string {
  const { minimum: min, maximum: max } = spec;
  if (min !== undefined && max !== undefined && max !== Number.MAX_SAFE_INTEGER) return `is out of range ${num(min)}..${num(max)}`;
  if (min !== undefined && n < min) return `is out of range: must be at least ${num(min)}`;
  return `is out of range: must be at most ${max === Number.MAX_SAFE_INTEGER ? '2^53−1' : num(max ?? 0)}`;
}

const typeNames: Record<FieldSpec['type'], string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  time: 'an ISO 8601 time string',
};

function typeError(name: string, spec: FieldSpec) {
  return (iss: { input?: unknown }): string => {
    const input = iss.input;
    if (input === undefined) return enc('malformed', `${name} is missing`);
    // JSON has no NaN or Infinity, but a value parsed elsewhere may.
    if (typeof input === 'number' && (spec.type === 'number' || spec.type === 'integer')) {
      return enc('out_of_range', `${name} ${input} is not a finite number`);
    }
    if (spec.enum) return enc('malformed', `${name} must be one of ${spec.enum.join(', ')}; got ${describe(input)}`);
    return enc('malformed', `${name} must be ${typeNames[spec.type]}, got ${describe(input)}`);
  };
}

/** Code points, as JSON Schema's maxLength counts them (only computed when it could matter). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function fieldSchema(name: string, spec: FieldSpec): z.ZodType {
  const error = typeError(name, spec);
  let schema: z.ZodType;
  switch (spec.type) {
    case 'string':
      if (spec.enum) {
        schema = z.enum(spec.enum as [string, ...string[]], {
          error: (iss) => (typeof iss.input === 'string' ? enc('malformed', `${name} ${quote(iss.input)} is not one of ${spec.enum!.join(', ')}`) : error(iss)),
        });
        break;
      }
      schema = z.string({ error }).superRefine((s, ctx) => {
        if (spec.nonBlank && !/\S/.test(s)) {
          ctx.addIssue({ code: 'custom', input: s, message: enc('malformed', `${name} is empty`), abort: true });
        } else if (spec.maxLength !== undefined && s.length > spec.maxLength && codePoints(s) > spec.maxLength) {
          ctx.addIssue({
            code: 'custom',
            input: s,
            message: enc('malformed', `${name} is ${codePoints(s)} characters long; the most is ${spec.maxLength}`),
          });
        }
      });
      break;
    case 'integer':
    case 'number':
      schema = z.number({ error }).superRefine((n, ctx) => {
        if (spec.type === 'integer' && !Number.isInteger(n)) {
          ctx.addIssue({ code: 'custom', input: n, message: enc('malformed', `${name} ${n} is not a whole number`), abort: true });
        } else if ((spec.minimum !== undefined && n < spec.minimum) || (spec.maximum !== undefined && n > spec.maximum)) {
          ctx.addIssue({ code: 'custom', input: n, message: enc('out_of_range', `${name} ${n} ${rangeText(spec, n)}`) });
        }
      });
      break;
    case 'time':
      schema = z.string({ error }).superRefine((s, ctx) => {
        if (!AT_PATTERN.test(s)) {
          ctx.addIssue({
            code: 'custom',
            input: s,
            message: enc('bad_time', `${name} ${quote(s)} is not an ISO 8601 time with an offset (e.g. 2024-05-01T08:30:00+08:00)`),
          });
        } else if (parseFeedTime(s) === null) {
          ctx.addIssue({ code: 'custom', input: s, message: enc('bad_time', `${name} ${quote(s)} is not a real date and time`) });
        }
      });
      break;
  }
  return spec.required ? schema : schema.nullish();
}

function kindSchema(kind: FeedMessageKind) {
  const shape: Record<string, z.ZodType> = { kind: z.literal(kind) };
  for (const [name, spec] of Object.entries(FEED_FIELDS[kind])) shape[name] = fieldSchema(name, spec);
  // z.object strips unknown keys: a v1 client drops fields a newer server adds.
  return z.object(shape);
}

const SCHEMAS: Record<FeedMessageKind, z.ZodType> = {
  incident: kindSchema('incident'),
  position: kindSchema('position'),
  heartbeat: kindSchema('heartbeat'),
  visit: kindSchema('visit'),
  report: kindSchema('report'),
};

// ---------------------------------------------------------------------------------------------
// Parsing.

function rawText(raw: unknown): string {
  if (typeof raw === 'string') return raw.slice(0, REJECTION_RAW_CHARS);
  let text: string | undefined;
  try {
    text = JSON.stringify(raw);
  } catch {
    text = undefined; // cycles, BigInt
  }
  return (text ?? String(raw)).slice(0, REJECTION_RAW_CHARS);
}

function reject(raw: unknown, kind: RejectKind, reason: string, seq?: number): ParseResult {
  const rejection: Rejection = { kind, reason, raw: rawText(raw) };
  if (seq !== undefined) rejection.seq = seq;
  return { ok: false, rejection };
}

function readableSeq(obj: Record<string, unknown>): number | undefined {
  const s = obj.seq;
  return typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 ? s : undefined;
}

/**
 * Validates one raw message (the text of a frame or line, or an already parsed value).
 * `knownCategory` says whether a category code exists (the classification); omitted, any
 * non-empty code passes.
 *
 * A string is always taken as JSON text (checked against MAX_MESSAGE_BYTES first, so a huge frame
 * is never parsed); any other value as already parsed, whose size the connector that parsed it
 * owns. When several fields are wrong the first in FEED_FIELDS order decides the RejectKind and
 * the reason says how many more there are. The accepted message holds only known fields, without
 * the optional ones sent as null.
 *
 * @example parseFeedMessage('{"kind":"heartbeat","seq":7,"at":"2024-05-01T08:30:00+08:00"}')
 *   // → { ok: true, message: { kind: 'heartbeat', seq: 7, at: '2024-05-01T08:30:00+08:00' } }
 */
export function parseFeedMessage(raw: unknown, knownCategory?: (code: string) => boolean): ParseResult {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_MESSAGE_BYTES) {
      return reject(raw, 'too_large', `the message is ${raw.length} characters long; the most is ${MAX_MESSAGE_BYTES}`);
    }
    try {
      // A byte order mark is harmless and some senders write one.
      value = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return reject(raw, 'not_json', raw.trim() === '' ? 'the message is empty' : `the message is not JSON (${detail})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject(raw, 'not_object', `the message is ${describe(value)}, not a JSON object`);
  }
  const obj = value as Record<string, unknown>;
  const seq = readableSeq(obj);
  const kind = obj.kind;
  if (kind === undefined) return reject(raw, 'unknown_kind', `kind is missing; expected one of ${FEED_MESSAGE_KINDS.join(', ')}`, seq);
  if (typeof kind !== 'string' || !(FEED_MESSAGE_KINDS as readonly string[]).includes(kind)) {
    const shown = typeof kind === 'string' ? quote(kind) : describe(kind);
    return reject(raw, 'unknown_kind', `kind ${shown} is not one of ${FEED_MESSAGE_KINDS.join(', ')}`, seq);
  }
  const result = SCHEMAS[kind as FeedMessageKind].safeParse(obj);
  if (!result.success) {
    const issues = result.error.issues;
    const first = dec(issues[0].message);
    const more = issues.length - 1;
    const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
    return reject(raw, first.kind, first.reason + suffix, seq);
  }
  const data = result.data as Record<string, unknown>;
  const message: Record<string, unknown> = {};
  for (const key in data) if (data[key] !== undefined && data[key] !== null) message[key] = data[key];
  if (kind === 'incident' && knownCategory && !knownCategory(message.category as string)) {
    return reject(raw, 'unknown_category', `category ${quote(message.category as string)} is not in the classification`, seq);
  }
  return { ok: true, message: message as unknown as FeedMessage };
}
