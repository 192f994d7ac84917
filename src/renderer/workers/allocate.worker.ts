/**
 * The allocation Web Worker (a module worker, bundled by Vite from
 * `new Worker(new URL('../workers/allocate.worker.ts', import.meta.url), { type: 'module' })`).
 * Wiring only: the logic and its message validation live in allocation/worker-core.ts.
 */
/// <reference lib="webworker" />
import type { WorkerResponse } from '../allocation/protocol';
import { createWorkerState, handleMessage } from '../allocation/worker-core';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const state = createWorkerState();
const post = (message: WorkerResponse): void => scope.postMessage(message);

scope.onmessage = (event: MessageEvent<unknown>) => {
  void handleMessage(event.data, post, state);
};
