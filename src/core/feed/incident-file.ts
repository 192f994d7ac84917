/**
 * Incident files: a day's cases exported from a 12345 hotline platform or a department, loaded by
 * an operator (docs/incident-files.md). Two formats:
 *
 * - JSON Lines: one protocol message per line, exactly as on the wire (docs/feed-protocol.md), or
 *   a `.json` file holding one array of messages.
 * - CSV: a header row naming protocol v1 incident fields, in English or Chinese (编号, 经度, 上报时间…);
 *   every row becomes one incident message.
 *
 * This module only turns the file into raw messages with their line numbers. It judges nothing a
 * message says: every message then goes through the same ingest as a live feed (validation with
 * the protocol's reasons, duplicates by id and version, stale versions), so a file can never do
 * what a feed could not. What it does judge is the file as a whole (no header, missing columns,
 * an unclosed quote): those are coded FileProblems, not sentences, so the UI words them.
 *
 * Pure: text in, values out; TextDecoder is the only platform API (a web and JS global).
 */
import { parseCsv, stripBom, type CsvRecord } from '../io/csv';
import { LAT_COLUMNS, LON_COLUMNS } from '../io/read-geo-items';
import { decodeText } from '../io/text';
import { AT_PATTERN, FEED_FIELDS, MAX_MESSAGE_BYTES, type IncidentMessage } from './protocol';

/** How the text of an incident file is laid out. */
export type IncidentFileFormat = 'jsonl' | 'csv';

/** File name extensions an incident file may have (without the dot), as a picker offers them. */
export const INCIDENT_FILE_EXTENSIONS: readonly string[] = ['jsonl', 'ndjson', 'json', 'csv', 'txt'];

/** China Standard Time, UTC+8, in minutes east of UTC: the default for CSV times without an offset. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

export interface IncidentFileOptions {
  /**
   * CSV only: the offset, in minutes east of UTC, of report times written without one
   * (`2024-05-01 08:30`). Default 480 (China, UTC+8). Times with an offset keep theirs. JSON Lines
   * messages are taken exactly as on the wire, so this does not apply to them.
   */
  utcOffsetMinutes?: number;
}

/** One message of the file as ingest should receive it, with the 1-based line it starts on. */
export interface IncidentFileMessage {
  line: number;
  /** A parsed value, or the text of a line that is not JSON (ingest refuses it with the protocol's reason). */
  raw: unknown;
}

/** What can be wrong with a file as a whole. */
export type FileProblemCode =
  /** fatal: no message and no data row (only blank lines, or a header alone). */
  | 'empty'
  /** fatal (CSV): required columns missing; `columns` are the missing fields, `found` the header as written. */
  | 'missing_columns'
  /** fatal (JSON Lines): not one line is JSON, so this is not a JSON Lines file at all. */
  | 'no_json'
  /** warning (CSV): a quote opened on `line` is never closed; that row and everything after it were not read. */
  | 'unclosed_quote'
  /** warning (CSV): several columns name the same field; the first was used, `columns` were not. */
  | 'duplicate_columns'
  /** info (CSV): the header is on `line`, not line 1; the lines above it (a title) were skipped. */
  | 'header_not_first'
  /** info (CSV): columns that name no field were ignored (`columns`, as written). */
  | 'ignored_columns';

/** fatal: nothing in the file is imported. warning: imported, but something was left out. info: a note. */
export type FileProblemSeverity = 'fatal' | 'warning' | 'info';

export const FILE_PROBLEM_CODES: readonly FileProblemCode[] = [
  'empty',
  'missing_columns',
  'no_json',
  'unclosed_quote',
  'duplicate_columns',
  'header_not_first',
  'ignored_columns',
];

/** A problem of the file as a whole, coded for the UI to word. */
export interface FileProblem {
  code: FileProblemCode;
  severity: FileProblemSeverity;
  /** 1-based line it concerns: the header's, the unclosed quote's. */
  line?: number;
  /** missing_columns: the missing fields (canonical names); others: the columns concerned, as written. */
  columns?: string[];
  /** missing_columns: every column of the header, as written. */
  found?: string[];
}

/** A field of an incident message that a CSV column can hold. */
export type IncidentCsvField = Exclude<keyof IncidentMessage, 'kind'>;

export interface IncidentFileParse {
  format: IncidentFileFormat;
  /** Empty when a problem is fatal. */
  messages: IncidentFileMessage[];
  problems: FileProblem[];
  /** CSV: the column (as written) each field was read from. */
  columns?: Partial<Record<IncidentCsvField, string>>;
}

