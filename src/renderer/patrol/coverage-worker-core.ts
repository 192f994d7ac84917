/**
 * What the coverage worker does with a message, apart from the worker global: testable in Node.
 * Progress is posted at most every PROGRESS_EVERY_MS so a long run does not flood the UI thread.
 */
import { computeCoverageReport } from '@core/patrol/coverage-report';
import { isCoverageRunMessage, type CoverageWorkerResponse } from './coverage-protocol';

export const PROGRESS_EVERY_MS = 50;

/** Runs one message; `post` gets progress, then done or failed. `transfer` lists buffers to hand over. */
export function handleCoverageMessage(data: unknown, post: (message: CoverageWorkerResponse, transfer: Transferable[]) => void, now: () => number = Date.now): void {
  if (!isCoverageRunMessage(data)) {
    const id = typeof (data as { id?: unknown } | null)?.id === 'number' ? (data as { id: number }).id : -1;
    post({ type: 'failed', id, message: 'the coverage worker received a malformed request' }, []);
    return;
  }
  const { id } = data;
  let last = -Infinity;
  try {
    const report = computeCoverageReport(data.inputs, data.request, (progress) => {
      const t = now();
      if (t - last < PROGRESS_EVERY_MS && progress.fraction < 1) return;
      last = t;
      post({ type: 'progress', id, progress }, []);
    });
    post({ type: 'done', id, report }, report.gapImage ? [report.gapImage.data.buffer] : []);
  } catch (err) {
    post({ type: 'failed', id, message: err instanceof Error ? err.message : String(err) }, []);
  }
}
