import { writeFile } from 'node:fs/promises';
import { crsOption, readInputText, UnreadableInput } from './read-input';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_NEAREST_M, allocate, buildGridIndex, type AllocationResult, type GridIndex } from '@core/allocate';
import type { Crs } from '@core/crs';
import {
  formatCsvRow,
  readCsvItems,
  readFeatureCollection,
  readGeoJsonItems,
  readGridFeatures,
  type FeatureProblem,
  type ItemRecord,
} from '@core/io';
import type { CliCommand, CliIo } from './index';

/** The output columns, in the order the issue fixes (scripts join on them by position too). */
export const ALLOCATE_COLUMNS = ['item_id', 'grid_id', 'point_grid_id', 'status', 'share', 'area_m2', 'distance_m'] as const;


/** Fixed precision keeps the file diffable and stable across runs; non-finite becomes empty. */
function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '';
}

/** One output row for an item and its allocation. */
export function allocationRow(itemId: string, r: AllocationResult): string {
  return formatCsvRow([
    itemId,
    r.gridId ?? '',
    r.pointGridId ?? '',
    r.status,
    fixed(r.share, 6),
    fixed(r.areaM2, 2),
    fixed(r.distanceM, 2),
  ]);
}

/** The row of an item the readers already refused: nothing assigned, the reason on stderr. */
function invalidResult(reason: string): AllocationResult {
  return { gridId: null, pointGridId: null, status: 'invalid', share: 0, areaM2: 0, distanceM: 0, reason };
}


/** "feature 3" for GeoJSON, "row 3 (line 5)" for CSV: the index plus a line an editor can jump to. */
function where(p: { index: number; line?: number }): string {
  return p.line === undefined ? `feature ${p.index}` : `row ${p.index} (line ${p.line})`;
}

async function readItems(file: string, idProperty: string | undefined, crs: Crs): Promise<{ items: ItemRecord[]; warnings: FeatureProblem[] }> {
  const text = await readInputText(file, 'buildings');
  if (extname(file).toLowerCase() === '.csv') {
    const read = readCsvItems(text, { idProperty, crs });
    if (!read.ok) throw new UnreadableInput(`${file}: ${read.reason}`);
    return read;
  }
  const fc = readFeatureCollection(text);
  if (!fc.ok) throw new UnreadableInput(`${file}: ${fc.reason}`);
  return readGeoJsonItems(fc.features, { idProperty, crs });
}

/** Reads and indexes the grids, reporting every refused feature and every engine problem by feature index. */
async function readGrids(file: string, idProperty: string | undefined, crs: Crs, io: CliIo): Promise<GridIndex> {
  const fc = readFeatureCollection(await readInputText(file, 'grids'));
  if (!fc.ok) throw new UnreadableInput(`${file}: ${fc.reason}`);
  const { grids, problems } = readGridFeatures(fc.features, { idProperty, crs });
  for (const p of problems) io.stderr(`${file}: ${where(p)}: ${p.reason}\n`);
  if (grids.length === 0) throw new UnreadableInput(`${file}: no usable grids (${fc.features.length} features read)`);
  const { index, problems: engineProblems } = buildGridIndex(grids.map((g) => ({ id: g.id, geometry: g.geometry })));
  for (const p of engineProblems) {
    // The engine numbers grids by their place in the array it was given; map back to the file.
    const featureIndex = grids[p.index]?.index ?? p.index;
    io.stderr(`${file}: feature ${featureIndex}: grid ${p.id}: ${p.kind} (${p.action}): ${p.reason}\n`);
  }
  if (index.size === 0) throw new UnreadableInput(`${file}: no usable grids (all ${grids.length} were left out)`);
  return index;
}

/**
 * One line for item ids used more than once: every row is still written, but a planner joining
 * the result back by id would silently match the wrong rows.
 */
