/**
 * CONTRACT STUB (owner: storage helper). The renderer's local store (Dexie over IndexedDB).
 */
import type { District, GridUnit } from '@core/model';

export interface GridroomStore {
  /** The stored district, or null before first start. */
  loadDistrict(): Promise<District | null>;
  /** Loads the district; on first start generates it with `makeDemo` and writes it in one transaction. */
  loadOrSeed(makeDemo: () => District): Promise<{ district: District; seeded: boolean }>;
  /** Replaces everything (grids, buildings, staff, roads, pois) with `demo`, in one transaction. */
  resetTo(demo: District): Promise<District>;
  /**
   * Adds new grid units in one transaction. Rejects (and writes nothing) if any code already
   * exists. Returns the district as stored afterwards.
   */
  importGrids(grids: readonly GridUnit[], source: { fileName: string }): Promise<District>;
  /** A stored setting, passed through `parse` (untrusted: it may be from an older version). */
  getSetting<T>(key: string, parse: (value: unknown) => T | null): Promise<T | null>;
  setSetting(key: string, value: unknown): Promise<void>;
  close(): void;
}

export function openStore(dbName?: string): Promise<GridroomStore> {
  void dbName;
  throw new Error('not implemented');
}
