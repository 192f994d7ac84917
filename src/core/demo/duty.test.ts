import { describe, expect, it } from 'vitest';
import { asGridCode, asStaffId, type GridCode, type StaffId } from '../model';
import { dutyRoster } from './duty';

const grids = new Map<GridCode, StaffId[]>();
for (let g = 0; g < 20; g++) grids.set(asGridCode(`G-${g}`), [0, 1, 2].map((w) => asStaffId(`st-${g}-${w}`)));
const roster = dutyRoster(grids);
const all = [...grids.values()].flat();
const at = (hhmm: string, day = '2026-11-22'): number => Date.parse(`${day}T${hhmm}:00+08:00`);
const onDutyCount = (ms: number): number => all.filter((id) => roster.onDuty(id, ms)).length;

describe('demo duty roster', () => {
  it('most workers walk by day, few at night, and someone walks at every minute of the day', () => {
    expect(onDutyCount(at("10:00"))).toBeGreaterThan(all.length * 0.6); // last night's walker rests, a grid is on sick leave
    const night = onDutyCount(at("03:00")); // the night walkers: about one grid in three
    expect(night).toBeGreaterThan(0);
    expect(night).toBeLessThan(grids.size * 0.6);
    for (let m = 0; m < 24 * 60; m += 5) {
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      expect(onDutyCount(at(hhmm)), hhmm).toBeGreaterThan(0);
    }
  });

  it('lunch is staggered: fewer walk at 12:45 than at 10:00, but not nobody', () => {
    const noon = onDutyCount(at('12:45'));
    expect(noon).toBeLessThan(onDutyCount(at('10:00')));
    expect(noon).toBeGreaterThan(0);
  });

  it('the sick grid has nobody on the day shift; it changes from day to day', () => {
    const sick = roster.sickGrid(at('10:00'))!;
    const ids = grids.get(sick)!;
    expect(ids.some((id) => roster.onDuty(id, at('10:00')))).toBe(false);
    const days = new Set(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'].map((d) => roster.sickGrid(at('10:00', d))));
    expect(days.size).toBeGreaterThan(1);
  });

  it('some workers have a phone-off gap in the afternoon, between fixes of the same shift', () => {
    let gaps = 0;
    for (const id of all) {
      let wasOn = false;
      let offAfterOn = false;
      for (let m = 14 * 60 + 30; m < 17 * 60 + 15; m += 5) {
        const on = roster.onDuty(id, at(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`));
        if (on && offAfterOn) {
          gaps++;
          break;
        }
        if (wasOn && !on) offAfterOn = true;
        wasOn = on;
      }
    }
    expect(gaps).toBeGreaterThan(0);
    expect(gaps).toBeLessThan(all.length / 4);
  });

  it('is a pure function of the staff id and the time', () => {
    const again = dutyRoster(grids);
    for (const id of all.slice(0, 10)) for (const h of ['07:00', '09:00', '12:00', '15:00', '19:00']) expect(again.onDuty(id, at(h))).toBe(roster.onDuty(id, at(h)));
  });
});
