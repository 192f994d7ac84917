/**
 * CSV in and out, as RFC 4180 writes it and as spreadsheet programs actually save it: a leading
 * byte-order mark, CRLF or LF line ends, quoted fields holding delimiters, quotes ("") and line
 * breaks, and a tab or semicolon delimiter where a locale or tool chose one. Pure: text in, text out.
 */

/** One parsed record and the 1-based line it starts on (so messages can point into the file). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

export interface CsvParse {
  records: CsvRecord[];
  delimiter: string;
  /** Set when the text ends inside a quoted field: the last record is then incomplete. */
  error?: string;
}

/** Removes a leading U+FEFF, which Windows tools (Excel's "CSV UTF-8") put before the header. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The delimiter of the header line, outside quotes: comma unless the line has none and has a tab
 * or semicolon instead (tab-separated exports, and European Excel, which saves with semicolons).
 */
export function detectDelimiter(text: string): string {
  let inQuotes = false;
  let tabs = 0;
  let semicolons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes) {
      if (c === '\n' || c === '\r') break;
      if (c === ',') return ',';
      if (c === '\t') tabs++;
      else if (c === ';') semicolons++;
    }
  }
  if (tabs > 0) return '\t';
  if (semicolons > 0) return ';';
  return ',';
}

/**
 * Parses CSV text into records. Blank lines are skipped (editors leave them at the end); fields
 * are not trimmed (the caller knows which ones are numbers). Never throws: an unterminated quote
 * is reported in `error`, with what was read up to the end of the text kept.
 */
export function parseCsv(input: string, delimiter?: string): CsvParse {
  const text = stripBom(input);
  const delim = delimiter ?? detectDelimiter(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;

  const endRecord = (): void => {
    fields.push(field);
    // A record that is one empty field is a blank line, not data.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      inQuotes = true;
      quoteLine = line;
    } else if (c === delim) {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      // CRLF counts as one line end; a lone CR (old Mac files) as one too.
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  const result: CsvParse = { records, delimiter: delim };
  if (inQuotes) result.error = `a quoted field opened on line ${quoteLine} is never closed`;
  return result;
}

/** Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180), else leaves it. */
export function formatCsvField(value: string, delimiter = ','): string {
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** One CSV line, without its line end. */
export function formatCsvRow(values: readonly string[], delimiter = ','): string {
  return values.map((v) => formatCsvField(v, delimiter)).join(delimiter);
}