/**
 * Column names accepted for each field, the canonical name first, then the others in the order
 * they are tried; case, surrounding space and inner space are ignored. When several columns could
 * give one field, the earlier name in this list wins; a column gives at most one field, and fields
 * are matched in protocol order, so with both 标题 and 问题描述 the first is the title and the
 * second the description, while 问题描述 alone is the title.
 */
export const INCIDENT_CSV_COLUMNS: Readonly<Record<IncidentCsvField, readonly string[]>> = {
  seq: ['seq', '序号', '顺序号'],
  at: ['at', 'reported_at', 'report_time', 'time', '上报时间', '反映时间', '来电时间', '发现时间', '报告时间', '时间'],
  id: ['id', 'incident_id', 'case_id', '编号', '案件编号', '事件编号', '工单编号', '工单号', '案件号'],
  version: ['version', '版本', '版本号'],
  category: ['category', 'category_code', '类别', '案件类别', '分类代码', '类别代码', '案件分类', '分类'],
  title: ['title', '标题', '案件标题', '事件标题', '问题标题', '主题', '问题描述'],
  lon: LON_COLUMNS,
  lat: LAT_COLUMNS,
  crs: ['crs', '坐标系', '坐标系统'],
  source: ['source', '来源', '案件来源', '信息来源'],
  priority: ['priority', '优先级', '紧急程度', '紧急度'],
  description: ['description', '描述', '详细描述', '案件描述', '问题详情', '诉求内容', '内容', '问题描述'],
  status: ['status', '状态', '案件状态'],
};

/** Fields a CSV must have columns for: the protocol's required incident fields but seq and version, which have defaults. */
export const INCIDENT_CSV_REQUIRED: readonly IncidentCsvField[] = (Object.keys(FEED_FIELDS.incident) as IncidentCsvField[]).filter(
  (field) => FEED_FIELDS.incident[field].required && field !== 'seq' && field !== 'version',
);

/** Records (from the top) searched for the header row: exports often put a title line or two above it. */
const HEADER_SEARCH_ROWS = 10;

// ---------------------------------------------------------------------------------------------
// Decoding and format

