import { describe, expect, it } from 'vitest';
import { compositeScore, computeIndicators, SCORE_WEIGHTS, type IndicatorRow } from './indicators';
import type { Incident, IncidentStatus } from './model';
import { g, makeIncident, testContext } from './test-support';

const ctx = testContext();
const MAY1 = { from: '2024-05-01T00:00:00+08:00', to: '2024-05-02T00:00:00+08:00' };
const t = (s: string): string => `2024-${s}:00+08:00`;

/** A case reported at `reported` and (when given) registered at `registered`. */
function kase(id: string, grid: string | null, reported: string, registered: string | null, overrides: Partial<Incident>): Incident {
  const history: Incident['history'] = [{ kind: 'collected', at: t(reported), by: 'feed' }];
  if (registered !== null) history.push({ kind: 'registered', at: t(registered), by: 'op' });
  return makeIncident({ id, gridCode: grid === null ? null : g(grid), reportedAt: t(reported), history, ...overrides });
}

/**
 * The fixture (grids: A = S-01-01 with micro-grids A1 = S-01-01-01, A2 = S-01-01-02; B = S-01-02
 * with B1 = S-01-02-01). Period: 1 May 2024 (+08:00).
 */
const A1 = 'S-01-01-01';
const A2 = 'S-01-01-02';
const B1 = 'S-01-02-01';
const FIXTURE: Incident[] = [
  // i1: closed on time, 11h50m after registration.
  kase('i1', A1, '05-01T08:00', '05-01T08:10', {
    status: 'closed',
    deadline: t('05-02T08:10'),
    closedAt: t('05-01T20:00'),
    assignee: { kind: 'grid', code: g('S-01-01') },
  }),
  // i2: reworked once, closed late (3 h after registration, deadline 2 h), evaluated.
  kase('i2', A2, '05-01T09:00', '05-01T09:05', {
    status: 'evaluated',
    deadline: t('05-01T11:05'),
    closedAt: t('05-01T12:05'),
    reworks: 1,
    score: 3,
    assignee: { kind: 'department', id: 'fire_rescue' },
  }),
  // i3: still handling, its deadline passed within the period: due and not closed.
  kase('i3', A1, '05-01T10:00', '05-01T10:00', { status: 'handling', deadline: t('05-01T12:00'), assignee: { kind: 'department', id: 'fire_rescue' } }),
  // i4: extended, deadline after the period: not due.
  kase('i4', B1, '05-01T11:00', '05-01T11:30', { status: 'dispatched', deadline: t('05-04T11:30'), extensions: 1, assignee: { kind: 'grid', code: g('S-01-02') } }),
  // i5: collected only; i6: rejected: status counts only.
  kase('i5', B1, '05-01T12:00', null, {}),
  kase('i6', A1, '05-01T13:00', null, { status: 'rejected' }),
  // i7: reported the evening before, registered and closed (on time, 1.5 h) in the period.
  kase('i7', B1, '04-30T23:00', '05-01T00:30', { status: 'closed', deadline: t('05-01T02:30'), closedAt: t('05-01T02:00') }),
  // i8: reported in the period, registered after it.
  kase('i8', A2, '05-01T23:00', '05-02T00:10', { status: 'registered', deadline: t('05-02T02:10') }),
  // i9: nothing in the period (closed in it, but reported and registered before).
  kase('i9', A1, '04-20T10:00', '04-20T10:00', { status: 'closed', deadline: t('05-10T10:00'), closedAt: t('05-01T10:00') }),
  // i10: closed after the period ended: registered, not closed, not due.
  kase('i10', B1, '05-01T14:00', '05-01T14:00', { status: 'closed', deadline: t('05-02T14:00'), closedAt: t('05-02T10:00') }),
];

