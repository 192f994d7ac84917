/**
 * The dashboard's aggregations over 20,000 cases of a busy month (npm run bench): each must stay
 * well inside a frame's budget share so the 1 Hz live feed can redraw the dashboard.
 */
import { bench, describe } from 'vitest';
import { asGridCode, type GridCode, type GridLevel } from '../model';
import { dashboardPeriod, incidentsPerHour, indicatorTable, openByClass, openByStatus, topGrids, type GridRollup } from './dashboard';
import { INCIDENT_STATUSES, type Incident } from './model';
import { formatIso, HOUR_MS } from './time';

const N = 20_000;
const NOW_MS = Date.UTC(2026, 10, 22, 7, 0);
const NOW = formatIso(NOW_MS, 480);
const CATEGORIES = ['E0150', 'E0505', 'E0101', '0553', '0150', 'E0652', '0118', 'E0501'];

/** 10 communities × 10 grids × 8 micro-grids, codes C-cc-gg-mm. */
const levels = new Map<GridCode, GridLevel>();
const parents = new Map<GridCode, GridCode>();
const leaves: GridCode[] = [];
for (let c = 0; c < 10; c++) {
  const community = asGridCode(`C-${c}`);
  levels.set(community, 2);
  for (let gi = 0; gi < 10; gi++) {
    const grid = asGridCode(`${community}-${gi}`);
    levels.set(grid, 3);
    parents.set(grid, community);
    for (let m = 0; m < 8; m++) {
      const micro = asGridCode(`${grid}-${m}`);
      levels.set(micro, 4);
      parents.set(micro, grid);
      leaves.push(micro);
    }
  }
}
const rollup: GridRollup = { parentOf: (c) => parents.get(c) ?? null, levelOf: (c) => levels.get(c) ?? null };

function workload(): Incident[] {
  const out: Incident[] = [];
  for (let i = 0; i < N; i++) {
    const reported = NOW_MS - ((i * 7919) % (30 * 24)) * HOUR_MS - (i % 3600) * 1000;
    const status = INCIDENT_STATUSES[i % INCIDENT_STATUSES.length];
    const closed = status === 'closed' || status === 'evaluated';
    out.push({
      id: `i-${i}`,
      version: 1,
      source: 'patrol',
      category: CATEGORIES[i % CATEGORIES.length],
      title: '',
      description: '',
      location: [113.6, 34.75],
      reportedAt: formatIso(reported, 480),
      priority: ((i % 3) + 1) as 1 | 2 | 3,
      gridCode: i % 50 === 0 ? null : leaves[i % leaves.length],
      status,
      assignee: i % 4 === 0 ? { kind: 'department', id: ['water', 'housing', 'drainage'][i % 3] } : null,
      escalation: 'micro_grid',
      deadline: status === 'collected' || status === 'rejected' ? null : formatIso(reported + 24 * HOUR_MS, 480),
      closedAt: closed ? formatIso(reported + ((i % 40) + 1) * HOUR_MS, 480) : null,
      reworks: i % 17 === 0 ? 1 : 0,
      extensions: i % 23 === 0 ? 1 : 0,
      whistle: null,
      score: null,
      history: [
        { kind: 'collected', at: formatIso(reported, 480), by: 'feed' },
        { kind: 'registered', at: formatIso(reported + 600_000, 480), by: 'op' },
      ],
    });
  }
  return out;
}

const cases = workload();
const month = dashboardPeriod('last30Days', NOW);

describe(`dashboard over ${N.toLocaleString('en')} cases`, () => {
  const opts = { iterations: 10, warmupIterations: 2 };
  bench('openByStatus', () => void openByStatus(cases), opts);
  bench('openByClass', () => void openByClass(cases), opts);
  bench('topGrids (micro-grids)', () => void topGrids(cases, NOW, { level: 4, rollup }), opts);
  bench('incidentsPerHour', () => void incidentsPerHour(cases, NOW), opts);
  bench('indicatorTable (today, by department)', () => void indicatorTable(cases, dashboardPeriod('today', NOW), { by: 'department' }, rollup), opts);
  bench('indicatorTable (30 days, by grid)', () => void indicatorTable(cases, month, { by: 'grid', level: 3 }, rollup), opts);
  bench('everything the panel shows at once', () => {
    openByStatus(cases);
    openByClass(cases);
    topGrids(cases, NOW, { level: 3, rollup });
    incidentsPerHour(cases, NOW);
    indicatorTable(cases, dashboardPeriod('today', NOW), { by: 'all' }, rollup);
    indicatorTable(cases, month, { by: 'department' }, rollup);
  }, opts);
});
