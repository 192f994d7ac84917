import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKnownCategory } from '../incidents/classes';
import {
  FILE_PROBLEM_CODES,
  INCIDENT_CSV_COLUMNS,
  INCIDENT_CSV_REQUIRED,
  decodeIncidentFile,
  hasFatalProblem,
  incidentFileFormat,
  parseIncidentFile,
  type IncidentFileFormat,
  type IncidentFileParse,
} from './incident-file';
import { ingestMessage, initialIngestState, type FeedIngestState, type IngestOutcome } from './ingest';
import { FEED_FIELDS } from './protocol';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/incidents');
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(FIXTURES, name)));

/** Decodes and parses a fixture as the app does. */
function readFixture(name: string): IncidentFileParse & { encoding: string } {
  const { text, encoding } = decodeIncidentFile(bytesOf(name));
  return { ...parseIncidentFile(text, incidentFileFormat(name, text)), encoding };
}

/** Every message through one ingest, as the importer does; outcomes by line. */
function ingestAll(parse: IncidentFileParse, state: FeedIngestState = initialIngestState()) {
  const outcomes: { line: number; outcome: IngestOutcome }[] = [];
  for (const { line, raw } of parse.messages) {
    const step = ingestMessage(state, raw, '2024-05-01T12:00:00+08:00', isKnownCategory);
    state = step.state;
    outcomes.push({ line, outcome: step.outcome });
  }
  return { state, outcomes };
}

const kinds = (outcomes: { line: number; outcome: IngestOutcome }[]) =>
  outcomes.map(({ line, outcome }) => [line, outcome.kind === 'rejected' ? `rejected:${outcome.rejection.kind}` : outcome.kind]);

describe('JSON Lines', () => {
  it('passes every line on with its line number; ingest decides each (duplicates, stale, rejects)', () => {
    const parse = readFixture('hotline-2024-05-01.jsonl');
    expect(parse.format).toBe('jsonl');
    expect(parse.problems).toEqual([]);
    // Line 3 is blank and skipped; line 9 is not JSON and is passed on as its text.
    expect(parse.messages.map((m) => m.line)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(typeof parse.messages[6].raw).toBe('string');
    expect(kinds(ingestAll(parse).outcomes)).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [4, 'accepted'],
      [5, 'accepted'], // version 2 of h-0501-002
      [6, 'stale'], // version 1 again, after 2
      [7, 'duplicate'], // h-0501-003 v1 again
      [8, 'rejected:not_json'],
      [9, 'rejected:out_of_range'],
      [10, 'rejected:unknown_category'],
      [11, 'accepted'], // heartbeat
      [12, 'rejected:bad_time'], // a wire message is taken as written: no offset is added
    ]);
  });

  it('skips a BOM, CRLF line ends and blank lines', () => {
    const text = '\ufeff{"kind":"heartbeat","seq":1,"at":"2024-05-01T08:00:00+08:00"}\r\n\r\n  \r\n{"kind":"heartbeat","seq":2,"at":"2024-05-01T08:00:10+08:00"}\r\n';
    const parse = parseIncidentFile(text, 'jsonl');
    expect(parse.messages).toEqual([
      { line: 1, raw: { kind: 'heartbeat', seq: 1, at: '2024-05-01T08:00:00+08:00' } },
      { line: 4, raw: { kind: 'heartbeat', seq: 2, at: '2024-05-01T08:00:10+08:00' } },
    ]);
  });

  it('reads a .json array with the line each element starts on', () => {
    const parse = readFixture('hotline-2024-05-01.json');
    expect(parse.problems).toEqual([]);
    expect(parse.messages.map((m) => m.line)).toEqual([2, 6, 7, 9]);
    // A string element is a frame held as text, exactly as in an HTTP poll body.
    expect(kinds(ingestAll(parse).outcomes)).toEqual([
      [2, 'accepted'],
      [6, 'accepted'],
      [7, 'accepted'],
      [9, 'rejected:malformed'],
    ]);
  });

  it('reads an HTTP poll body and one message written over several lines', () => {
    const poll = '{"messages": [\n {"kind":"heartbeat","seq":1,"at":"2024-05-01T08:00:00Z"},\n {"kind":"heartbeat","seq":2,"at":"2024-05-01T08:00:10Z"}\n], "next": 2}';
    expect(parseIncidentFile(poll, 'jsonl').messages.map((m) => m.line)).toEqual([2, 3]);
    const pretty = '\n{\n  "kind": "heartbeat",\n  "seq": 1,\n  "at": "2024-05-01T08:00:00Z"\n}\n';
    expect(parseIncidentFile(pretty, 'jsonl').messages).toEqual([{ line: 2, raw: { kind: 'heartbeat', seq: 1, at: '2024-05-01T08:00:00Z' } }]);
  });

  it('leaves a line over the size limit as text, so ingest refuses it as too large', () => {
    const big = `{"kind":"heartbeat","seq":1,"at":"2024-05-01T08:00:00Z","pad":"${'x'.repeat(70_000)}"}`;
    const parse = parseIncidentFile(`${big}\n{"kind":"heartbeat","seq":2,"at":"2024-05-01T08:00:00Z"}\n`, 'jsonl');
    expect(typeof parse.messages[0].raw).toBe('string');
    expect(kinds(ingestAll(parse).outcomes)[0]).toEqual([1, 'rejected:too_large']);
  });

  it('refuses a file with no JSON line at all, and an empty file', () => {
    const notJson = readFixture('not-json.jsonl');
    expect(notJson.messages).toEqual([]);
    expect(notJson.problems).toEqual([{ code: 'no_json', severity: 'fatal' }]);
    expect(parseIncidentFile('\ufeff\n \r\n', 'jsonl').problems).toEqual([{ code: 'empty', severity: 'fatal' }]);
    expect(parseIncidentFile('[]', 'jsonl').problems).toEqual([{ code: 'empty', severity: 'fatal' }]);
  });
});