const byStatus = (counts: Partial<Record<IncidentStatus, number>>): Record<IncidentStatus, number> => ({
  collected: 0,
  registered: 0,
  dispatched: 0,
  handling: 0,
  handled: 0,
  closed: 0,
  evaluated: 0,
  rejected: 0,
  ...counts,
});

/** Counts exactly, rates to 6 decimals. */
function expectRow(row: IndicatorRow | undefined, expected: IndicatorRow) {
  expect(row).toBeDefined();
  const { closureRate, onTimeClosureRate, reworkRate, extensionRate, meanHoursToClose, score, ...counts } = row!;
  const { closureRate: c, onTimeClosureRate: o, reworkRate: r, extensionRate: e, meanHoursToClose: m, score: s, ...expectedCounts } = expected;
  expect(counts).toEqual(expectedCounts);
  const close = (actual: number | null, wanted: number | null) => (wanted === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(wanted, 6));
  close(closureRate, c);
  close(onTimeClosureRate, o);
  close(reworkRate, r);
  close(extensionRate, e);
  close(meanHoursToClose, m);
  close(score, s);
}

describe('computeIndicators', () => {
  it('computes the whole-district row by hand', () => {
    const rows = computeIndicators(FIXTURE, MAY1);
    expect(rows).toHaveLength(1);
    expectRow(rows[0], {
      key: 'all',
      reported: 8, // i1 i2 i3 i4 i5 i6 i8 i10
      byStatus: byStatus({ closed: 2, evaluated: 1, handling: 1, dispatched: 1, collected: 1, rejected: 1, registered: 1 }),
      registered: 6, // i1 i2 i3 i4 i7 i10
      closed: 3, // i1 i2 i7
      closedOnTime: 2, // i1 i7
      due: 4, // i1 i2 i7 + i3
      reworked: 1, // i2
      extended: 1, // i4
      closureRate: 3 / 6,
      onTimeClosureRate: 2 / 4,
      reworkRate: 1 / 3,
      extensionRate: 1 / 6,
      meanHoursToClose: (11 + 50 / 60 + 3 + 1.5) / 3,
      // 100 × (0.3 × 0.5 + 0.4 × 0.5 + 0.2 × (1 − 1/3) + 0.1 × (1 − 1/6))
      score: 100 * (0.15 + 0.2 + 0.2 * (2 / 3) + 0.1 * (5 / 6)),
    });
  });

  it('groups by level-3 grid through the hierarchy', () => {
    const rows = computeIndicators(FIXTURE, MAY1, { by: 'grid', level: 3, parentOf: ctx.parentOf, levelOf: ctx.levelOf });
    expect(rows.map((r) => r.key)).toEqual(['S-01-01', 'S-01-02']);
    expectRow(rows[0], {
      key: 'S-01-01',
      reported: 5, // i1 i2 i3 i6 i8
      byStatus: byStatus({ closed: 1, evaluated: 1, handling: 1, rejected: 1, registered: 1 }),
      registered: 3,
      closed: 2,
      closedOnTime: 1,
      due: 3,
      reworked: 1,
      extended: 0,
      closureRate: 2 / 3,
      onTimeClosureRate: 1 / 3,
      reworkRate: 1 / 2,
      extensionRate: 0,
      meanHoursToClose: (11 + 50 / 60 + 3) / 2,
      score: 100 * (0.3 * (2 / 3) + 0.4 * (1 / 3) + 0.2 * 0.5 + 0.1 * 1),
    });
    expectRow(rows[1], {
      key: 'S-01-02',
      reported: 3, // i4 i5 i10
      byStatus: byStatus({ dispatched: 1, collected: 1, closed: 1 }),
      registered: 3, // i4 i7 i10
      closed: 1,
      closedOnTime: 1,
      due: 1,
      reworked: 0,
      extended: 1,
      closureRate: 1 / 3,
      onTimeClosureRate: 1,
      reworkRate: 0,
      extensionRate: 1 / 3,
      meanHoursToClose: 1.5,
      score: 100 * (0.3 * (1 / 3) + 0.4 * 1 + 0.2 * 1 + 0.1 * (2 / 3)),
    });
  });

  it('groups by micro-grid and by community', () => {
    const hierarchy = { parentOf: ctx.parentOf, levelOf: ctx.levelOf };
    const micro = computeIndicators(FIXTURE, MAY1, { by: 'grid', level: 4, ...hierarchy });
    expect(micro.map((r) => [r.key, r.reported, r.registered])).toEqual([
      [A1, 3, 2],
      [A2, 2, 1],
      [B1, 3, 3],
    ]);
    const community = computeIndicators(FIXTURE, MAY1, { by: 'grid', level: 2, ...hierarchy });
    expect(community.map((r) => [r.key, r.reported, r.registered, r.closed])).toEqual([['S-01', 8, 6, 3]]);
  });

  it('puts cases without a grid last under key null, and a dedicated grid stands for itself below its level', () => {
    const extra = [
      kase('x1', null, '05-01T15:00', null, {}),
      kase('x2', 'S-01-Z1', '05-01T15:00', null, {}),
      kase('x3', 'O-9-01', '05-01T15:00', null, {}), // its level-2 parent is unknown
    ];
    const hierarchy = { parentOf: ctx.parentOf, levelOf: ctx.levelOf };
    const micro = computeIndicators([...FIXTURE, ...extra], MAY1, { by: 'grid', level: 4, ...hierarchy });
    expect(micro.map((r) => r.key)).toEqual(['O-9-01', A1, A2, B1, 'S-01-Z1', null]);
    const community = computeIndicators([...FIXTURE, ...extra], MAY1, { by: 'grid', level: 2, ...hierarchy });
    expect(community.map((r) => [r.key, r.reported])).toEqual([
      ['S-01', 9],
      [null, 2],
    ]);
  });

  it('groups by the department holding the case', () => {
    const rows = computeIndicators(FIXTURE, MAY1, { by: 'department' });
    expect(rows.map((r) => [r.key, r.registered, r.closed, r.due])).toEqual([
      ['fire_rescue', 2, 1, 2],
      [null, 4, 2, 2],
    ]);
  });

  it('gives null rates where nothing stands behind them, and always an "all" row', () => {
    const [empty] = computeIndicators([], MAY1);
    expect(empty).toMatchObject({ key: 'all', reported: 0, registered: 0, closureRate: null, onTimeClosureRate: null, reworkRate: null, score: null, meanHoursToClose: null });
    expect(computeIndicators([], MAY1, { by: 'department' })).toEqual([]);
  });

  it('refuses a period it cannot read', () => {
    expect(() => computeIndicators(FIXTURE, { from: 'May', to: MAY1.to })).toThrow(/period/);
  });
});

describe('compositeScore', () => {
  it('weighs the rates as documented, and rescales when some are missing', () => {
    expect(SCORE_WEIGHTS.closureRate + SCORE_WEIGHTS.onTimeClosureRate + SCORE_WEIGHTS.reworkRate + SCORE_WEIGHTS.extensionRate).toBeCloseTo(1, 10);
    expect(compositeScore({ closureRate: 1, onTimeClosureRate: 1, reworkRate: 0, extensionRate: 0 })).toBe(100);
    expect(compositeScore({ closureRate: 0, onTimeClosureRate: 0, reworkRate: 1, extensionRate: 1 })).toBe(0);
    // Only closure (0.5) and extension (0.2 → 0.8) known: (0.3 × 0.5 + 0.1 × 0.8) / 0.4.
    expect(compositeScore({ closureRate: 0.5, onTimeClosureRate: null, reworkRate: null, extensionRate: 0.2 })).toBeCloseTo(57.5, 10);
    expect(compositeScore({ closureRate: null, onTimeClosureRate: null, reworkRate: null, extensionRate: null })).toBeNull();
  });
});
