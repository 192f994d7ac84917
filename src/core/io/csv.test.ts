import { describe, expect, it } from 'vitest';
import { decodeText } from './text';
import { detectDelimiter, formatCsvRow, parseCsv } from './csv';

const fields = (text: string): string[][] => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(fields('a,b,c\n"x, y","say ""hi""","two\nlines"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('drops a BOM, takes CRLF and lone CR as line ends, skips blank lines and keeps empty fields', () => {
    const parsed = parseCsv('\ufeffid,lon\r\n1,113.6\r\n\r\n2,\r3,113.7');
    expect(parsed.records.map((r) => r.fields)).toEqual([['id', 'lon'], ['1', '113.6'], ['2', ''], ['3', '113.7']]);
    // Lines count from 1 with the header, blank lines included: messages can point into the file.
    expect(parsed.records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(parsed.error).toBeUndefined();
  });

  it('counts lines inside quoted fields so later rows keep their real line numbers', () => {
    expect(parseCsv('h\n"a\nb"\nc\n').records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('detects tab and semicolon delimiters from the header, outside quotes', () => {
    expect(detectDelimiter('id\tlon\tlat\n')).toBe('\t');
    expect(detectDelimiter('id;lon;lat\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(fields('id;lon\n1;113.6\n')).toEqual([['id', 'lon'], ['1', '113.6']]);
  });

  it('reports an unterminated quote instead of throwing', () => {
    const parsed = parseCsv('a,b\n"open,1\n2,3\n');
    expect(parsed.error).toMatch(/line 2 is never closed/);
    expect(parsed.records[0].fields).toEqual(['a', 'b']);
  });
});

describe('formatCsvRow', () => {
  it('quotes only what needs it and round-trips through parseCsv', () => {
    const row = ['plain', 'a,b', 'say "hi"', 'two\nlines', ''];
    const line = formatCsvRow(row);
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines",');
    expect(fields(line + '\n')).toEqual([row]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 (BOM dropped) and falls back to GB18030 for GBK files', () => {
    const utf8 = new TextEncoder().encode('\ufeff经度,纬度');
    expect(decodeText(utf8)).toEqual({ text: '经度,纬度', encoding: 'utf-8' });
    // 经度,纬度 in GBK, as Excel's plain "CSV" saves it on a Chinese Windows.
    const gbk = new Uint8Array([0xbe, 0xad, 0xb6, 0xc8, 0x2c, 0xce, 0xb3, 0xb6, 0xc8]);
    expect(decodeText(gbk)).toEqual({ text: '经度,纬度', encoding: 'gb18030' });
  });
});
