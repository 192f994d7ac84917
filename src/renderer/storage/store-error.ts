/**
 * The one error type the storage layer throws on purpose, so callers can branch on `code`
 * (show "this file repeats grid codes", "update Gridroom") instead of parsing messages.
 */
import type { GridCode } from '@core/model';

export type StoreErrorCode =
  /** importGrids: some codes already exist (or repeat within the batch); nothing was written. */
  | 'duplicate_code'
  /** commitAllocation: some building ids already exist (or repeat within the batch); nothing was written. */
  | 'duplicate_building'
  /** undoAllocation: no such batch, or it was already undone; nothing was changed. */
  | 'no_batch'
  /** The database, or the district in it, was written by a newer Gridroom than this one. */
  | 'newer_version'
  /** importGrids or commitAllocation before any district exists. */
  | 'no_district'
  /** Stored rows do not form a District (damaged or hand-edited database). */
  | 'corrupt_data'
  /** IndexedDB would not open for another reason (quota, private mode, blocked); see `cause`. */
  | 'open_failed';

export interface StoreErrorDetails {
  /** The offending grid codes, for 'duplicate_code'. */
  codes?: readonly GridCode[];
  /** The offending building ids, for 'duplicate_building'. */
  ids?: readonly string[];
  /** The batch asked for, for 'no_batch'. */
  batchId?: string;
  /** The version found on disk, for 'newer_version'. */
  foundVersion?: number;
  /** The newest version this build supports, for 'newer_version'. */
  supportedVersion?: number;
  cause?: unknown;
}

/** A storage failure with a machine-readable `code`. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly codes: readonly GridCode[];
  readonly ids: readonly string[];
  readonly batchId: string | undefined;
  readonly foundVersion: number | undefined;
  readonly supportedVersion: number | undefined;

  constructor(code: StoreErrorCode, message: string, details: StoreErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StoreError';
    this.code = code;
    this.codes = details.codes ?? [];
    this.ids = details.ids ?? [];
    this.batchId = details.batchId;
    this.foundVersion = details.foundVersion;
    this.supportedVersion = details.supportedVersion;
  }
}

/** Narrowing helper that survives errors re-wrapped by Dexie (it keeps the original as `inner`). */
export function asStoreError(err: unknown): StoreError | null {
  if (err instanceof StoreError) return err;
  if (typeof err === 'object' && err !== null && 'inner' in err) {
    const inner = (err as { inner: unknown }).inner;
    if (inner instanceof StoreError) return inner;
  }
  return null;
}
