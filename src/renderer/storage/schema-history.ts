/**
 * Every IndexedDB schema version Gridroom has ever shipped, oldest first. The database class
 * declares them all, in order, so Dexie can walk a database from whatever version a user's
 * machine last saw up to the newest one: this list *is* the migration path. Never edit or
 * remove a shipped entry; users' databases were built by it.
 *
 * How to add version 2:
 * 1. Append `{ version: 2, stores: { ...only the tables whose keys or indexes change
 *    (null deletes a table)... }, upgrade: async (tx) => { ...rewrite rows with tx.table(...) } }`.
 *    Dexie carries over tables a version does not mention.
 * 2. Run `npx tsx test/fixtures/db/dump-fixture.ts` to write test/fixtures/db/v2.json from a
 *    database the new code built; keep v1.json as it is (it is what old installs hold) and update
 *    only its `expected` block if the District shape changed.
 * 3. The migration test then opens every v<N>.json fixture with the new code; it fails while the
 *    number of fixtures differs from the number of versions here.
 */
import type { Transaction } from 'dexie';

/** One shipped schema version, in Dexie's `stores()` syntax. */
export interface SchemaVersion {
  /** Dexie version number (Dexie stores it in IndexedDB multiplied by 10). */
  readonly version: number;
  /** Table name to Dexie index spec; `null` deletes the table. */
  readonly stores: Readonly<Record<string, string | null>>;
  /** Rewrites rows from the previous version's shape; runs inside the upgrade transaction. */
  readonly upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // The district header under 'district', settings under 'setting:<key>'.
      meta: '&key',
      grids: '&code, level, parentCode, kind',
      buildings: '&id, gridCode, compound',
      staff: '&id, gridCode, role',
      roads: '&id',
      pois: '&id',
      importLog: '++id, at',
    },
  },
  {
    // Committed allocations of new buildings, for undo (AllocationBatchRow). A new table only:
    // existing rows keep their shape, so there is no upgrade function.
    version: 2,
    stores: {
      allocationBatches: '&id, at',
    },
  },
];

/** The newest schema version this build knows; a database above it was written by a newer app. */
export const CURRENT_SCHEMA_VERSION: number = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1].version;
