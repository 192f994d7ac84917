/**
 * Runs a district allocation off the UI thread: in the allocation Web Worker when the platform
 * has Worker, else in this thread in chunks that yield to the event loop (Node tests, odd hosts).
 * Either way the UI stays responsive, progress is reported about every 1%, and an AbortSignal
 * cancels the run (the worker is terminated).
 */
import type { BuildingItem, DistrictAllocation } from '@core/allocate/district';
import type { District } from '@core/model';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { BuildingAllocation } from '@core/allocate/district';
import { allocateInChunks, yieldMacrotask, type SerializableAllocationOptions } from './run-chunked';

/**
 * Items per message each way. A structured clone of 100,000 footprints blocks its thread for
 * about 0.4 s (their results: 0.6–0.7 s; headless Chromium, this machine). The input parts are
 * sent with a yield between them and the result parts pulled one per turn ('next'; pushed ones
 * Chromium handles back to back). Measured over a 100,000-footprint run: the longest stall of
 * the UI thread (gap between 10 ms timer ticks) fell from ~590 ms in one message each way to
 * 41–65 ms; the run took ~2.5 s in the worker.
 */
export const MESSAGE_PART = 5000;

export interface RunAllocationControls {
  /** Items done and total, about every 1% of the items, never decreasing. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects the run with a DOMException named 'AbortError'. */
  signal?: AbortSignal;
  /**
   * Where the worker comes from; null forces the in-thread path. Defaults to the bundled
   * allocation worker when `Worker` exists. Tests inject a fake here.
   */
  createWorker?: (() => WorkerLike) | null;
}

/** The part of Worker the client uses. */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

function abortError(signal?: AbortSignal): DOMException {
  const reason: unknown = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  return new DOMException('The allocation was cancelled.', 'AbortError');
}

/** The bundled worker, or null where the platform has none. */
function defaultWorkerFactory(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('../workers/allocate.worker.ts', import.meta.url), { type: 'module', name: 'gridroom-allocate' }) as unknown as WorkerLike;
}

let runCounter = 0;

/**
 * Allocates `items` in `district`; resolves to what allocateBuildings(district, items, options)
 * returns. Rejects with an AbortError when `signal` aborts (before or during the run), and with
 * an Error when the worker reports one or fails to load.
 */
export function runAllocation(
  district: District,
  items: readonly BuildingItem[],
  options: SerializableAllocationOptions = {},
  controls: RunAllocationControls = {},
): Promise<DistrictAllocation> {
  const { signal, onProgress } = controls;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  // Callbacks cannot cross to a worker; only the serialisable options go.
  const plain: SerializableAllocationOptions = {
    ...(options.nearestM !== undefined ? { nearestM: options.nearestM } : {}),
    ...(options.band !== undefined ? { band: options.band } : {}),
    ...(options.suggestFor !== undefined ? { suggestFor: options.suggestFor } : {}),
  };
  const factory = controls.createWorker === undefined ? defaultWorkerFactory() : controls.createWorker;
  if (factory) return runInWorker(factory, district, items, plain, onProgress, signal);
  return runInThread(district, items, plain, onProgress, signal);
}

function monotonic(onProgress?: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    if (done < last) return;
    last = done;
    onProgress?.(done, total);
  };
}

async function runInThread(
  district: District,
  items: readonly BuildingItem[],
  options: SerializableAllocationOptions,
  onProgress: ((done: number, total: number) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<DistrictAllocation> {
  const result = await allocateInChunks(district, items, options, {
    onProgress: monotonic(onProgress),
    isCancelled: () => signal?.aborted === true,
  });
  if (result === null || signal?.aborted) throw abortError(signal);
  return result;
}

function runInWorker(
  factory: () => WorkerLike,
  district: District,
  items: readonly BuildingItem[],
  options: SerializableAllocationOptions,
  onProgress: ((done: number, total: number) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<DistrictAllocation> {
  return new Promise<DistrictAllocation>((resolve, reject) => {
    const id = `run-${++runCounter}-${Date.now().toString(36)}`;
    const progress = monotonic(onProgress);
    let worker: WorkerLike;
    try {
      worker = factory();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    let settled = false;
    const finish = (): void => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    };
    function onAbort(): void {
      if (settled) return;
      // Polite first (a worker shared later would stop the run), then terminate to free it now.
      try {
        worker.postMessage({ type: 'cancel', id });
      } catch {
        // The worker may already be gone; terminate below is what matters.
      }
      finish();
      reject(abortError(signal));
    }
    const parts: BuildingAllocation[][] = [];
    worker.onmessage = (event) => {
      const message = event.data;
      if (settled || message.id !== id) return;
      if (message.type === 'progress') progress(message.done, message.total);
      else if (message.type === 'result-items') {
        parts.push(message.items);
        // Ask for the next part only after a turn of the event loop, so input and rendering run
        // between parts instead of after all of them.
        setTimeout(() => {
          if (!settled) worker.postMessage({ type: 'next', id });
        }, 0);
      }
      else if (message.type === 'result') {
        finish();
        resolve({ ...message.allocation, items: [...parts.flat(), ...message.allocation.items] });
      } else if (message.type === 'error') {
        finish();
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      if (settled) return;
      finish();
      reject(new Error(`The allocation worker failed: ${event.message || 'could not load or crashed'}`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    void sendInParts();

    /** The run message with the first part, then the rest, yielding to the UI between parts. */
    async function sendInParts(): Promise<void> {
      const first = items.slice(0, MESSAGE_PART);
      const more = items.length > MESSAGE_PART;
      try {
        worker.postMessage({ type: 'run', id, district, items: first, options, more, resultChunk: MESSAGE_PART });
        for (let i = MESSAGE_PART; i < items.length; i += MESSAGE_PART) {
          await yieldMacrotask();
          if (settled) return;
          worker.postMessage({ type: 'items', id, items: items.slice(i, i + MESSAGE_PART), more: i + MESSAGE_PART < items.length });
        }
      } catch (err) {
        // postMessage throws DataCloneError for something that cannot be cloned.
        if (settled) return;
        finish();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
  });
}
