/**
 * The allocation worker's logic, free of worker globals so tests drive it directly:
 * allocate.worker.ts only feeds it `self.onmessage` and `self.postMessage`.
 */
import type { BuildingItem } from '@core/allocate/district';
import type { District } from '@core/model';
import { parseWorkerRequest, type WorkerResponse } from './protocol';
import { allocateInChunks, yieldMacrotask, type SerializableAllocationOptions } from './run-chunked';

interface PendingRun {
  district: District;
  items: BuildingItem[];
  options: SerializableAllocationOptions;
  resultChunk: number | undefined;
}

/** Runs receiving their items, runs in flight, and runs cancelled, by id; one per worker. */
export interface WorkerState {
  pending: Map<string, PendingRun>;
  running: Set<string>;
  cancelled: Set<string>;
  /** Result messages not yet asked for with 'next', by run id. */
  outbox: Map<string, WorkerResponse[]>;
}

export const createWorkerState = (): WorkerState => ({ pending: new Map(), running: new Set(), cancelled: new Set(), outbox: new Map() });

/**
 * Handles one message. A run posts progress about every 1% (and 0 first), then its result (in
 * parts when asked, see protocol.ts), or an error; it yields between chunks so a 'cancel' for
 * its id is seen promptly, and then posts nothing more. Resolves when the message is fully
 * handled (for a run that starts: finished or cancelled).
 */
export async function handleMessage(
  data: unknown,
  post: (message: WorkerResponse) => void,
  state: WorkerState,
  yieldToEvents: () => Promise<void> = yieldMacrotask,
): Promise<void> {
  const parsed = parseWorkerRequest(data);
  if (!parsed.ok) {
    post({ type: 'error', id: parsed.id, message: parsed.message });
    return;
  }
  const request = parsed.request;
  if (request.type === 'cancel') {
    // Only known runs: a cancel for a finished or unknown run is a no-op, not a leak.
    state.pending.delete(request.id);
    state.outbox.delete(request.id);
    if (state.running.has(request.id)) state.cancelled.add(request.id);
    return;
  }
  const { id } = request;
  if (request.type === 'next') {
    const queue = state.outbox.get(id);
    const message = queue?.shift();
    if (!queue || !message) {
      post({ type: 'error', id, message: `Run ${id} has no result parts waiting.` });
      return;
    }
    if (queue.length === 0) state.outbox.delete(id);
    post(message);
    return;
  }
  if (request.type === 'items') {
    const run = state.pending.get(id);
    if (!run) {
      post({ type: 'error', id, message: `Items for run ${id}, which is not waiting for items.` });
      return;
    }
    for (const item of request.items) run.items.push(item);
    if (request.more) return;
    state.pending.delete(id);
    return execute(id, run, post, state, yieldToEvents);
  }
  if (state.running.has(id) || state.pending.has(id) || state.outbox.has(id)) {
    post({ type: 'error', id, message: `A run with id ${id} is already in progress.` });
    return;
  }
  const run: PendingRun = { district: request.district, items: request.items, options: request.options ?? {}, resultChunk: request.resultChunk };
  if (request.more) {
    state.pending.set(id, run);
    return;
  }
  return execute(id, run, post, state, yieldToEvents);
}

async function execute(
  id: string,
  run: PendingRun,
  post: (message: WorkerResponse) => void,
  state: WorkerState,
  yieldToEvents: () => Promise<void>,
): Promise<void> {
  state.running.add(id);
  try {
    const allocation = await allocateInChunks(run.district, run.items, run.options, {
      onProgress: (done, total) => post({ type: 'progress', id, done, total }),
      isCancelled: () => state.cancelled.has(id),
      yieldToEvents,
    });
    if (!allocation) return;
    if (run.resultChunk === undefined) {
      post({ type: 'result', id, allocation });
      return;
    }
    const queue: WorkerResponse[] = [];
    for (let i = 0; i < allocation.items.length; i += run.resultChunk) {
      queue.push({ type: 'result-items', id, items: allocation.items.slice(i, i + run.resultChunk) });
    }
    queue.push({ type: 'result', id, allocation: { ...allocation, items: [] } });
    // The first part now; each further one when the UI asks with 'next'.
    const first = queue.shift() as WorkerResponse;
    if (queue.length > 0) state.outbox.set(id, queue);
    post(first);
  } catch (err) {
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    state.running.delete(id);
    state.cancelled.delete(id);
  }
}
