/**
 * Chunked writes: STACK.md measured that IndexedDB writes go best in steps of about 1,000 records,
 * large enough to be fast, small enough not to stall the event loop.
 */
import type { Table } from 'dexie';

/** Rows written per bulkPut: large enough to be fast, small enough not to stall the event loop. */
export const WRITE_CHUNK = 1000;

/** Writes `rows` in chunks of {@link WRITE_CHUNK}; call inside a transaction. */
export async function putChunked<T, K>(table: Table<T, K>, rows: readonly T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    await table.bulkPut(rows.slice(i, i + WRITE_CHUNK));
  }
}

/** Deletes `keys` in chunks of {@link WRITE_CHUNK}; call inside a transaction. */
export async function deleteChunked<T, K>(table: Table<T, K>, keys: readonly K[]): Promise<void> {
  for (let i = 0; i < keys.length; i += WRITE_CHUNK) {
    await table.bulkDelete(keys.slice(i, i + WRITE_CHUNK));
  }
}
