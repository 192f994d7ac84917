import { describe, expect, it, vi } from 'vitest';
import { INCIDENT_SOURCES, INCIDENT_STATUSES, type IncidentSource, type IncidentStatus } from '../incidents/model';
import {
  FEED_FIELDS,
  FEED_MESSAGE_KINDS,
  FEED_PROTOCOL_VERSION,
  FEED_SOURCES,
  FEED_STATUSES,
  MAX_MESSAGE_BYTES,
  REJECT_KINDS,
  REPORT_RESULTS,
  parseFeedMessage,
  parseFeedTime,
  type FeedMessageKind,
  type ParseResult,
  type RejectKind,
  type Rejection,
} from './protocol';

const AT = '2024-05-01T08:30:00+08:00';

/** Minimal valid messages of each kind (only required fields). */
const MINIMAL: Record<FeedMessageKind, Record<string, unknown>> = {
  incident: { kind: 'incident', seq: 1, at: AT, id: 'i-1', version: 1, category: '0101', title: '井盖缺失', lon: 113.6, lat: 34.75 },
  position: { kind: 'position', seq: 2, at: AT, worker_id: 's-7', lon: 113.6, lat: 34.75 },
  heartbeat: { kind: 'heartbeat', seq: 3, at: AT },
  visit: { kind: 'visit', seq: 4, at: AT, worker_id: 's-7', building_id: 'b-12' },
  report: { kind: 'report', seq: 5, at: AT, grid_code: 'ZY-01-01', by: 's-7', result: 'nothing_to_report' },
};

/** Valid messages with every optional field. */
const FULL: Record<FeedMessageKind, Record<string, unknown>> = {
  incident: {
    ...MINIMAL.incident,
    crs: 'gcj02',
    source: 'hotline_12345',
    priority: 1,
    description: '市民来电反映井盖缺失。',
    status: 'registered',
  },
  position: { ...MINIMAL.position, crs: 'bd09', accuracy_m: 4.5, speed: 1.2, heading: 87.5 },
  heartbeat: MINIMAL.heartbeat,
  visit: { ...MINIMAL.visit, duration_s: 300, note: '独居老人，状态良好' },
  report: { ...MINIMAL.report, result: 'matters_reported', note: '3号楼楼道堆物，已上报' },
};

