/**
 * Reads a picked file of new buildings off the UI thread: decoding (text, or an unzipped
 * Shapefile) and one record per feature/row run in the building-file reader Web Worker when the
 * platform has Worker, else in this thread (Node tests, odd hosts). A 25 MB GeoJSON of 100,000
 * footprints took the UI thread ~2 s in one piece; in the worker the UI thread only receives the
 * records, in parts (see READ_PART).
 *
 * The worker lives as long as the file is open (until `close()`): it keeps the decoded file, so
 * a change of coordinate system (`reread`) neither sends the bytes again nor decodes or unzips
 * them again; the UI thread keeps neither bytes nor text. The cost is one idle worker holding the
 * decoded file while the wizard has it, which the UI thread held before.
 */
import type { BuildingInputRead, BuildingInputRecord } from '@core/allocate/building-input';
import type { Crs } from '@core/crs';
import type { FeatureProblem } from '@core/io/read-geo-items';
import type { BuildingFileInfo, ReadRequest, ReadResponse } from './read-protocol';
import { decodeBuildingFile, readKeptFile, type KeptFile } from './read-worker-core';
import { yieldMacrotask } from './run-chunked';

/**
 * Records per message from the worker, as for the allocation worker (allocate-client.ts
 * MESSAGE_PART): a structured clone of 100,000 footprint records blocks the receiving thread for
 * a few hundred ms; parts of 5,000, pulled one per turn of the event loop ('next'), keep each
 * pause short and let input and rendering run between them. Measured reading 100,000 footprints
 * (headless Chromium, this machine, under a CPU profiler): 17–52 ms a part plus a minor GC of
 * up to ~50 ms; the longest UI stall of the read was then a map frame (~110–190 ms), not a part.
 */
export const READ_PART = 5000;

