/**
 * Shared by the storage tests (not shipped code): a store over a database each test owns, table
 * counts, StoreError expectations, and a spy that records how a table was written chunk by chunk.
 */
import type { Table } from 'dexie';
import { expect, vi } from 'vitest';
import { createStore } from './create-store';
import { GridroomDb } from './db';
import { type GridroomStore, StoreError } from './index';

/** Opens stores on unique databases (no test sees another's rows) and closes them all at once. */
export function storeOpener(prefix: string): {
  uniqueName(label: string): string;
  /** A store over a db the test can put hooks on, to make a write fail halfway. */
  openWithDb(label: string): { db: GridroomDb; store: GridroomStore };
  track(store: GridroomStore): GridroomStore;
  closeAll(): void;
} {
  let counter = 0;
  const opened: GridroomStore[] = [];
  const uniqueName = (label: string): string => `${prefix}-${label}-${++counter}-${Date.now()}`;
  return {
    uniqueName,
    openWithDb(label) {
      const db = new GridroomDb(uniqueName(label));
      const store = createStore(db);
      opened.push(store);
      return { db, store };
    },
    track(store) {
      opened.push(store);
      return store;
    },
    closeAll() {
      for (const store of opened.splice(0)) store.close();
    },
  };
}

/** Row counts of every table, to show that a failed write changed nothing. */
export async function counts(db: GridroomDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of db.tables) out[table.name] = await table.count();
  return out;
}

/** Expects `promise` to reject with a StoreError of `code` and returns it. */
export async function storeError(promise: Promise<unknown>, code: StoreError['code']): Promise<StoreError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  return err as StoreError;
}

/**
 * Spies on `table.bulkPut` and records each chunk as "<size> ok" or "<size> failed", so a test can
 * show that a chunk really was written inside the transaction before a later one failed.
 */
export function recordChunks<T, K>(table: Table<T, K>): string[] {
  const chunks: string[] = [];
  const putAll = table.bulkPut.bind(table);
  vi.spyOn(table, 'bulkPut').mockImplementation(((items: readonly T[], ...rest: unknown[]) =>
    (putAll as (...a: unknown[]) => Promise<unknown>)(items, ...rest).then(
      (result) => {
        chunks.push(`${items.length} ok`);
        return result;
      },
      (err: unknown) => {
        chunks.push(`${items.length} failed`);
        throw err;
      },
    )) as never);
  return chunks;
}
