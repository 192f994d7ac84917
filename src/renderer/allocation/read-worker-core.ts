/**
 * The building-file reader's logic, free of worker globals so tests drive it directly:
 * read-buildings.worker.ts only feeds it `self.onmessage` and `self.postMessage`, and the client's
 * in-thread fallback (no Worker, as in Node) calls decodeBuildingFile / readKeptFile itself.
 */
import { readBuildingInput, type BuildingInputRead, type BuildingSource } from '@core/allocate/building-input';
import type { Crs } from '@core/crs';
import { readBuildingFile } from './read-building-file';
import { parseReadRequest, type BuildingFileInfo, type ReadRequest, type ReadResponse } from './read-protocol';

/** A decoded file, kept so that a change of coordinate system reads it again without the bytes. */
export interface KeptFile {
  info: Extract<BuildingFileInfo, { ok: true }>;
  source: BuildingSource;
}

/**
 * Decodes a picked file (readBuildingFile: text, or a zipped Shapefile). Never throws: a file
 * that cannot be read is `info.ok: false` with a sentence, and then nothing is kept.
 */
export async function decodeBuildingFile(name: string, bytes: Uint8Array): Promise<{ info: BuildingFileInfo; kept: KeptFile | null }> {
  const read = await readBuildingFile(name, bytes);
  if (!read.ok) return { info: { ok: false, reason: read.reason }, kept: null };
  const info: KeptFile['info'] = {
    ok: true,
    format: read.format,
    ...(read.encoding !== undefined ? { encoding: read.encoding } : {}),
    ...(read.reprojectedFrom !== undefined ? { reprojectedFrom: read.reprojectedFrom } : {}),
    notes: [...read.notes],
  };
  return { info, kept: { info, source: read.source } };
}

/**
 * The coordinate system a kept file is read with: the one picked, except for a Shapefile whose
 * .prj already reprojected it to WGS-84 (the picked system must not shift it a second time).
 */
export function effectiveCrs(info: Extract<BuildingFileInfo, { ok: true }>, crs: Crs): Crs {
  return info.reprojectedFrom !== undefined ? 'wgs84' : crs;
}

/** Reads the kept file's records with `crs` (see effectiveCrs). */
export function readKeptFile(kept: KeptFile, crs: Crs): BuildingInputRead {
  return readBuildingInput(kept.source, { crs: effectiveCrs(kept.info, crs) });
}

/** One worker's state: the file it keeps, results waiting for 'next', and the queue of reads. */
export interface ReadWorkerState {
  kept: KeptFile | null;
  /** Result messages not yet asked for with 'next', by request id. */
  outbox: Map<string, ReadResponse[]>;
  /** Reads accepted and not yet finished, and those of them cancelled before they ran. */
  queued: Set<string>;
  cancelled: Set<string>;
  /** Reads run one after another (a zip is unpacked asynchronously): the tail of that chain. */
  tail: Promise<void>;
}

export const createReadWorkerState = (): ReadWorkerState => ({
  kept: null,
  outbox: new Map(),
  queued: new Set(),
  cancelled: new Set(),
  tail: Promise.resolve(),
});

/**
 * Handles one message. 'read' replaces the kept file with the one sent and reads it; 'reread'
 * reads the kept file again with another coordinate system; either posts its result (in parts
 * when asked, see read-protocol.ts) or an error. Reads run in the order they came; 'next' and
 * 'cancel' are handled at once. Resolves when the message is fully handled.
 */
export function handleReadMessage(data: unknown, post: (message: ReadResponse) => void, state: ReadWorkerState): Promise<void> {
  const parsed = parseReadRequest(data);
  if (!parsed.ok) {
    post({ type: 'error', id: parsed.id, message: parsed.message });
    return Promise.resolve();
  }
  const request = parsed.request;
  const { id } = request;
  if (request.type === 'cancel') {
    // Only known reads: a cancel for a finished or unknown one is a no-op, not a leak.
    state.outbox.delete(id);
    if (state.queued.has(id)) state.cancelled.add(id);
    return Promise.resolve();
  }
  if (request.type === 'next') {
    const queue = state.outbox.get(id);
    const message = queue?.shift();
    if (!queue || !message) post({ type: 'error', id, message: `Read ${id} has no result parts waiting.` });
    else {
      if (queue.length === 0) state.outbox.delete(id);
      post(message);
    }
    return Promise.resolve();
  }
  if (state.queued.has(id) || state.outbox.has(id)) {
    post({ type: 'error', id, message: `A read with id ${id} is already in progress.` });
    return Promise.resolve();
  }
  state.queued.add(id);
  const run = state.tail.then(() => execute(request, post, state));
  state.tail = run;
  return run;
}

async function execute(request: Extract<ReadRequest, { type: 'read' | 'reread' }>, post: (message: ReadResponse) => void, state: ReadWorkerState): Promise<void> {
  const { id } = request;
  try {
    if (request.type === 'read') {
      // The last file goes first: two decoded files need not fit in memory at once.
      state.kept = null;
      if (state.cancelled.has(id)) return;
      const decoded = await decodeBuildingFile(request.name, request.bytes);
      state.kept = decoded.kept;
      if (state.cancelled.has(id)) return;
      const read = decoded.kept ? readKeptFile(decoded.kept, request.crs) : null;
      deliver(id, decoded.info, read, request.resultChunk, post, state);
      return;
    }
    if (state.cancelled.has(id)) return;
    const kept = state.kept;
    if (!kept) {
      post({ type: 'error', id, message: 'No building file is open in this reader: choose the file again.' });
      return;
    }
    deliver(id, kept.info, readKeptFile(kept, request.crs), request.resultChunk, post, state);
  } catch (err) {
    // readBuildingFile and readBuildingInput do not throw on bad data; this is for bugs and memory.
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    state.queued.delete(id);
    state.cancelled.delete(id);
  }
}

/**
 * The messages of one result: everything in `result` when it is small or no chunk was asked
 * for; else the records, then the warnings, in parts of `chunk`, and a `result` with neither.
 */
export function resultMessages(
  id: string,
  file: BuildingFileInfo,
  read: BuildingInputRead | null,
  chunk: number | undefined,
): ReadResponse[] {
  if (chunk === undefined || read === null || !read.ok || read.records.length + read.warnings.length <= chunk) {
    return [{ type: 'result', id, file, read }];
  }
  const messages: ReadResponse[] = [];
  for (let i = 0; i < read.records.length; i += chunk) messages.push({ type: 'part', id, records: read.records.slice(i, i + chunk) });
  for (let i = 0; i < read.warnings.length; i += chunk) messages.push({ type: 'part', id, warnings: read.warnings.slice(i, i + chunk) });
  messages.push({ type: 'result', id, file, read: { ...read, records: [], warnings: [] } });
  return messages;
}

/** Posts the first message of a result now; the rest wait for 'next'. */
function deliver(
  id: string,
  file: BuildingFileInfo,
  read: BuildingInputRead | null,
  chunk: number | undefined,
  post: (message: ReadResponse) => void,
  state: ReadWorkerState,
): void {
  const queue = resultMessages(id, file, read, chunk);
  const first = queue.shift() as ReadResponse;
  if (queue.length > 0) state.outbox.set(id, queue);
  post(first);
}
