/**
 * Messages between the UI thread and the coverage Web Worker (workers/coverage.worker.ts). The
 * worker only ever receives what this app's own code posts, but it still checks the shape before
 * running: a malformed request is answered with an error, not a crash that leaves the UI waiting.
 */
import type { CoverageInputs, CoverageReport, CoverageReportProgress, CoverageRequest } from '@core/patrol/coverage-report';

export interface CoverageRunMessage {
  type: 'run';
  id: number;
  inputs: CoverageInputs;
  request: CoverageRequest;
}

export type CoverageWorkerResponse =
  | { type: 'progress'; id: number; progress: CoverageReportProgress }
  | { type: 'done'; id: number; report: CoverageReport }
  | { type: 'failed'; id: number; message: string };

/** Whether `value` is a run message whose parts have the shapes the engine reads. */
export function isCoverageRunMessage(value: unknown): value is CoverageRunMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<CoverageRunMessage>;
  if (m.type !== 'run' || typeof m.id !== 'number' || typeof m.inputs !== 'object' || m.inputs === null) return false;
  if (typeof m.request !== 'object' || m.request === null) return false;
  const i = m.inputs;
  return Array.isArray(i.units) && Array.isArray(i.buildings) && Array.isArray(i.workers) && Array.isArray(i.tracks) && Array.isArray(i.reportedVisits);
}
