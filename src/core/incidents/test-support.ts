/**
 * Fixtures shared by the incident tests: a tiny grid hierarchy and an incident builder. Not part
 * of the public API (index.ts does not export it).
 */
import { asGridCode, type GridCode, type GridLevel, type GridUnit } from '../model';
import type { Incident } from './model';
import { workflowContextFromGrids, type WorkflowContext } from './workflow';

const unit = (code: string, level: GridLevel, parent: string | null, kind: GridUnit['kind'] = 'base'): GridUnit => ({
  code: asGridCode(code),
  name: code,
  level,
  kind,
  parentCode: parent === null ? null : asGridCode(parent),
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  },
  chiefId: null,
  workerIds: [],
});

/**
 * S (sub-district) › S-01 (community) › S-01-01, S-01-02 (grids) › micro-grids S-01-01-01,
 * S-01-01-02, S-01-02-01; a dedicated grid S-01-Z1; and an orphan grid O-9-01 whose parent is
 * missing.
 */
export const TEST_GRIDS: readonly GridUnit[] = [
  unit('S', 1, null),
  unit('S-01', 2, 'S'),
  unit('S-01-01', 3, 'S-01'),
  unit('S-01-02', 3, 'S-01'),
  unit('S-01-01-01', 4, 'S-01-01'),
  unit('S-01-01-02', 4, 'S-01-01'),
  unit('S-01-02-01', 4, 'S-01-02'),
  unit('S-01-Z1', 3, 'S-01', 'dedicated'),
  unit('O-9-01', 3, 'O-9'),
];

export const g = (code: string): GridCode => asGridCode(code);

/** A context over TEST_GRIDS with a fixed clock. */
export function testContext(overrides: Partial<WorkflowContext> = {}): WorkflowContext {
  return { ...workflowContextFromGrids(TEST_GRIDS, { now: '2024-05-01T09:00:00+08:00' }), ...overrides };
}

/** A collected stairwell-clutter report (E0150, an event owned by fire_rescue) in micro-grid S-01-01-01. */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'T-1',
    version: 1,
    source: 'patrol',
    category: 'E0150',
    title: '楼道堆物：1号楼2单元',
    description: '楼道内堆放纸箱',
    location: [113.62, 34.75],
    reportedAt: '2024-05-01T08:00:00+08:00',
    priority: 3,
    gridCode: g('S-01-01-01'),
    status: 'collected',
    assignee: null,
    escalation: 'micro_grid',
    deadline: null,
    closedAt: null,
    reworks: 0,
    extensions: 0,
    whistle: null,
    score: null,
    history: [{ kind: 'collected', at: '2024-05-01T08:00:00+08:00', by: 'feed' }],
    ...overrides,
  };
}

/** Freezes a value and everything reachable from it, so a mutation throws in a test. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