/** The part of Worker the client uses. */
export interface ReadWorkerLike {
  postMessage(message: ReadRequest, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<ReadResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface ReadControls {
  /** Aborting rejects with a DOMException named 'AbortError' (and frees the worker). */
  signal?: AbortSignal;
  /**
   * Where the worker comes from; null forces the in-thread path. Defaults to the bundled reader
   * worker when `Worker` exists. Tests inject a fake here.
   */
  createWorker?: (() => ReadWorkerLike) | null;
  /**
   * The caller gives `bytes` up: when they span their whole ArrayBuffer, that buffer is
   * transferred to the worker as it is (`bytes` is empty afterwards) instead of a copy being
   * transferred. Default false: the caller's bytes stay as they were.
   */
  transferBytes?: boolean;
}

/**
 * A read file: what was found about the file itself (format, encoding, notes; or why it could
 * not be read at all), its records read with the coordinate system asked for (null when the file
 * could not be read), and the means to read it again or let it go.
 */
export type OpenBuildingFile = KeptFileHandle & ReadOutcome;

/**
 * A read's result, the file and its records agreeing: records exactly when the file could be
 * read (`ok`, the same as `file.ok`, there to narrow both at once).
 */
export type ReadOutcome =
  | { ok: true; file: Extract<BuildingFileInfo, { ok: true }>; read: BuildingInputRead }
  | { ok: false; file: Extract<BuildingFileInfo, { ok: false }>; read: null };

export interface KeptFileHandle {
  /**
   * Reads the same file again with `crs` (a Shapefile reprojected by its .prj stays WGS-84).
   * Rejects with an Error once closed, when the file could not be read, or when the worker has
   * failed; with an AbortError when `signal` aborts (the file stays open).
   */
  reread(crs: Crs, controls?: { signal?: AbortSignal }): Promise<BuildingInputRead>;
  /** Lets the kept file go (terminates its worker). Calling it again does nothing. */
  close(): void;
}

function abortError(signal?: AbortSignal): DOMException {
  const reason: unknown = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  return new DOMException('Reading the file was cancelled.', 'AbortError');
}

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

const CLOSED = 'The building file is no longer open: choose it again.';

/** The two halves of a result, checked to agree: records exactly when the file could be read. */
function outcome(file: BuildingFileInfo, read: BuildingInputRead | null): ReadOutcome {
  if (!file.ok) return { ok: false, file, read: null };
  if (read === null) throw new Error('The building file reader sent a readable file without its records.');
  return { ok: true, file, read };
}

/** The bundled worker, or null where the platform has none. */
function defaultWorkerFactory(): (() => ReadWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('../workers/read-buildings.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gridroom-read-buildings',
    }) as unknown as ReadWorkerLike;
}

/**
 * Reads `bytes` of the file `name` (the extension decides the format) with the coordinate system
 * `crs`. Resolves to what readBuildingFile and readBuildingInput give in this thread (a file that
 * cannot be read is `file.ok: false`, not a rejection); rejects with an AbortError when `signal`
 * aborts, and with an Error when the worker cannot start, fails to load or fails. A file whose
 * read resolved stays open until its `close()`.
 */
export function readBuildingsOffThread(name: string, bytes: Uint8Array, crs: Crs, controls: ReadControls = {}): Promise<OpenBuildingFile> {
  const { signal } = controls;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const factory = controls.createWorker === undefined ? defaultWorkerFactory() : controls.createWorker;
  if (factory) return readInWorker(factory, name, bytes, crs, controls);
  return readInThread(name, bytes, crs, signal);
}

// ---------------------------------------------------------------------------------------------
// In this thread

async function readInThread(name: string, bytes: Uint8Array, crs: Crs, signal: AbortSignal | undefined): Promise<OpenBuildingFile> {
  // Let a "reading" state paint before the parse takes the thread.
  await yieldMacrotask();
  if (signal?.aborted) throw abortError(signal);
  const decoded = await decodeBuildingFile(name, bytes);
  if (signal?.aborted) throw abortError(signal);
  let kept: KeptFile | null = decoded.kept;
  const read = kept ? readKeptFile(kept, crs) : null;
  if (signal?.aborted) throw abortError(signal);
  return {
    ...outcome(decoded.info, read),
    async reread(next, { signal: rereadSignal } = {}) {
      if (rereadSignal?.aborted) throw abortError(rereadSignal);
      await yieldMacrotask();
      if (rereadSignal?.aborted) throw abortError(rereadSignal);
      if (!kept) throw new Error(CLOSED);
      return readKeptFile(kept, next);
    },
    close() {
      kept = null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// In the worker

interface Pending {
  resolve(result: { file: BuildingFileInfo; read: BuildingInputRead | null }): void;
  reject(err: Error): void;
  records: BuildingInputRecord[][];
  warnings: FeatureProblem[][];
}

let requestCounter = 0;
const nextId = (kind: string): string => `${kind}-${++requestCounter}-${Date.now().toString(36)}`;

/**
 * One worker and its requests. Messages are matched to requests by id; result parts are pulled
 * one per turn of this thread's event loop. A worker error rejects every request in flight and
 * closes the connection.
 */
class ReaderConnection {
  private readonly pending = new Map<string, Pending>();
  private closedWith: Error | null = null;

  constructor(private readonly worker: ReadWorkerLike) {
    worker.onmessage = (event) => this.onMessage(event.data);
    worker.onerror = (event) => {
      // A module worker that cannot load reports a plain Event, without a message.
      this.close(new Error(`The building file reader (a Web Worker) failed: ${event.message || 'it could not load or crashed'}`));
    };
  }

  /** Sends `message` and resolves to its reassembled result; aborting cancels just this request. */
  request(
    message: Extract<ReadRequest, { type: 'read' | 'reread' }>,
    transfer: Transferable[],
    signal: AbortSignal | undefined,
  ): Promise<{ file: BuildingFileInfo; read: BuildingInputRead | null }> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      const { id } = message;
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        try {
          this.worker.postMessage({ type: 'cancel', id });
        } catch {
          // The worker may be gone already; nothing more is waited for either way.
        }
        reject(abortError(signal));
      };
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (err) => {
          done();
          reject(err);
        },
        records: [],
        warnings: [],
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.worker.postMessage(message, transfer);
      } catch (err) {
        // postMessage throws DataCloneError for what cannot be cloned or transferred.
        this.pending.delete(id);
        done();
        reject(toError(err));
      }
    });
  }

  /** Terminates the worker; requests in flight reject with `reason`. */
  close(reason: Error = new Error(CLOSED)): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(reason);
  }

  private onMessage(message: ReadResponse): void {
    if (this.closedWith) return;
    if (message.id === null) {
      // Only a message the worker could not attribute; ours always carry an id, so it is a bug.
      this.close(new Error(`The building file reader refused a message: ${message.type === 'error' ? message.message : 'no id'}`));
      return;
    }
    const { id } = message;
    const p = this.pending.get(id);
    if (!p) return;
    if (message.type === 'part') {
      if (message.records) p.records.push(message.records);
      if (message.warnings) p.warnings.push(message.warnings);
      // Ask for the next part only after a turn of the event loop, so input and rendering run
      // between parts instead of after all of them.
      setTimeout(() => {
        if (this.pending.get(id) !== p || this.closedWith) return;
        try {
          this.worker.postMessage({ type: 'next', id });
        } catch (err) {
          this.close(toError(err));
        }
      }, 0);
    } else if (message.type === 'result') {
      this.pending.delete(id);
      const read = message.read;
      if (read?.ok && (p.records.length > 0 || p.warnings.length > 0)) {
        p.resolve({ file: message.file, read: { ...read, records: join(p.records, read.records), warnings: join(p.warnings, read.warnings) } });
      } else p.resolve({ file: message.file, read });
    } else {
      this.pending.delete(id);
      p.reject(new Error(message.message));
    }
  }
}