describe('CSV', () => {
  it('reads a 12345 export with Chinese headers, a BOM, CRLF and quoted fields', () => {
    const parse = readFixture('hotline-2024-05-01.csv');
    expect(parse.encoding).toBe('utf-8');
    expect(parse.format).toBe('csv');
    expect(parse.columns).toMatchObject({ id: '案件编号', title: '标题', description: '问题描述', priority: '紧急程度', at: '上报时间' });
    expect(parse.problems).toEqual([{ code: 'ignored_columns', severity: 'info', line: 1, columns: ['处理部门'] }]);
    const first = parse.messages[0];
    expect(first).toEqual({
      line: 2,
      raw: {
        kind: 'incident',
        id: 'C20240501-0001',
        version: 1,
        category: '0101',
        title: '锦华小区10号楼前井盖缺失',
        lon: 113.6025,
        lat: 34.7425,
        crs: 'wgs84',
        source: 'hotline_12345',
        priority: 1,
        status: 'collected',
        at: '2024-05-01T08:30:05+08:00',
        description: '井盖缺失，已有行人绊倒，"请尽快处理"',
        seq: 1,
      },
    });
    const second = parse.messages[1].raw as Record<string, unknown>;
    // Version defaults to 1, seq to the data row; a quoted line break stays in the cell.
    expect(second).toMatchObject({ version: 1, seq: 2, at: '2024-05-01T08:41:00+08:00', description: '市民来电反映：\n路口东北角垃圾堆放两天。' });
    expect(second).not.toHaveProperty('crs');
    expect(second).not.toHaveProperty('status');
    expect(parse.messages[2].raw).toMatchObject({ lon: 113.621, lat: 34.748, at: '2024-05-01T09:02:00+08:00', status: 'registered', source: 'resident' });
    // Lines count the quoted line break; the row of empty cells (line 11) is skipped.
    expect(parse.messages.map((m) => m.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 11]);
    expect(kinds(ingestAll(parse).outcomes)).toEqual([
      [2, 'accepted'],
      [3, 'accepted'],
      [5, 'accepted'],
      [6, 'rejected:malformed'], // 纬度 三十四点七 stays a string: "lat must be a number"
      [7, 'rejected:out_of_range'],
      [8, 'rejected:bad_time'],
      [9, 'rejected:malformed'], // source 微信
      [11, 'accepted'], // version 2 of C20240501-0002
    ]);
    const lat = ingestAll(parse).outcomes[3].outcome;
    expect(lat.kind === 'rejected' && lat.rejection.reason).toMatch(/^lat must be a number, got a string \("三十四点七"\)/);
  });

  it('reads GB18030 and UTF-16 (Excel "Unicode text", tab-separated) the same as UTF-8', () => {
    const gb = readFixture('gb18030.csv');
    expect(gb.encoding).toBe('gb18030');
    expect(gb.problems).toEqual([]);
    expect(gb.messages.map((m) => (m.raw as { title: string }).title)).toEqual(['锦华小区10号楼前井盖缺失', '建设路与桐柏路口暴露垃圾', '排水管道堵塞，污水外溢']);
    expect(gb.messages.map((m) => (m.raw as { status: string }).status)).toEqual(['collected', 'registered', 'handling']);
    expect(kinds(ingestAll(gb).outcomes).every(([, k]) => k === 'accepted')).toBe(true);

    const u16 = readFixture('unicode-text.txt');
    expect(u16.encoding).toBe('utf-16le');
    expect(u16.format).toBe('csv');
    expect(u16.messages).toEqual([
      {
        line: 2,
        raw: { kind: 'incident', id: 'W-1', category: '0101', title: '井盖缺失', lon: 113.6025, lat: 34.7425, at: '2024-05-01T08:30:00+08:00', version: 1, seq: 1 },
      },
    ]);
    expect(decodeIncidentFile(new Uint8Array([0xfe, 0xff, 0x7f, 0x16])).text).toBe('编');
  });

  it('finds the header below a title line, keeps explicit version and seq, and notes extra columns', () => {
    const parse = readFixture('department-export.csv');
    expect(parse.problems).toEqual([
      { code: 'header_not_first', severity: 'info', line: 3 },
      { code: 'duplicate_columns', severity: 'warning', line: 3, columns: ['title'] },
      { code: 'ignored_columns', severity: 'info', line: 3, columns: ['assignee'] },
    ]);
    expect(parse.messages.map((m) => m.raw)).toEqual([
      {
        kind: 'incident',
        seq: 100,
        at: '2024-05-01T07:10:00Z',
        id: 'D-1',
        version: 1,
        category: '0118',
        title: 'Street lamp out on Jianshe Road',
        lon: 113.625,
        lat: 34.755,
        crs: 'gcj02',
        source: 'department',
        priority: 3,
        description: 'Lamp 17, "north side"',
        status: 'registered',
      },
      {
        kind: 'incident',
        seq: 101,
        at: '2024-05-01T07:20:00+08:00',
        id: 'D-2',
        version: 3,
        category: '0114',
        title: 'Fire hydrant leaking',
        lon: 113.628,
        lat: 34.757,
        crs: 'cgcs2000',
        source: 'sensor',
        priority: 1,
        status: 'handling',
      },
    ]);
  });

  it('refuses a file missing required columns, naming them and what the header has', () => {
    const parse = readFixture('missing-columns.csv');
    expect(parse.messages).toEqual([]);
    expect(hasFatalProblem(parse.problems)).toBe(true);
    expect(parse.problems).toEqual([
      { code: 'missing_columns', severity: 'fatal', line: 1, columns: ['lon', 'lat'], found: ['编号', '类别', '标题', '地址', '上报时间'] },
    ]);
  });

  it('drops the row an unclosed quote swallowed and says from which line', () => {
    const parse = readFixture('unclosed-quote.csv');
    expect(parse.messages.map((m) => (m.raw as { id: string }).id)).toEqual(['U-1']);
    expect(parse.problems).toEqual([{ code: 'unclosed_quote', severity: 'warning', line: 3 }]);
  });

  it('applies the file offset to times without one, and keeps those with one', () => {
    const csv = 'id,category,title,lon,lat,at\n' + ['2024-05-01 08:30', '2024-05-01T08:30:00.25', '2024-05-01 08:30:00Z', '2024-05-01T08:30:00-05:00', '2024-02-30 08:30'].map((at, i) => `t${i},0101,x,113.6,34.7,${at}`).join('\n');
    const at = (offset?: number) => parseIncidentFile(csv, 'csv', offset === undefined ? {} : { utcOffsetMinutes: offset }).messages.map((m) => (m.raw as { at: string }).at);
    expect(at()).toEqual(['2024-05-01T08:30:00+08:00', '2024-05-01T08:30:00.25+08:00', '2024-05-01T08:30:00Z', '2024-05-01T08:30:00-05:00', '2024-02-30T08:30:00+08:00']);
    expect(at(0)[0]).toBe('2024-05-01T08:30:00+00:00');
    expect(at(-330)[0]).toBe('2024-05-01T08:30:00-05:30');
    expect(() => parseIncidentFile(csv, 'csv', { utcOffsetMinutes: 24 * 60 })).toThrow(RangeError);
    // 30 February is rewritten, then refused by ingest as not a real date.
    const last = ingestAll(parseIncidentFile(csv, 'csv')).outcomes[4].outcome;
    expect(last.kind === 'rejected' && last.rejection.reason).toMatch(/not a real date and time/);
  });

  it('refuses an empty file and a header with no rows', () => {
    expect(parseIncidentFile('', 'csv').problems).toEqual([{ code: 'empty', severity: 'fatal' }]);
    expect(parseIncidentFile('id,category,title,lon,lat,at\r\n,,,,,\r\n', 'csv').problems).toEqual([{ code: 'empty', severity: 'fatal', line: 1 }]);
  });

  it('has an alias list for every incident field, canonical name first, and requires what the protocol does', () => {
    expect(Object.keys(INCIDENT_CSV_COLUMNS).sort()).toEqual(Object.keys(FEED_FIELDS.incident).sort());
    for (const [field, names] of Object.entries(INCIDENT_CSV_COLUMNS)) expect(names[0]).toBe(field);
    expect([...INCIDENT_CSV_REQUIRED].sort()).toEqual(['at', 'category', 'id', 'lat', 'lon', 'title']);
  });
});

describe('incidentFileFormat', () => {
  it.each<[string, string, IncidentFileFormat]>([
    ['a.csv', '{', 'csv'],
    ['a.JSONL', 'id,lon', 'jsonl'],
    ['a.ndjson', '', 'jsonl'],
    ['a.json', '', 'jsonl'],
    ['a.txt', '\ufeff  {"kind":"heartbeat"}', 'jsonl'],
    ['a.txt', '[1]', 'jsonl'],
    ['a.txt', '编号\t类别', 'csv'],
    ['noext', 'id,lon', 'csv'],
  ])('%s starting %j is %s', (name, text, format) => {
    expect(incidentFileFormat(name, text)).toBe(format);
  });

  it('lists each problem code once', () => {
    expect(new Set(FILE_PROBLEM_CODES).size).toBe(FILE_PROBLEM_CODES.length);
  });
});
