/**
 * Bytes of a user's file to text. Files made in China on Windows are often GBK/GB18030 rather
 * than UTF-8 (Excel's plain "CSV" save, many GIS exports), and reading those as UTF-8 turns a
 * 经度 header into replacement characters, so the column is "missing" for a reason no one can see.
 */

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'gb18030';
}

/**
 * Decodes UTF-8 when the bytes are valid UTF-8 (a leading BOM is dropped), else GB18030 (a
 * superset of GBK and GB2312). Valid UTF-8 that was meant as GBK is rare for Chinese text, because
 * GBK's two-byte sequences are almost never well-formed UTF-8.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}