export type IncidentFileEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * The text of an incident file's bytes: UTF-16 when it starts with a UTF-16 byte order mark
 * (Excel's "Unicode text" export, common for Chinese data), else UTF-8 when the bytes are valid
 * UTF-8, else GB18030 (Excel's plain CSV on a Chinese Windows), as core/io's decodeText decides.
 * A byte order mark is dropped.
 */
export function decodeIncidentFile(bytes: Uint8Array): { text: string; encoding: IncidentFileEncoding } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  return decodeText(bytes);
}

/**
 * The format of a file by its extension (.csv and .tsv: CSV; .jsonl, .ndjson, .json: JSON Lines),
 * else by its first character: `{` or `[` is JSON, anything else CSV (a .txt export may be either).
 */
export function incidentFileFormat(name: string, text: string): IncidentFileFormat {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  const first = /\S/.exec(stripBom(text))?.[0];
  return first === '{' || first === '[' ? 'jsonl' : 'csv';
}

/** Whether any problem stops the whole file. */
export function hasFatalProblem(problems: readonly FileProblem[]): boolean {
  return problems.some((p) => p.severity === 'fatal');
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * The messages of an incident file's text (already decoded, see decodeIncidentFile), with their
 * lines, and what is wrong with the file as a whole. Never throws on bad content; a fatal problem
 * leaves `messages` empty.
 *
 * @example parseIncidentFile('编号,类别,标题,经度,纬度,上报时间\ni-1,0101,井盖缺失,113.60,34.74,2024-05-01 08:30\n', 'csv')
 *   // → messages: [{ line: 2, raw: { kind: 'incident', id: 'i-1', category: '0101', title: '井盖缺失',
 *   //      lon: 113.6, lat: 34.74, at: '2024-05-01T08:30:00+08:00', version: 1, seq: 1 } }]
 * @throws RangeError when `utcOffsetMinutes` is not a whole number of minutes within ±23:59.
 */
export function parseIncidentFile(text: string, format: IncidentFileFormat, options: IncidentFileOptions = {}): IncidentFileParse {
  const offset = options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES;
  if (!Number.isInteger(offset) || Math.abs(offset) > 23 * 60 + 59) {
    throw new RangeError(`utcOffsetMinutes must be a whole number within ±1439, got ${offset}`);
  }
  return format === 'csv' ? parseCsvFile(text, offset) : parseJsonLinesFile(text);
}

const fatal = (format: IncidentFileFormat, problem: Omit<FileProblem, 'severity'>, columns?: IncidentFileParse['columns']): IncidentFileParse => ({
  format,
  messages: [],
  problems: [{ ...problem, severity: 'fatal' }],
  ...(columns ? { columns } : {}),
});

// JSON Lines ----------------------------------------------------------------------------------

function parseJsonLinesFile(input: string): IncidentFileParse {
  const text = stripBom(input);
  const whole = wholeFileMessages(text);
  if (whole) return whole.length === 0 ? fatal('jsonl', { code: 'empty' }) : { format: 'jsonl', messages: whole, problems: [] };

  const messages: IncidentFileMessage[] = [];
  let parsedAny = false;
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    // A line over the limit stays text, so ingest refuses it as too large without parsing it.
    if (line.length > MAX_MESSAGE_BYTES) {
      messages.push({ line: lineNo, raw: line });
      continue;
    }
    try {
      messages.push({ line: lineNo, raw: JSON.parse(line) as unknown });
      parsedAny = true;
    } catch {
      messages.push({ line: lineNo, raw: line });
    }
  }
  if (messages.length === 0) return fatal('jsonl', { code: 'empty' });
  // Not one line is JSON: a CSV or a document picked by mistake, not a file of bad messages.
  if (!parsedAny) return fatal('jsonl', { code: 'no_json' });
  return { format: 'jsonl', messages, problems: [] };
}

/**
 * The messages of a file that is one JSON value (a `.json` export): an array of messages, an HTTP
 * poll body `{"messages": […]}`, or one message written over several lines. undefined when the
 * file is not one JSON value of those shapes, so it is read line by line.
 */
function wholeFileMessages(text: string): IncidentFileMessage[] | undefined {
  const at = text.search(/\S/);
  if (at < 0) return undefined;
  const opener = text[at];
  // One object on one line is simply JSON Lines with one line.
  if (opener !== '[' && !(opener === '{' && /\n\s*\S/.test(text.slice(at)))) return undefined;
  let value: unknown;
  try {
    // For a JSON Lines file this fails at the end of its first line: cheap.
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const firstLine = lineAt(text, at);
  if (Array.isArray(value)) return elementsWithLines(value, text, at);
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as { messages?: unknown }).messages;
  if (Array.isArray(inner) && !('kind' in value)) {
    const open = text.indexOf('[', text.indexOf('"messages"'));
    return elementsWithLines(inner, text, open);
  }
  return [{ line: firstLine, raw: value }];
}

/** 1-based line of the character at `index`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The elements of the JSON array opening at `open` in `text` (valid JSON: it parsed), each with
 * the line its value starts on, found by one scan that skips strings and nested values.
 */
function elementsWithLines(values: unknown[], text: string, open: number): IncidentFileMessage[] {
  const lines: number[] = [];
  let line = lineAt(text, open);
  let depth = 0;
  let expectValue = true;
  for (let i = open + 1; i < text.length && lines.length < values.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (depth === 0 && c === ',') {
      expectValue = true;
      continue;
    }
    if (depth === 0 && c === ']') break;
    if (depth === 0 && expectValue) {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') {
      // Skip the string; it may hold brackets, but no raw line break (JSON forbids them).
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return values.map((raw, i) => ({ line: lines[i] ?? line, raw }));
}

// CSV -----------------------------------------------------------------------------------------

/** A header cell as compared with the aliases: lower case, no white space (full-width included). */
const normalise = (name: string): string => name.toLowerCase().replace(/\s+/g, '');

const FIELDS = Object.keys(INCIDENT_CSV_COLUMNS) as IncidentCsvField[];
const ALIASES: Readonly<Record<IncidentCsvField, readonly string[]>> = Object.fromEntries(
  FIELDS.map((field) => [field, INCIDENT_CSV_COLUMNS[field].map(normalise)]),
) as unknown as Record<IncidentCsvField, readonly string[]>;

/** Column index per field found in `header`, and the columns matched by no field or a field already given. */
function mapHeader(header: readonly string[]): { at: Partial<Record<IncidentCsvField, number>>; duplicate: number[]; ignored: number[] } {
  const names = header.map(normalise);
  const used = new Set<number>();
  const at: Partial<Record<IncidentCsvField, number>> = {};
  // Protocol order (FEED_FIELDS) decides which field a column shared by two alias lists gives.
  for (const field of Object.keys(FEED_FIELDS.incident) as IncidentCsvField[]) {
    for (const alias of ALIASES[field]) {
      const i = names.findIndex((name, index) => name === alias && !used.has(index));
      if (i >= 0) {
        at[field] = i;
        used.add(i);
        break;
      }
    }
  }
  const duplicate: number[] = [];
  const ignored: number[] = [];
  names.forEach((name, i) => {
    if (used.has(i) || name === '') return;
    if (FIELDS.some((field) => ALIASES[field].includes(name))) duplicate.push(i);
    else ignored.push(i);
  });
  return { at, duplicate, ignored };
}

function parseCsvFile(text: string, offsetMinutes: number): IncidentFileParse {
  const parsed = parseCsv(text);
  const records = parsed.records;
  if (records.length === 0) return fatal('csv', { code: 'empty' });

  // The header: the first of the top records that has every required column.
  let headerAt = -1;
  let mapping = mapHeader(records[0].fields);
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, records.length); r++) {
    const candidate = r === 0 ? mapping : mapHeader(records[r].fields);
    if (INCIDENT_CSV_REQUIRED.every((field) => candidate.at[field] !== undefined)) {
      headerAt = r;
      mapping = candidate;
      break;
    }
  }
  const header = records[Math.max(headerAt, 0)];
  const found = header.fields.map((h) => h.trim());
  const columns: Partial<Record<IncidentCsvField, string>> = {};
  for (const field of FIELDS) {
    const i = mapping.at[field];
    if (i !== undefined) columns[field] = found[i];
  }
  if (headerAt < 0) {
    // Judged against line 1: that is where a header belongs, and what the user will look at.
    const missing = INCIDENT_CSV_REQUIRED.filter((field) => mapping.at[field] === undefined);
    return fatal('csv', { code: 'missing_columns', line: header.line, columns: missing, found }, columns);
  }

  const problems: FileProblem[] = [];
  if (headerAt > 0) problems.push({ code: 'header_not_first', severity: 'info', line: header.line });
  if (mapping.duplicate.length > 0) problems.push({ code: 'duplicate_columns', severity: 'warning', line: header.line, columns: mapping.duplicate.map((i) => found[i]) });
  if (mapping.ignored.length > 0) problems.push({ code: 'ignored_columns', severity: 'info', line: header.line, columns: mapping.ignored.map((i) => found[i]) });

  let rows: readonly CsvRecord[] = records.slice(headerAt + 1);
  if (parsed.error !== undefined && rows.length > 0) {
    // The last record ran to the end of the file inside a quote: it swallowed every line after
    // the quote, so it is not a row; importing it would make up an incident from fragments.
    const cut = rows[rows.length - 1];
    rows = rows.slice(0, -1);
    problems.push({ code: 'unclosed_quote', severity: 'warning', line: cut.line });
  }

  const fieldsAt = FIELDS.flatMap((field) => (mapping.at[field] === undefined ? [] : [[field, mapping.at[field]] as const]));
  const messages: IncidentFileMessage[] = [];
  rows.forEach((row, index) => {
    const message = rowMessage(row.fields, fieldsAt, offsetMinutes);
    if (message === null) return;
    message.version ??= 1;
    // The data row's number: seqs then increase down the file, as a feed's do.
    message.seq ??= index + 1;
    messages.push({ line: row.line, raw: message });
  });
  if (messages.length === 0) return { format: 'csv', messages, problems: [{ code: 'empty', severity: 'fatal', line: header.line }, ...problems], columns };
  return { format: 'csv', messages, problems, columns };
}

/** One row as an incident message, or null when every cell it uses is empty (Excel's trailing ",,,," rows). */
function rowMessage(cells: readonly string[], fieldsAt: readonly (readonly [IncidentCsvField, number])[], offsetMinutes: number): Record<string, unknown> | null {
  const message: Record<string, unknown> = { kind: 'incident' };
  let any = false;
  for (const [field, i] of fieldsAt) {
    // Cells are trimmed: spaces around a spreadsheet cell are an accident of layout, not data.
    const cell = (cells[i] ?? '').trim();
    // An empty cell is an absent field: ingest says "lat is missing" for a required one.
    if (cell === '') continue;
    any = true;
    message[field] = cellValue(field, cell, offsetMinutes);
  }
  return any ? message : null;
}

/** Plain decimal or exponent notation only: Number('') is 0 and Number('0x1A') is 26. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function cellValue(field: IncidentCsvField, cell: string, offsetMinutes: number): unknown {
  switch (field) {
    case 'at':
      return csvTime(cell, offsetMinutes);
    case 'crs':
      return CRS_WORDS[normalise(cell).replace(/[-_]/g, '')] ?? cell;
    case 'source':
      return SOURCE_WORDS[normalise(cell)] ?? cell;
    case 'status':
      return STATUS_WORDS[normalise(cell)] ?? cell;
    case 'priority':
      return DECIMAL.test(cell) ? Number(cell) : (PRIORITY_WORDS[normalise(cell)] ?? cell);
  }
  const type = FEED_FIELDS.incident[field].type;
  // An unparseable number stays a string, so ingest refuses it naming its field ("lat must be a number, got a string").
  if (type === 'number' || type === 'integer') return DECIMAL.test(cell) ? Number(cell) : cell;
  return cell;
}

// Values as Chinese systems write them (and as Gridroom's own Chinese UI names them). A value not
// listed is passed as written and refused by ingest, which names the values it accepts.

const CRS_WORDS: Readonly<Record<string, string>> = {
  wgs84: 'wgs84',
  cgcs2000: 'cgcs2000',
  gcj02: 'gcj02',
  bd09: 'bd09',
  bd09ll: 'bd09',
  国家2000: 'cgcs2000',
  火星坐标: 'gcj02',
  高德: 'gcj02',
  百度: 'bd09',
};

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  patrol: 'patrol',
  resident: 'resident',
  hotline_12345: 'hotline_12345',
  sensor: 'sensor',
  department: 'department',
  '12345': 'hotline_12345',
  '12345热线': 'hotline_12345',
  热线: 'hotline_12345',
  市民热线: 'hotline_12345',
  网格员巡查: 'patrol',
  网格员: 'patrol',
  巡查: 'patrol',
  巡查上报: 'patrol',
  居民上报: 'resident',
  居民: 'resident',
  群众: 'resident',
  市民: 'resident',
  感知设备: 'sensor',
  传感器: 'sensor',
  物联感知: 'sensor',
  部门转办: 'department',
  部门: 'department',
  部门移交: 'department',
};

const STATUS_WORDS: Readonly<Record<string, string>> = {
  collected: 'collected',
  registered: 'registered',
  dispatched: 'dispatched',
  handling: 'handling',
  handled: 'handled',
  closed: 'closed',
  evaluated: 'evaluated',
  rejected: 'rejected',
  已上报: 'collected',
  上报: 'collected',
  待受理: 'collected',
  信息收集: 'collected',
  已立案: 'registered',
  立案: 'registered',
  案卷建立: 'registered',
  已派遣: 'dispatched',
  派遣: 'dispatched',
  任务派遣: 'dispatched',
  处置中: 'handling',
  处理中: 'handling',
  任务处理: 'handling',
  已处置: 'handled',
  已处理: 'handled',
  处理反馈: 'handled',
  已结案: 'closed',
  结案: 'closed',
  核实结案: 'closed',
  已评价: 'evaluated',
  综合评价: 'evaluated',
  不予立案: 'rejected',
  不予受理: 'rejected',
  作废: 'rejected',
};

const PRIORITY_WORDS: Readonly<Record<string, number>> = {
  urgent: 1,
  high: 2,
  normal: 3,
  紧急: 1,
  特急: 1,
  特别紧急: 1,
  加急: 2,
  较急: 2,
  高: 2,
  一般: 3,
  普通: 3,
  正常: 3,
};

/**
 * Date, then time (hours may have one digit, seconds and a fraction are optional), then an
 * optional offset (`Z`, `+08:00`, `+0800`). Dates as 2024-05-01, 2024/5/1, 2024.5.1 or 2024年5月1日.
 */
const LOOSE_TIME =
  /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?(?:T|\s+|(?<=日))(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.(\d{1,9}))?)?\s*(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

const two = (s: string): string => s.padStart(2, '0');

/** `±hh:mm` for minutes east of UTC. */
function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${two(String(Math.floor(abs / 60)))}:${two(String(abs % 60))}`;
}

/**
 * A report time as the protocol's ISO 8601 with an offset: a time already in that form is kept;
 * common spreadsheet forms are rewritten, with `offsetMinutes` when they carry no offset. Anything
 * else is passed as written, for ingest to refuse as a bad time. Whether the date is real
 * (30 February) is ingest's to judge, on the rewritten text.
 */
function csvTime(cell: string, offsetMinutes: number): string {
  if (AT_PATTERN.test(cell)) return cell;
  const m = LOOSE_TIME.exec(cell);
  if (!m) return cell;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, oh, om] = m;
  const offset = zulu ? 'Z' : sign ? `${sign}${oh}:${om}` : offsetText(offsetMinutes);
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${minute}:${second ?? '00'}${fraction ? `.${fraction}` : ''}${offset}`;
}
