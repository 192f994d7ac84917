import { writeFile } from 'node:fs/promises';
import { crsOption, readInputText, UnreadableInput } from './read-input';
import { parseArgs } from 'node:util';
import { formatCsvRow, LAT_COLUMNS, LON_COLUMNS, parseCsv, readFeatureCollection, readGridFeatures } from '@core/io';
import { COVERAGE_CELL_M, COVERAGE_RADIUS_M, computeCoverage, type CoverageGridInput, type CoverageTrackInput, type GridCoverage } from '@core/patrol/coverage';
import { convertLngLat, type Crs } from '@core/crs';
import type { CliCommand, CliIo } from './index';

/** The output columns, in the order the issue fixes. */
export const COVERAGE_COLUMNS = ['grid_id', 'area_m2', 'covered_m2', 'covered_share'] as const;
/** Header names (case-insensitive) read as the worker id and the fix time; lon/lat as in @core/io. */
export const WORKER_COLUMNS: readonly string[] = ['worker_id', 'worker'];
export const TIME_COLUMNS: readonly string[] = ['at', 'time', 'timestamp'];
/** Skipped rows listed one by one on stderr; past this only the count (a broken export can have millions). */
const MAX_LISTED = 50;



const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 time to epoch ms, or NaN. A time without a zone is read as UTC, not as the
 * machine's local time, so the same file gives the same result everywhere (`zoneless` says so).
 */
export function parseIsoTime(text: string): { ms: number; zoneless: boolean } {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return { ms: NaN, zoneless: false };
  const [, date, time, zone] = m;
  const ms = Date.parse(`${date}T${time ?? '00:00'}${zone ?? 'Z'}`);
  // Date.parse rolls 2024-02-30 over to March; a round trip of the date catches it.
  const valid = Number.isFinite(ms) && (zone !== undefined || new Date(ms).toISOString().slice(0, 10) === date);
  return { ms: valid ? ms : NaN, zoneless: zone === undefined };
}

function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '';
}

/** One output row: areas to 0.1 m², the share to 4 decimals (0.01 percentage point). */
export function coverageRow(g: GridCoverage): string {
  return formatCsvRow([g.gridId, fixed(g.areaM2, 1), fixed(g.coveredM2, 1), fixed(g.coveredShare, 4)]);
}

interface TrackRead {
  tracks: CoverageTrackInput[];
  rows: number;
  skipped: { line: number; reason: string }[];
  zoneless: number;
}

/** Reads worker_id,lon,lat,at rows into per-worker tracks in time order; bad rows are kept as reasons. */
export function readTracksCsv(text: string, crs: Crs = 'wgs84'): TrackRead | { error: string } {
  const parsed = parseCsv(text);
  const [header, ...records] = parsed.records;
  if (!header) return { error: 'the file is empty (expected a header worker_id,lon,lat,at)' };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const column = (aliases: readonly string[]): number => names.findIndex((n) => aliases.includes(n));
  const cols = { worker: column(WORKER_COLUMNS), lon: column(LON_COLUMNS), lat: column(LAT_COLUMNS), at: column(TIME_COLUMNS) };
  const missing = [
    cols.worker < 0 ? `worker (${WORKER_COLUMNS.join('/')})` : '',
    cols.lon < 0 ? `longitude (${LON_COLUMNS.join('/')})` : '',
    cols.lat < 0 ? `latitude (${LAT_COLUMNS.join('/')})` : '',
    cols.at < 0 ? `time (${TIME_COLUMNS.join('/')})` : '',
  ].filter(Boolean);
  if (missing.length > 0) return { error: `missing column(s): ${missing.join(', ')}; the header is '${header.fields.join(',')}'` };

  const skipped: TrackRead['skipped'] = [];
  if (parsed.error) skipped.push({ line: records.at(-1)?.line ?? header.line, reason: parsed.error });
  const fixes = new Map<string, { lon: number; lat: number; t: number }[]>();
  let zoneless = 0;
  for (const { fields, line } of records) {
    const worker = (fields[cols.worker] ?? '').trim();
    const lonText = (fields[cols.lon] ?? '').trim();
    const latText = (fields[cols.lat] ?? '').trim();
    const lon = lonText === '' ? NaN : Number(lonText);
    const lat = latText === '' ? NaN : Number(latText);
    const time = parseIsoTime(fields[cols.at] ?? '');
    let reason = '';
    if (worker === '') reason = 'no worker id';
    else if (!Number.isFinite(lon) || lon < -180 || lon > 180) reason = `longitude '${fields[cols.lon] ?? ''}' is not a number in [-180, 180]`;
    else if (!Number.isFinite(lat) || lat < -90 || lat > 90) reason = `latitude '${fields[cols.lat] ?? ''}' is not a number in [-90, 90]`;
    else if (!Number.isFinite(time.ms)) reason = `time '${fields[cols.at] ?? ''}' is not an ISO 8601 time`;
    if (reason) {
      skipped.push({ line, reason });
      continue;
    }
    if (time.zoneless) zoneless++;
    const list = fixes.get(worker) ?? [];
    fixes.set(worker, list);
    // Phones on Amap/Baidu SDKs log GCJ-02/BD-09: convert so the tracks line up with the grids.
    const [x, y] = crs === 'wgs84' || crs === 'cgcs2000' ? [lon, lat] : convertLngLat([lon, lat], crs, 'wgs84');
    list.push({ lon: x, lat: y, t: time.ms });
  }
  const tracks: CoverageTrackInput[] = [];
  for (const [workerId, list] of fixes) {
    // Exports are often sorted by worker or by time, not both; the engine needs time order (stable).
    list.sort((a, b) => a.t - b.t);
    tracks.push({ workerId, lon: list.map((f) => f.lon), lat: list.map((f) => f.lat), t: list.map((f) => f.t) });
  }
  return { tracks, rows: records.length, skipped, zoneless };
}

