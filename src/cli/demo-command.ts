import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { DEMO_SEED, generateDemoDistrict } from '@core/demo';
import { exportHierarchy } from '@core/export';
import type { District } from '@core/model';
import type { CliCommand } from './index';

type Layer = 'grids' | 'buildings' | 'roads' | 'staff';
const LAYERS: readonly Layer[] = ['grids', 'buildings', 'roads', 'staff'];

/** One layer of the district as GeoJSON (staff as a JSON array: they have no geometry). */
export function demoLayer(district: District, layer: Layer, level?: number): FeatureCollection | District['staff'] {
  switch (layer) {
    case 'grids': {
      const all = exportHierarchy(district);
      // One level alone tiles the district (with dedicated grids beside level 4's parents), which is
      // what `gridroom allocate` wants; the whole hierarchy nests and so overlaps itself.
      return level === undefined ? all : { ...all, features: all.features.filter((f) => f.properties.level === level) };
    }
    case 'buildings':
      return {
        type: 'FeatureCollection',
        features: district.buildings.map((b) => ({
          type: 'Feature',
          geometry: b.footprint,
          properties: {
            id: b.id,
            name: b.name,
            compound: b.compound,
            use: b.use,
            grid_code: b.gridCode,
            floors: b.floors,
            entrances: b.entrances.length,
            households: b.households,
            residents: b.residents,
          },
        })),
      };
    case 'roads':
      return {
        type: 'FeatureCollection',
        features: district.roads.map((r) => ({
          type: 'Feature',
          geometry: r.geometry,
          properties: { id: r.id, name: r.name, road_class: r.roadClass },
        })),
      };
    case 'staff':
      return district.staff;
  }
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Write the embedded demo district (grids, buildings, roads or staff) as GeoJSON/JSON',
  usage: 'gridroom demo [--seed N] [--layer grids|buildings|roads|staff] [--level 1-4] [--out FILE]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        seed: { type: 'string', default: String(DEMO_SEED) },
        layer: { type: 'string', default: 'grids' },
        level: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    });
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${values.seed}'`);
    const layer = values.layer as Layer;
    if (!LAYERS.includes(layer)) throw new Error(`--layer must be one of ${LAYERS.join(', ')}, got '${values.layer}'`);
    const level = values.level === undefined ? undefined : Number(values.level);
    if (level !== undefined && ![1, 2, 3, 4].includes(level)) throw new Error(`--level must be 1, 2, 3 or 4, got '${values.level}'`);
    if (level !== undefined && layer !== 'grids') throw new Error('--level applies to --layer grids only');
    const text = JSON.stringify(demoLayer(generateDemoDistrict(seed), layer, level)) + '\n';
    if (values.out) {
      await writeFile(values.out, text, 'utf8');
      io.stderr(`wrote ${values.out}\n`);
    } else {
      io.stdout(text);
    }
    return 0;
  },
};
