import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CRS_LIST, type Crs } from '@core/crs';
import { generateDemoDistrict } from '@core/demo';
import { describeProblem, guessMapping, listProperties, validateGridImport } from '@core/import';
import type { GridUnit } from '@core/model';
import type { CliCommand } from './index';

/**
 * Checks a grid file the way the app's import dialog would, so an administrator can fix a file
 * before handing it to operators. Exit code 0 when every feature is good, 3 when some are bad,
 * 1 when the file cannot be read at all.
 */
export const checkImportCommand: CliCommand = {
  name: 'check-import',
  summary: 'Validate a GeoJSON file of grids as the import dialog would and list its problems',
  usage: 'gridroom check-import FILE [--crs wgs84|cgcs2000|gcj02|bd09] [--against-demo]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { crs: { type: 'string', default: 'wgs84' }, 'against-demo': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const file = positionals[0];
    if (!file) throw new Error('a FILE to check is required');
    const crs = values.crs as Crs;
    if (!CRS_LIST.includes(crs)) throw new Error(`--crs must be one of ${CRS_LIST.join(', ')}`);
    const text = await readFile(file, 'utf8');
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // validateGridImport reports invalid JSON itself; the mapping guess just gets no properties.
    }
    const mapping = guessMapping(listProperties(parsed));
    const existing: GridUnit[] = values['against-demo'] ? generateDemoDistrict().grids : [];
    const report = validateGridImport(text, mapping, existing, crs);
    for (const p of report.fileProblems) io.stderr(`${file}: ${describeProblem(p)}\n`);
    if (report.fileProblems.length > 0) return 1;
    for (const f of report.features) {
      for (const p of f.problems) io.stdout(`feature ${f.index}${f.code ? ` (${f.code})` : ''}: ${p.kind}: ${describeProblem(p)}\n`);
    }
    io.stdout(`${report.summary.total} features: ${report.summary.good} good, ${report.summary.bad} with problems\n`);
    return report.summary.bad > 0 ? 3 : 0;
  },
};