async function readGrids(file: string, idProperty: string | undefined, crs: Crs, io: CliIo): Promise<CoverageGridInput[]> {
  const fc = readFeatureCollection(await readInputText(file, 'grids'));
  if (!fc.ok) throw new UnreadableInput(`${file}: ${fc.reason}`);
  const { grids, problems } = readGridFeatures(fc.features, { idProperty, crs });
  for (const p of problems) io.stderr(`${file}: feature ${p.index}: ${p.reason}\n`);
  if (grids.length === 0) throw new UnreadableInput(`${file}: no usable grids (${fc.features.length} features read)`);
  return grids.map((g) => ({ id: g.id, geometry: g.geometry }));
}

function timeOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const { ms } = parseIsoTime(value);
  if (!Number.isFinite(ms)) throw new Error(`--${name} must be an ISO 8601 time (e.g. 2024-05-01T08:00:00+08:00), got '${value}'`);
  return ms;
}

function metresOption(value: string, name: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number of metres, got '${value}'`);
  return n;
}

/**
 * `gridroom coverage`: per grid, the share of its area within a radius of the tracks walked in a
 * time window, as a CSV. Bad track rows are skipped and listed on stderr by line; the exit code
 * is non-zero when an input is missing, unreadable or lacks a column, or no grid is usable.
 */
export const coverageCommand: CliCommand = {
  name: 'coverage',
  summary: 'Share of each grid walked within a radius of workers\' tracks (CSV worker_id,lon,lat,at) and write a CSV',
  usage:
    'gridroom coverage --grids GRIDS.geojson [--grid-id PROP] --tracks TRACKS.csv ' +
    `[--radius-m ${COVERAGE_RADIUS_M}] [--cell-m ${COVERAGE_CELL_M}] [--from ISO] [--to ISO] ` +
    '[--crs wgs84|cgcs2000|gcj02|bd09] [--tracks-crs CRS] --out COVERAGE.csv',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        grids: { type: 'string' },
        'grid-id': { type: 'string' },
        tracks: { type: 'string' },
        'radius-m': { type: 'string', default: String(COVERAGE_RADIUS_M) },
        'cell-m': { type: 'string', default: String(COVERAGE_CELL_M) },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        crs: { type: 'string', default: 'wgs84' },
        'tracks-crs': { type: 'string' },
      },
      strict: true,
    });
    const crs = crsOption(values.crs, 'crs');
    const tracksCrs = crsOption(values['tracks-crs'] ?? crs, 'tracks-crs');
    if (!values.grids) throw new Error('--grids GRIDS.geojson is required');
    if (!values.tracks) throw new Error('--tracks TRACKS.csv is required');
    if (!values.out) throw new Error('--out COVERAGE.csv is required');
    const radiusM = metresOption(values['radius-m'], 'radius-m');
    const cellM = metresOption(values['cell-m'], 'cell-m');
    const from = timeOption(values.from, 'from');
    const to = timeOption(values.to, 'to');
    if (from !== undefined && to !== undefined && !(from < to)) throw new Error(`--from must be before --to`);

    let grids: CoverageGridInput[];
    let read: TrackRead;
    try {
      grids = await readGrids(values.grids, values['grid-id'], crs, io);
      const tracks = readTracksCsv(await readInputText(values.tracks, 'tracks'), tracksCrs);
      if ('error' in tracks) throw new UnreadableInput(`${values.tracks}: ${tracks.error}`);
      read = tracks;
    } catch (err) {
      if (!(err instanceof UnreadableInput)) throw err;
      io.stderr(`gridroom coverage: ${err.message}\n`);
      return 1;
    }

    const file = values.tracks;
    for (const s of read.skipped.slice(0, MAX_LISTED)) io.stderr(`${file}: line ${s.line}: ${s.reason}; row skipped\n`);
    if (read.skipped.length > MAX_LISTED) io.stderr(`${file}: … and ${read.skipped.length - MAX_LISTED} more rows skipped\n`);
    if (read.skipped.length > 0) io.stderr(`${file}: skipped ${read.skipped.length} of ${read.rows} rows\n`);
    if (read.zoneless > 0) io.stderr(`${file}: ${read.zoneless} time(s) have no zone (Z or +08:00) and were read as UTC\n`);

    const result = computeCoverage(grids, read.tracks, { radiusM, cellM, from, to });
    const lines = [COVERAGE_COLUMNS.join(','), ...result.grids.map(coverageRow)];
    await writeFile(values.out, lines.join('\n') + '\n', 'utf8');
    io.stderr(
      `coverage of ${result.grids.length} grids from ${read.tracks.length} workers (${result.fixesInWindow} fixes in the window, ` +
        `${result.segments} segments, ${result.discs} lone fixes) at ${radiusM} m radius, ${cellM} m cells; wrote ${values.out}\n`,
    );
    return 0;
  },
};
