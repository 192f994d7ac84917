/**
 * The patrol coverage Web Worker (a module worker bundled by Vite). Wiring only: the work is
 * patrol/coverage-worker-core.ts, so computing a week of tracks never blocks the UI thread.
 */
/// <reference lib="webworker" />
import { handleCoverageMessage } from '../patrol/coverage-worker-core';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<unknown>) => {
  handleCoverageMessage(event.data, (message, transfer) => scope.postMessage(message, transfer));
};
