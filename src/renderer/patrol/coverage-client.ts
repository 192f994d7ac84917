/**
 * Runs a coverage report off the UI thread: in the coverage Web Worker where the platform has
 * Worker, else in this thread after a macrotask (Node tests). A new run or an abort terminates
 * the worker of the run before, so a stale week-long computation never competes with the next.
 */
import { computeCoverageReport, type CoverageInputs, type CoverageReport, type CoverageReportProgress, type CoverageRequest } from '@core/patrol/coverage-report';
import type { CoverageRunMessage, CoverageWorkerResponse } from './coverage-protocol';

/** The part of Worker the client uses (tests inject a fake). */
export interface CoverageWorkerLike {
  postMessage(message: CoverageRunMessage, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<CoverageWorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface CoverageRunControls {
  onProgress?: (progress: CoverageReportProgress) => void;
  signal?: AbortSignal;
  /** null forces the in-thread path; default: the bundled worker where Worker exists. */
  createWorker?: (() => CoverageWorkerLike) | null;
  /** Buffers of `inputs` to transfer rather than copy. */
  transfer?: ArrayBuffer[];
}

function defaultWorkerFactory(): (() => CoverageWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('../workers/coverage.worker.ts', import.meta.url), { type: 'module', name: 'gridroom-coverage' }) as unknown as CoverageWorkerLike;
}

const aborted = (): DOMException => new DOMException('The coverage computation was cancelled.', 'AbortError');
let runs = 0;
/** Cancels the run in progress (terminating its worker); null when none is. */
let cancelCurrent: (() => void) | null = null;

/**
 * The report for `inputs` and `request`; rejects with an AbortError when `signal` aborts or a
 * newer run starts (only the latest window and settings matter), or with the engine's error.
 */
export function runCoverageReport(inputs: CoverageInputs, request: CoverageRequest, controls: CoverageRunControls = {}): Promise<CoverageReport> {
  const { signal, onProgress } = controls;
  cancelCurrent?.();
  cancelCurrent = null;
  if (signal?.aborted) return Promise.reject(aborted());
  const factory = controls.createWorker === undefined ? defaultWorkerFactory() : controls.createWorker;
  if (!factory) {
    return new Promise((resolve, reject) => {
      let cancelled = false;
      const cancel = (): void => {
        cancelled = true;
      };
      cancelCurrent = cancel;
      setTimeout(() => {
        if (cancelCurrent === cancel) cancelCurrent = null;
        if (cancelled || signal?.aborted) return reject(aborted());
        try {
          resolve(computeCoverageReport(inputs, request, onProgress));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, 0);
    });
  }
  return new Promise((resolve, reject) => {
    const id = ++runs;
    const worker = factory();
    const finish = (): void => {
      if (cancelCurrent === onAbort) cancelCurrent = null;
      signal?.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    };
    const onAbort = (): void => {
      finish();
      reject(aborted());
    };
    cancelCurrent = onAbort;
    signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.id !== id && m.id !== -1) return;
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') {
        finish();
        resolve(m.report);
      } else {
        finish();
        reject(new Error(m.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(event.message || 'the coverage worker failed'));
    };
    worker.postMessage({ type: 'run', id, inputs, request }, controls.transfer ?? []);
  });
}