/** The parts, then `last`, as one array (push in a loop: spreading 100,000 items can overflow the stack). */
function join<T>(parts: readonly T[][], last: readonly T[]): T[] {
  const all: T[] = [];
  for (const part of parts) for (const item of part) all.push(item);
  for (const item of last) all.push(item);
  return all;
}

/** The bytes to send and the buffer to transfer: the caller's own when given up and whole, else a copy. */
function bytesToSend(bytes: Uint8Array, giveUp: boolean): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  const buffer = bytes.buffer;
  const whole = buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
  if (giveUp && whole) return { bytes, transfer: [buffer] };
  // A copy of its own buffer (a Node Buffer's slice() would still share the pool).
  const copy = new Uint8Array(bytes);
  return { bytes: copy, transfer: [copy.buffer] };
}

async function readInWorker(
  factory: () => ReadWorkerLike,
  name: string,
  bytes: Uint8Array,
  crs: Crs,
  controls: ReadControls,
): Promise<OpenBuildingFile> {
  const { signal } = controls;
  let worker: ReadWorkerLike;
  try {
    worker = factory();
  } catch (err) {
    throw new Error(`The building file reader (a Web Worker) could not start: ${toError(err).message}`);
  }
  const connection = new ReaderConnection(worker);
  const send = bytesToSend(bytes, controls.transferBytes === true);
  let first: ReadOutcome;
  try {
    const result = await connection.request({ type: 'read', id: nextId('read'), name, bytes: send.bytes, crs, resultChunk: READ_PART }, send.transfer, signal);
    first = outcome(result.file, result.read);
  } catch (err) {
    // No handle goes back, so nothing else could ever close this worker.
    connection.close();
    throw err;
  }
  // Nothing to read again: let the worker go now.
  if (!first.ok) connection.close();
  return {
    ...first,
    async reread(next, { signal: rereadSignal } = {}) {
      if (rereadSignal?.aborted) throw abortError(rereadSignal);
      // Once closed (or failed), the request rejects with why.
      const result = await connection.request({ type: 'reread', id: nextId('reread'), crs: next, resultChunk: READ_PART }, [], rereadSignal);
      if (result.read === null) throw new Error(CLOSED);
      return result.read;
    },
    close() {
      connection.close();
    },
  };
}
