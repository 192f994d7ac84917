/**
 * The building-file reader Web Worker (a module worker, bundled by Vite from
 * `new Worker(new URL('../workers/read-buildings.worker.ts', import.meta.url), { type: 'module' })`).
 * It decodes a picked file and reads its records off the UI thread, and keeps the decoded file
 * for re-reads with another coordinate system. Wiring only: the logic and its message validation
 * live in allocation/read-worker-core.ts.
 */
/// <reference lib="webworker" />
import type { ReadResponse } from '../allocation/read-protocol';
import { createReadWorkerState, handleReadMessage } from '../allocation/read-worker-core';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const state = createReadWorkerState();
const post = (message: ReadResponse): void => scope.postMessage(message);

scope.onmessage = (event: MessageEvent<unknown>) => {
  void handleReadMessage(event.data, post, state);
};
