/**
 * Messages between the UI thread and the allocation worker, and the zod schemas that check what
 * the worker receives (a message is untrusted input: anything can postMessage to a worker).
 *
 * The schemas check the envelope and every field the engine reads (grid codes, levels, kinds,
 * parents and geometry types; building grid codes and households; item ids, geometry types and
 * households). Coordinates are only checked to be arrays: the engine flags a bad geometry per
 * item ('invalid' with a reason) instead of refusing the whole run.
 */
import { z } from 'zod';
import type { BuildingAllocation, BuildingItem, DistrictAllocation } from '@core/allocate/district';
import type { District } from '@core/model';
import type { SerializableAllocationOptions } from './run-chunked';

const geometry = <T extends readonly [string, ...string[]]>(types: T) =>
  z.looseObject({ type: z.enum(types), coordinates: z.array(z.unknown()) });

const gridSchema = z.looseObject({
  code: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  kind: z.string(),
  parentCode: z.string().nullable(),
  geometry: geometry(['Polygon', 'MultiPolygon'] as const),
});

const buildingSchema = z.looseObject({
  id: z.string(),
  gridCode: z.string(),
  households: z.number(),
  residents: z.number(),
});

const districtSchema = z.looseObject({
  formatVersion: z.number(),
  grids: z.array(gridSchema),
  buildings: z.array(buildingSchema),
});

const itemSchema = z.object({
  id: z.string(),
  geometry: geometry(['Point', 'Polygon', 'MultiPolygon'] as const),
  households: z.number(),
  use: z
    .enum(['residential', 'school', 'hospital', 'market', 'enterprise', 'construction', 'shop', 'office'])
    .optional(),
});

const optionsSchema = z
  .object({
    nearestM: z.number().nonnegative().optional(),
    band: z.object({ min: z.number(), max: z.number() }).optional(),
    suggestFor: z.enum(['touched', 'all']).optional(),
  })
  .strict();

const runSchema = z.object({
  type: z.literal('run'),
  id: z.string().min(1),
  district: districtSchema,
  items: z.array(itemSchema),
  options: optionsSchema.optional(),
  more: z.boolean().optional(),
  resultChunk: z.number().int().positive().optional(),
});

const itemsSchema = z.object({ type: z.literal('items'), id: z.string().min(1), items: z.array(itemSchema), more: z.boolean() });

const cancelSchema = z.object({ type: z.literal('cancel'), id: z.string().min(1) });

const nextSchema = z.object({ type: z.literal('next'), id: z.string().min(1) });

export const workerRequestSchema = z.discriminatedUnion('type', [runSchema, itemsSchema, nextSchema, cancelSchema]);

/**
 * UI → worker. Large inputs and outputs cross in parts so that no single structured clone blocks
 * the UI thread for long (100,000 footprints clone in about 0.4 s each way):
 * - `run` with `more: true` is followed by `items` messages until one has `more: false`; the run
 *   starts then, over all items in order. Without `more` it starts at once.
 * - with `resultChunk`, the result items come first in `result-items` parts of that size, one
 *   per `next` request after the first (so the UI thread decodes one part per turn), and the
 *   final `result`, after one more `next`, has `items: []`; without it, `result` holds everything.
 */
export type WorkerRequest =
  | {
      type: 'run';
      id: string;
      district: District;
      items: BuildingItem[];
      options?: SerializableAllocationOptions;
      more?: boolean;
      resultChunk?: number;
    }
  | { type: 'items'; id: string; items: BuildingItem[]; more: boolean }
  | { type: 'next'; id: string }
  | { type: 'cancel'; id: string };

/** Worker → UI. An error for a message that failed validation has the id it carried, or null. */
export type WorkerResponse =
  | { type: 'progress'; id: string; done: number; total: number }
  | { type: 'result-items'; id: string; items: BuildingAllocation[] }
  | { type: 'result'; id: string; allocation: DistrictAllocation }
  | { type: 'error'; id: string | null; message: string };

/**
 * Checks an incoming message. On success the value is typed as a WorkerRequest: the schema has
 * checked every field the engine reads; the rest of the District (names, entrances) is passed
 * through unread.
 */
export function parseWorkerRequest(data: unknown): { ok: true; request: WorkerRequest } | { ok: false; id: string | null; message: string } {
  const parsed = workerRequestSchema.safeParse(data);
  if (parsed.success) return { ok: true, request: parsed.data as unknown as WorkerRequest };
  const id =
    typeof data === 'object' && data !== null && 'id' in data && typeof (data as { id: unknown }).id === 'string'
      ? (data as { id: string }).id
      : null;
  const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
  return { ok: false, id, message: `Invalid message to the allocation worker: ${first.join('; ')}` };
}