function rejection(result: ParseResult): Rejection {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.message)}`);
  return result.rejection;
}

function expectReject(raw: unknown, kind: RejectKind, reason?: string | RegExp): Rejection {
  const r = rejection(parseFeedMessage(raw));
  expect(r.kind).toBe(kind);
  if (typeof reason === 'string') expect(r.reason).toBe(reason);
  else if (reason) expect(r.reason).toMatch(reason);
  return r;
}

describe('parseFeedMessage: valid messages', () => {
  it.each(FEED_MESSAGE_KINDS)('accepts a minimal and a full %s, as text and as a parsed value', (kind) => {
    for (const msg of [MINIMAL[kind], FULL[kind]]) {
      expect(parseFeedMessage(msg)).toEqual({ ok: true, message: msg });
      expect(parseFeedMessage(JSON.stringify(msg))).toEqual({ ok: true, message: msg });
    }
  });

  it('drops fields it does not know (a newer server may add them), at any depth of the message', () => {
    const raw = { ...FULL.incident, reporter: { phone: '138' }, tags: ['a'], schema_version: 2 };
    const result = parseFeedMessage(raw);
    expect(result).toEqual({ ok: true, message: FULL.incident });
    // The input is not changed.
    expect(raw.reporter).toEqual({ phone: '138' });
  });

  it('takes an optional field sent as null as absent', () => {
    const raw = { ...MINIMAL.position, crs: null, accuracy_m: null, speed: null, heading: null };
    expect(parseFeedMessage(raw)).toEqual({ ok: true, message: MINIMAL.position });
    const inc = { ...MINIMAL.incident, source: null, priority: null, description: null, status: null, crs: null };
    expect(parseFeedMessage(JSON.stringify(inc))).toEqual({ ok: true, message: MINIMAL.incident });
  });

  it('accepts every boundary value of every range', () => {
    const ok = (m: Record<string, unknown>) => expect(parseFeedMessage(m).ok, JSON.stringify(m)).toBe(true);
    for (const lon of [-180, 180, 0]) ok({ ...MINIMAL.incident, lon });
    for (const lat of [-90, 90]) ok({ ...MINIMAL.position, lat });
    for (const heading of [0, 360]) ok({ ...MINIMAL.position, heading });
    ok({ ...MINIMAL.position, accuracy_m: 0, speed: 0 });
    for (const priority of [1, 2, 3]) ok({ ...MINIMAL.incident, priority });
    ok({ ...MINIMAL.incident, version: 1, seq: 0 });
    ok({ ...MINIMAL.incident, seq: Number.MAX_SAFE_INTEGER, version: Number.MAX_SAFE_INTEGER });
    ok({ ...MINIMAL.incident, id: 'x'.repeat(128), title: 't'.repeat(200), description: 'd'.repeat(4000), category: 'c'.repeat(64) });
    ok({ ...MINIMAL.incident, description: '' });
    // maxLength counts characters (code points), as JSON Schema does: 200 emoji are 400 UTF-16 units.
    ok({ ...MINIMAL.incident, title: '🚧'.repeat(200) });
    for (const crs of ['wgs84', 'cgcs2000', 'gcj02', 'bd09']) ok({ ...MINIMAL.position, crs });
    for (const source of FEED_SOURCES) ok({ ...MINIMAL.incident, source });
    for (const status of FEED_STATUSES) ok({ ...MINIMAL.incident, status });
  });

  it('accepts a leading byte order mark and surrounding whitespace in text', () => {
    expect(parseFeedMessage(`\uFEFF  ${JSON.stringify(MINIMAL.heartbeat)}\n`)).toEqual({ ok: true, message: MINIMAL.heartbeat });
  });

  it('keeps strings as sent (no trimming: an id is an id)', () => {
    const msg = { ...MINIMAL.incident, id: ' i-1 ', title: ' 标题 ' };
    expect(parseFeedMessage(msg)).toEqual({ ok: true, message: msg });
  });

  it('wire enumerations are the domain model values', () => {
    // Compile-time: every wire value is a model value.
    const sources: readonly IncidentSource[] = FEED_SOURCES;
    const statuses: readonly IncidentStatus[] = FEED_STATUSES;
    expect(sources).toEqual(INCIDENT_SOURCES);
    expect(statuses).toEqual(INCIDENT_STATUSES);
  });
});

describe('parseFeedMessage: every RejectKind', () => {
  it('not_json: text that is not JSON, or empty', () => {
    expectReject('{"kind":"incident",', 'not_json', /^the message is not JSON \(/);
    expectReject('kind=heartbeat', 'not_json');
    expectReject('', 'not_json', 'the message is empty');
    expectReject('   \n', 'not_json', 'the message is empty');
  });

  it('not_object: JSON that is not an object', () => {
    expectReject('[1,2]', 'not_object', 'the message is an array, not a JSON object');
    expectReject('42', 'not_object', 'the message is a number (42), not a JSON object');
    expectReject('null', 'not_object', 'the message is null, not a JSON object');
    expectReject('"hello"', 'not_object', 'the message is a string ("hello"), not a JSON object');
    expectReject([MINIMAL.heartbeat], 'not_object');
    expectReject(null, 'not_object');
    expectReject(undefined, 'not_object');
    expectReject(true, 'not_object', 'the message is a boolean (true), not a JSON object');
  });

  it('unknown_kind: kind missing, unknown or not a string', () => {
    const { kind: _kind, ...noKind } = MINIMAL.incident;
    const r = expectReject(noKind, 'unknown_kind', 'kind is missing; expected one of incident, position, heartbeat, visit, report');
    expect(r.seq).toBe(1);
    expectReject({ ...MINIMAL.heartbeat, kind: 'alarm' }, 'unknown_kind', 'kind "alarm" is not one of incident, position, heartbeat, visit, report');
    expectReject({ ...MINIMAL.heartbeat, kind: 'Incident' }, 'unknown_kind');
    expectReject({ ...MINIMAL.heartbeat, kind: 3 }, 'unknown_kind', 'kind a number (3) is not one of incident, position, heartbeat, visit, report');
  });

  it('malformed: a field missing or of the wrong type', () => {
    const { title: _t, ...noTitle } = MINIMAL.incident;
    expectReject(noTitle, 'malformed', 'title is missing');
    expectReject({ ...MINIMAL.incident, lat: '34.75' }, 'malformed', 'lat must be a number, got a string ("34.75")');
  });

  it('out_of_range: a number outside its range', () => {
    expectReject({ ...MINIMAL.incident, lat: 123.4 }, 'out_of_range', 'lat 123.4 is out of range −90..90');
  });

  it('bad_time: `at` not ISO 8601 with an offset', () => {
    expectReject(
      { ...MINIMAL.heartbeat, at: '2024-05-01T08:30:00' },
      'bad_time',
      'at "2024-05-01T08:30:00" is not an ISO 8601 time with an offset (e.g. 2024-05-01T08:30:00+08:00)',
    );
  });

  it('unknown_category: only with a classification to check against', () => {
    const known = vi.fn((code: string) => code === '0101');
    expect(parseFeedMessage(MINIMAL.incident, known).ok).toBe(true);
    const r = rejection(parseFeedMessage({ ...MINIMAL.incident, category: '9999' }, known));
    expect(r).toMatchObject({ kind: 'unknown_category', reason: 'category "9999" is not in the classification', seq: 1 });
    expect(parseFeedMessage({ ...MINIMAL.incident, category: '9999' }).ok).toBe(true);
    // Never asked for other kinds, nor for an incident already refused for something else.
    known.mockClear();
    parseFeedMessage(MINIMAL.position, known);
    parseFeedMessage({ ...MINIMAL.incident, lat: 100 }, known);
    expect(known).not.toHaveBeenCalled();
  });

  it('too_large: over MAX_MESSAGE_BYTES, refused before parsing', () => {
    const pad = (n: number) => JSON.stringify({ ...MINIMAL.heartbeat, pad: '' }).length + n;
    const base = JSON.stringify({ ...MINIMAL.heartbeat, pad: '' });
    const atLimit = JSON.stringify({ ...MINIMAL.heartbeat, pad: 'x'.repeat(MAX_MESSAGE_BYTES - pad(0)) });
    expect(atLimit.length).toBe(MAX_MESSAGE_BYTES);
    expect(parseFeedMessage(atLimit).ok).toBe(true);
    const over = atLimit.replace('"pad":"', '"pad":"x');
    const spy = vi.spyOn(JSON, 'parse');
    const r = expectReject(over, 'too_large', `the message is ${MAX_MESSAGE_BYTES + 1} characters long; the most is ${MAX_MESSAGE_BYTES}`);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(r.raw).toBe(over.slice(0, 200));
    expect(base.length).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it('has a test above for every RejectKind', () => {
    expect([...REJECT_KINDS].sort()).toEqual(
      ['bad_time', 'malformed', 'not_json', 'not_object', 'out_of_range', 'too_large', 'unknown_category', 'unknown_kind'].sort(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Every field: missing, wrong type, and each side of its range, driven by the field table.

interface FieldCase {
  kind: FeedMessageKind;
  field: string;
  value: unknown;
  reject: RejectKind;
  reason: string | RegExp;
}

function fieldCases(): FieldCase[] {
  const cases: FieldCase[] = [];
  for (const kind of FEED_MESSAGE_KINDS) {
    for (const [field, spec] of Object.entries(FEED_FIELDS[kind])) {
      const add = (value: unknown, reject: RejectKind, reason: string | RegExp) => cases.push({ kind, field, value, reject, reason });
      if (spec.required) add(undefined, 'malformed', `${field} is missing`);
      const wrong = spec.type === 'string' || spec.type === 'time' ? 12 : 'x';
      add(wrong, 'malformed', new RegExp(`^${field} must be`));
      add([], 'malformed', new RegExp(`^${field} must be .*an array$`));
      add({}, 'malformed', new RegExp(`^${field} must be .*an object$`));
      add(true, 'malformed', new RegExp(`^${field} must be .*a boolean \\(true\\)$`));
      if (spec.required) add(null, 'malformed', new RegExp(`^${field} must be .*null$`));
      if (spec.nonBlank) {
        add('', 'malformed', `${field} is empty`);
        add(' \t', 'malformed', `${field} is empty`);
      }
      if (spec.maxLength !== undefined) {
        add('y'.repeat(spec.maxLength + 1), 'malformed', `${field} is ${spec.maxLength + 1} characters long; the most is ${spec.maxLength}`);
      }
      if (spec.enum) add('nonsense', 'malformed', `${field} "nonsense" is not one of ${spec.enum.join(', ')}`);
      if (spec.type === 'integer') add(1.5, 'malformed', `${field} 1.5 is not a whole number`);
      if (spec.type === 'integer' || spec.type === 'number') {
        add(Number.NaN, 'out_of_range', `${field} NaN is not a finite number`);
        add(Number.POSITIVE_INFINITY, 'out_of_range', `${field} Infinity is not a finite number`);
        if (spec.minimum !== undefined) {
          const below = spec.type === 'integer' ? spec.minimum - 1 : spec.minimum - 0.001;
          add(below, 'out_of_range', new RegExp(`^${field} ${below} is out of range`));
        }
        if (spec.maximum !== undefined && spec.maximum !== Number.MAX_SAFE_INTEGER) {
          const above = spec.type === 'integer' ? spec.maximum + 1 : spec.maximum + 0.001;
          add(above, 'out_of_range', new RegExp(`^${field} ${above} is out of range`));
        }
        if (spec.maximum === Number.MAX_SAFE_INTEGER) add(2 ** 53, 'out_of_range', `${field} ${2 ** 53} is out of range: must be at most 2^53−1`);
      }
      if (spec.type === 'time') add('yesterday', 'bad_time', new RegExp(`^${field} "yesterday" is not an ISO 8601 time`));
    }
  }
  return cases;
}

describe('parseFeedMessage: every field of every kind', () => {
  it.each(fieldCases())('$kind.$field = $value → $reject', ({ kind, field, value, reject, reason }) => {
    const msg: Record<string, unknown> = { ...FULL[kind] };
    if (value === undefined) delete msg[field];
    else msg[field] = value;
    const r = expectReject(msg, reject, reason);
    // Named in the reason, and nothing else wrong with the message.
    expect(r.reason.startsWith(field)).toBe(true);
    expect(r.reason).not.toMatch(/more problem/);
    if (field !== 'seq') expect(r.seq).toBe(FULL[kind].seq);
    else expect(r.seq).toBeUndefined();
    // The same as text, where JSON can say it.
    if (typeof value !== 'number' || Number.isFinite(value)) expect(rejection(parseFeedMessage(JSON.stringify(msg))).kind).toBe(reject);
  });

  it('worded ranges read as a person would say them', () => {
    const reason = (m: Record<string, unknown>) => rejection(parseFeedMessage(m)).reason;
    expect(reason({ ...MINIMAL.incident, lon: -181 })).toBe('lon -181 is out of range −180..180');
    expect(reason({ ...MINIMAL.position, heading: 361 })).toBe('heading 361 is out of range 0..360');
    expect(reason({ ...MINIMAL.position, speed: -2 })).toBe('speed -2 is out of range: must be at least 0');
    expect(reason({ ...MINIMAL.incident, priority: 4 })).toBe('priority 4 is out of range 1..3');
    expect(reason({ ...MINIMAL.incident, version: 0 })).toBe('version 0 is out of range: must be at least 1');
    expect(reason({ ...MINIMAL.heartbeat, seq: -1 })).toBe('seq -1 is out of range: must be at least 0');
    expect(reason({ ...MINIMAL.position, crs: 'EPSG:3857' })).toBe('crs "EPSG:3857" is not one of wgs84, cgcs2000, gcj02, bd09');
  });

  it('several problems: the first in field order decides, the reason counts the rest', () => {
    const r = rejection(parseFeedMessage({ kind: 'position', seq: -1, at: '2024-05-01 08:30', worker_id: '', lon: '1', lat: 100 }));
    expect(r.kind).toBe('out_of_range');
    expect(r.reason).toBe('seq -1 is out of range: must be at least 0 (and 4 more problems)');
    const one = rejection(parseFeedMessage({ ...MINIMAL.incident, title: '', lat: 100 }));
    expect(one).toMatchObject({ kind: 'malformed', reason: 'title is empty (and 1 more problem)' });
  });
});

describe('parseFeedMessage: times', () => {
  it.each([
    '2024-05-01T08:30:00Z',
    '2024-05-01T08:30:00+08:00',
    '2024-05-01T08:30:00-05:30',
    '2024-05-01T08:30:00.5+08:00',
    '2024-05-01T08:30:00.123456789Z',
    '2024-02-29T23:59:59+08:00',
    '2000-02-29T00:00:00Z',
  ])('accepts %s', (at) => {
    expect(parseFeedMessage({ ...MINIMAL.heartbeat, at }).ok).toBe(true);
  });

  it.each([
    ['2024-05-01T08:30:00', 'no offset'],
    ['2024-05-01 08:30:00+08:00', 'space instead of T'],
    ['2024-05-01T08:30+08:00', 'no seconds'],
    ['2024-05-01T08:30:00+0800', 'offset without colon'],
    ['2024-05-01T08:30:00z', 'lower-case z'],
    ['20240501T083000Z', 'basic format'],
    ['1714523400000', 'epoch milliseconds as text'],
    ['2024-05-01', 'a date'],
  ])('refuses %s (%s) as bad_time', (at) => {
    expectReject({ ...MINIMAL.heartbeat, at }, 'bad_time', /is not an ISO 8601 time with an offset/);
  });

  it.each([
    '2023-02-29T08:00:00Z',
    '2024-04-31T08:00:00Z',
    '2024-13-01T08:00:00Z',
    '2024-00-10T08:00:00Z',
    '2024-05-00T08:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T08:60:00Z',
    '2024-12-31T23:59:60Z',
    '2024-05-01T08:00:00+24:00',
    '2024-05-01T08:00:00+08:60',
    '1900-02-29T00:00:00Z',
  ])('refuses %s as not a real date and time', (at) => {
    expectReject({ ...MINIMAL.heartbeat, at }, 'bad_time', /is not a real date and time$/);
  });

  it('a number for `at` is malformed (the field has the wrong type)', () => {
    expectReject({ ...MINIMAL.heartbeat, at: 1714523400000 }, 'malformed', 'at must be an ISO 8601 time string, got a number (1714523400000)');
  });

  it('parseFeedTime gives epoch milliseconds with the offset applied', () => {
    const utc = Date.UTC(2024, 4, 1, 0, 30);
    expect(parseFeedTime('2024-05-01T08:30:00+08:00')).toBe(utc);
    expect(parseFeedTime('2024-05-01T00:30:00Z')).toBe(utc);
    expect(parseFeedTime('2024-04-30T19:00:00-05:30')).toBe(utc);
    expect(parseFeedTime('2024-05-01T00:30:00.1239Z')).toBe(utc + 123);
    expect(parseFeedTime('2024-05-01T00:30:00.5Z')).toBe(utc + 500);
    expect(parseFeedTime('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
    expect(parseFeedTime('2024-05-01T00:30:00')).toBeNull();
    expect(parseFeedTime('2023-02-29T00:00:00Z')).toBeNull();
  });
});

describe('Rejection.raw and seq', () => {
  it('keeps the first 200 characters of the text', () => {
    const text = JSON.stringify({ ...MINIMAL.incident, lat: 99, description: 'z'.repeat(500) });
    expect(rejection(parseFeedMessage(text)).raw).toBe(text.slice(0, 200));
  });

  it('keeps JSON.stringify of a parsed value, and something even for a value JSON cannot write', () => {
    const value = { ...MINIMAL.incident, lat: 99 };
    expect(rejection(parseFeedMessage(value)).raw).toBe(JSON.stringify(value));
    const cyclic: Record<string, unknown> = { kind: 'heartbeat', seq: 1 };
    cyclic.self = cyclic;
    expect(rejection(parseFeedMessage(cyclic)).raw).toBe('[object Object]');
    expect(rejection(parseFeedMessage(undefined)).raw).toBe('undefined');
    expect(rejection(parseFeedMessage(10n)).raw).toBe('10');
  });

  it('gives seq only when it could be read', () => {
    expect(rejection(parseFeedMessage({ ...MINIMAL.incident, lat: 99 })).seq).toBe(1);
    expect(rejection(parseFeedMessage({ ...MINIMAL.incident, seq: '1', lat: 99 })).seq).toBeUndefined();
    expect(rejection(parseFeedMessage('{bad')).seq).toBeUndefined();
  });
});

describe('protocol v2: visit and report', () => {
  it('is version 2 and lists the two new kinds after the v1 ones', () => {
    expect(FEED_PROTOCOL_VERSION).toBe(2);
    expect(FEED_MESSAGE_KINDS).toEqual(['incident', 'position', 'heartbeat', 'visit', 'report']);
    expect(FEED_FIELDS.report.result.enum).toEqual(REPORT_RESULTS);
  });

  it('parses a visit and a report to exactly their known fields, nulls as absent', () => {
    const visit = parseFeedMessage(
      '{"kind":"visit","seq":7,"at":"2024-05-01T09:12:00+08:00","worker_id":"s-7","building_id":"b-0142","duration_s":360,"note":"独居老人，状态良好","photo":"x.jpg"}',
    );
    expect(visit).toEqual({
      ok: true,
      message: { kind: 'visit', seq: 7, at: '2024-05-01T09:12:00+08:00', worker_id: 's-7', building_id: 'b-0142', duration_s: 360, note: '独居老人，状态良好' },
    });
    const report = parseFeedMessage({ ...MINIMAL.report, note: null, result: 'matters_reported' });
    expect(report).toEqual({ ok: true, message: { ...MINIMAL.report, result: 'matters_reported' } });
  });

  it.each<[string, Record<string, unknown>, RejectKind, string]>([
    ['visit without building_id', { ...MINIMAL.visit, building_id: undefined }, 'malformed', 'building_id is missing'],
    ['visit with a blank worker_id', { ...MINIMAL.visit, worker_id: '  ' }, 'malformed', 'worker_id is empty'],
    ['visit with a negative duration', { ...MINIMAL.visit, duration_s: -5 }, 'out_of_range', 'duration_s -5 is out of range 0..86400'],
    ['visit longer than a day', { ...MINIMAL.visit, duration_s: 86_401 }, 'out_of_range', 'duration_s 86401 is out of range 0..86400'],
    ['visit with a numeric building_id', { ...MINIMAL.visit, building_id: 142 }, 'malformed', 'building_id must be a string, got a number (142)'],
    ['visit stamped without an offset', { ...MINIMAL.visit, at: '2024-05-01T09:12:00' }, 'bad_time', 'at "2024-05-01T09:12:00" is not an ISO 8601 time with an offset (e.g. 2024-05-01T08:30:00+08:00)'],
    ['report with result maybe', { ...MINIMAL.report, result: 'maybe' }, 'malformed', 'result "maybe" is not one of nothing_to_report, matters_reported'],
    ['report without result', { ...MINIMAL.report, result: undefined }, 'malformed', 'result is missing'],
    ['report without grid_code', { ...MINIMAL.report, grid_code: undefined }, 'malformed', 'grid_code is missing'],
    ['report without by', { ...MINIMAL.report, by: undefined }, 'malformed', 'by is missing'],
    ['report with a boolean result', { ...MINIMAL.report, result: true }, 'malformed', 'result must be one of nothing_to_report, matters_reported; got a boolean (true)'],
    ['report with a grid_code over 64 characters', { ...MINIMAL.report, grid_code: 'Z'.repeat(65) }, 'malformed', 'grid_code is 65 characters long; the most is 64'],
  ])('refuses a %s', (_name, raw, kind, reason) => {
    const msg = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const r = expectReject(msg, kind, reason);
    expect(r.seq).toBe(raw.seq);
  });

  it('a kind this version does not know is still unknown_kind, as visit and report are to a v1 client', () => {
    expectReject({ ...MINIMAL.visit, kind: 'inspection' }, 'unknown_kind', 'kind "inspection" is not one of incident, position, heartbeat, visit, report');
  });
});
