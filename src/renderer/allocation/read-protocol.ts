/**
 * Messages between the UI thread and the building-file reader worker (read-buildings.worker.ts),
 * and the zod schemas that check what the worker receives (anything can postMessage to a worker,
 * so a message is untrusted input until checked).
 *
 * One worker serves one picked file for as long as the wizard keeps it: `read` hands it the
 * file's bytes (transferred, not copied), it decodes them (text, or a zipped Shapefile) and keeps
 * the decoded source; `reread` reads that source again with another coordinate system, so a
 * change of system neither sends nor decodes the file again.
 *
 * Results cross in parts so no single structured clone blocks the UI thread for long (100,000
 * footprint records clone in roughly 0.4 s): with `resultChunk`, the records (and, rarely many,
 * file-level warnings) come first in `part` messages of that size, one per `next` request after
 * the first, then the final `result` (after one more `next`) with `records: []` and
 * `warnings: []`; the client puts them back in order. Without `resultChunk`, `result` holds all.
 */
import { z } from 'zod';
import type { BuildingInputRead, BuildingInputRecord } from '@core/allocate/building-input';
import { CRS_LIST, type Crs } from '@core/crs';
import type { FeatureProblem } from '@core/io/read-geo-items';

/**
 * What the reader found out about the file itself: a BuildingFileRead (read-building-file.ts)
 * without its source, which stays in the worker.
 */
export type BuildingFileInfo =
  | {
      ok: true;
      format: 'zip' | 'geojson' | 'csv';
      /** Text encoding found (utf-8, gb18030), when the format is text or a dbf. */
      encoding?: string;
      /** Set when a Shapefile's .prj was applied; its features are then read as WGS-84. */
      reprojectedFrom?: string;
      notes: string[];
    }
  | { ok: false; reason: string };

const id = z.string().min(1);
const crs = z.enum(CRS_LIST as unknown as readonly [Crs, ...Crs[]]);
const resultChunk = z.number().int().positive().optional();

const readSchema = z.object({
  type: z.literal('read'),
  id,
  name: z.string().max(4096),
  bytes: z.instanceof(Uint8Array),
  crs,
  resultChunk,
});

const rereadSchema = z.object({ type: z.literal('reread'), id, crs, resultChunk });

const nextSchema = z.object({ type: z.literal('next'), id });

const cancelSchema = z.object({ type: z.literal('cancel'), id });

export const readRequestSchema = z.discriminatedUnion('type', [readSchema, rereadSchema, nextSchema, cancelSchema]);

/** UI → worker. */
export type ReadRequest =
  | { type: 'read'; id: string; name: string; bytes: Uint8Array; crs: Crs; resultChunk?: number }
  | { type: 'reread'; id: string; crs: Crs; resultChunk?: number }
  | { type: 'next'; id: string }
  | { type: 'cancel'; id: string };

/**
 * Worker → UI. `result.read` is null when the file itself could not be read (`file.ok` false).
 * An error for a message that failed validation has the id it carried, or null.
 */
export type ReadResponse =
  | { type: 'part'; id: string; records?: BuildingInputRecord[]; warnings?: FeatureProblem[] }
  | { type: 'result'; id: string; file: BuildingFileInfo; read: BuildingInputRead | null }
  | { type: 'error'; id: string | null; message: string };

/** Checks an incoming message; on failure, a sentence naming the first few problems. */
export function parseReadRequest(data: unknown): { ok: true; request: ReadRequest } | { ok: false; id: string | null; message: string } {
  const parsed = readRequestSchema.safeParse(data);
  if (parsed.success) return { ok: true, request: parsed.data };
  const carried =
    typeof data === 'object' && data !== null && 'id' in data && typeof (data as { id: unknown }).id === 'string'
      ? (data as { id: string }).id
      : null;
  const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
  return { ok: false, id: carried, message: `Invalid message to the building file reader: ${first.join('; ')}` };
}
