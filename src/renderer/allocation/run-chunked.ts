/**
 * Allocation in chunks, yielding between them, so a long run neither freezes the thread it is on
 * nor ignores a cancel request. Shared by the worker core and the in-thread fallback.
 */
import {
  createDistrictAllocator,
  type BuildingAllocation,
  type BuildingItem,
  type DistrictAllocation,
  type DistrictAllocationOptions,
} from '@core/allocate/district';
import type { District } from '@core/model';

/** What can cross to a worker: the engine's options without callbacks. */
export type SerializableAllocationOptions = Pick<DistrictAllocationOptions, 'nearestM' | 'band' | 'suggestFor'>;

/** Progress steps per run: one report per chunk, so about every 1% of the items. */
export const PROGRESS_STEPS = 100;

/** Items per chunk for `total` items: ~1% of them, at least 1. */
export function chunkSize(total: number): number {
  return Math.max(1, Math.ceil(total / PROGRESS_STEPS));
}

export interface ChunkedRunHooks {
  /** After each chunk (and once with done = 0 before the first), items done and total. */
  onProgress?: (done: number, total: number) => void;
  /** Checked before each chunk; true stops the run, which then resolves to null. */
  isCancelled?: () => boolean;
  /** Lets the thread handle other events between chunks; defaults to a macrotask (setTimeout 0). */
  yieldToEvents?: () => Promise<void>;
}

/** A macrotask turn: lets pending messages, input and rendering run. */
export const yieldMacrotask = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

/**
 * Allocates `items` in chunks of {@link chunkSize}, yielding between chunks. Resolves to what
 * allocateBuildings(district, items, options) returns, or null when cancelled. Throws only what
 * the engine throws (it does not throw on bad items).
 */
export async function allocateInChunks(
  district: District,
  items: readonly BuildingItem[],
  options: SerializableAllocationOptions,
  hooks: ChunkedRunHooks = {},
): Promise<DistrictAllocation | null> {
  const pause = hooks.yieldToEvents ?? yieldMacrotask;
  const total = items.length;
  const step = chunkSize(total);
  if (hooks.isCancelled?.()) return null;
  const allocator = createDistrictAllocator(district, options);
  hooks.onProgress?.(0, total);
  const allocations: BuildingAllocation[] = [];
  for (let start = 0; start < total; start += step) {
    await pause();
    if (hooks.isCancelled?.()) return null;
    const end = Math.min(total, start + step);
    for (let i = start; i < end; i++) allocations.push(allocator.allocate(items[i]));
    hooks.onProgress?.(end, total);
  }
  if (hooks.isCancelled?.()) return null;
  return allocator.report(allocations);
}