function reportDuplicateIds(file: string, items: readonly ItemRecord[], io: CliIo): void {
  const first = new Map<string, ItemRecord>();
  let repeats = 0;
  let example: [ItemRecord, ItemRecord] | null = null;
  for (const item of items) {
    const seen = first.get(item.id);
    if (!seen) first.set(item.id, item);
    else {
      repeats++;
      example ??= [seen, item];
    }
  }
  if (example) {
    io.stderr(`${file}: ${repeats} item(s) repeat an earlier id (first: '${example[0].id}' at ${where(example[0])} and ${where(example[1])}); rows are in input order\n`);
  }
}

/**
 * `gridroom allocate`: which grid each new building or address point belongs to, as a CSV a
 * planner can open or join back. Bad features are reported on stderr by index and still get a
 * row (status `invalid`); the exit code is non-zero only when an input yields nothing at all.
 */
export const allocateCommand: CliCommand = {
  name: 'allocate',
  summary: 'Assign buildings or address points (GeoJSON or lon/lat CSV) to grids and write a CSV',
  usage:
    'gridroom allocate --grids GRIDS.geojson [--grid-id PROP] --buildings ITEMS.geojson|ITEMS.csv [--item-id PROP] ' +
    '[--crs wgs84|gcj02|bd09] [--nearest-m 200] --out RESULT.csv',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        grids: { type: 'string' },
        'grid-id': { type: 'string' },
        buildings: { type: 'string' },
        'item-id': { type: 'string' },
        crs: { type: 'string', default: 'wgs84' },
        'nearest-m': { type: 'string', default: String(DEFAULT_NEAREST_M) },
        out: { type: 'string' },
      },
      strict: true,
    });
    if (!values.grids) throw new Error('--grids GRIDS.geojson is required');
    if (!values.buildings) throw new Error('--buildings ITEMS.geojson (or .csv) is required');
    if (!values.out) throw new Error('--out RESULT.csv is required');
    const crs = crsOption(values.crs, 'crs');
    const nearestM = Number(values['nearest-m']);
    if (values['nearest-m'].trim() === '' || !Number.isFinite(nearestM) || nearestM < 0) {
      throw new Error(`--nearest-m must be a distance in metres (0 or more), got '${values['nearest-m']}'`);
    }

    let index: GridIndex;
    let read: { items: ItemRecord[]; warnings: FeatureProblem[] };
    try {
      index = await readGrids(values.grids, values['grid-id'], crs, io);
      read = await readItems(values.buildings, values['item-id'], crs);
    } catch (err) {
      if (!(err instanceof UnreadableInput)) throw err;
      io.stderr(`gridroom allocate: ${err.message}\n`);
      return 1;
    }

    const file = values.buildings;
    for (const w of read.warnings) io.stderr(`${file}: ${where(w)}: ${w.reason}\n`);
    reportDuplicateIds(file, read.items, io);
    const lines = [ALLOCATE_COLUMNS.join(',')];
    const counts = new Map<string, number>();
    for (const item of read.items) {
      let result: AllocationResult;
      if (item.geometry === null) {
        result = invalidResult(item.reason ?? 'unusable geometry');
      } else {
        try {
          result = allocate(index, item.geometry, { nearestM });
        } catch (err) {
          // The engine promises not to throw; if it does, one item must not sink the whole file.
          result = invalidResult(`engine error: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (result.status === 'invalid') io.stderr(`${file}: ${where(item)}: item ${item.id}: ${result.reason ?? 'invalid geometry'}\n`);
      // Clipping failures are rare but real (slivers); the shares then leave grids out, so say so.
      if (result.clipErrors) io.stderr(`${file}: ${where(item)}: item ${item.id}: ${result.clipErrors} clipping error(s); its shares leave out those grids\n`);
      counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
      lines.push(allocationRow(item.id, result));
    }
    await writeFile(values.out, lines.join('\n') + '\n', 'utf8');
    const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    io.stderr(`allocated ${read.items.length} items to ${index.size} grids${summary ? ` (${summary})` : ''}; wrote ${values.out}\n`);
    return 0;
  },
};
