/**
 * Reading the input files of the CLI commands (allocate, coverage): one error class for "this
 * file yields nothing usable" that a command prints and exits 1 on, and the text of a file in
 * whatever encoding it came (UTF-8 or GB18030, see core/io decodeText).
 */
import { readFile } from 'node:fs/promises';
import { CRS_LIST, isCrs, type Crs } from '@core/crs';
import { decodeText } from '@core/io';

/** Thrown for a file that yields nothing usable: the command prints it and exits 1. */
export class UnreadableInput extends Error {}

/** The text of `file`; `what` names it in the error ("grids", "tracks"). */
export async function readInputText(file: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnreadableInput(`cannot read ${what} file ${file}${code ? ` (${code})` : ''}`);
  }
  return decodeText(bytes).text;
}

/** The value of a coordinate-system option (`flag` names it in the error), or throws saying which are known. */
export function crsOption(value: string, flag: string): Crs {
  if (!isCrs(value)) throw new Error(`--${flag} must be one of ${CRS_LIST.join(', ')}, got '${value}'`);
  return value;
}
