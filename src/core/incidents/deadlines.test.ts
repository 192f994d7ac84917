import { describe, expect, it } from 'vitest';
import { deadlineFor, deadlineHoursFor, deadlineState, isOverdue, registeredAtOf } from './deadlines';
import { FALLBACK_DEADLINE_HOURS } from './classes';
import { makeIncident } from './test-support';

const REG = '2024-05-01T08:00:00+08:00';

/** A registered incident with an `hours`-long deadline from REG. */
function registered(hours: number, overrides = {}) {
  return makeIncident({
    status: 'handling',
    deadline: deadlineForHours(hours),
    history: [
      { kind: 'collected', at: '2024-05-01T07:50:00+08:00', by: 'feed' },
      { kind: 'registered', at: REG, by: 'op' },
    ],
    ...overrides,
  });
}
const deadlineForHours = (hours: number): string => new Date(Date.parse(REG) + hours * 3_600_000).toISOString();
const at = (hoursAfterReg: number): string => new Date(Date.parse(REG) + hoursAfterReg * 3_600_000).toISOString();

describe('deadlineFor', () => {
  it('counts the class rule from registration, in the registration offset', () => {
    expect(deadlineFor('E0150', 1, REG)).toBe('2024-05-01T10:00:00+08:00'); // hazard, urgent 2 h
    expect(deadlineFor('E0150', 2, REG)).toBe('2024-05-01T20:00:00+08:00'); // hazard, 12 h
    expect(deadlineFor('E0150', 3, REG)).toBe('2024-05-02T08:00:00+08:00'); // hazard, 24 h
    expect(deadlineFor('E0101', 3, REG)).toBe('2024-05-04T08:00:00+08:00'); // routine, 72 h
    expect(deadlineFor('0550', 3, REG)).toBe('2024-05-06T08:00:00+08:00'); // roof leak, 120 h
    expect(deadlineFor('0550', 2, '2024-05-01T00:00:00Z')).toBe('2024-05-03T00:00:00Z');
  });

  it('uses the fallback rule for an unknown category and refuses a bad time', () => {
    expect(deadlineHoursFor('X-LOCAL', 3)).toBe(FALLBACK_DEADLINE_HOURS[3]);
    expect(deadlineFor('X-LOCAL', 3, REG)).toBe('2024-05-04T08:00:00+08:00');
    expect(deadlineFor('E0101', 3, 'not a time')).toBeNull();
  });
});

describe('registeredAtOf', () => {
  it('is the last registered step, the report time past registration without one, else null', () => {
    expect(registeredAtOf(registered(24))).toBe(REG);
    expect(registeredAtOf(makeIncident())).toBeNull();
    expect(registeredAtOf(makeIncident({ status: 'rejected' }))).toBeNull();
    expect(registeredAtOf(makeIncident({ status: 'dispatched' }))).toBe('2024-05-01T08:00:00+08:00');
  });
});

describe('deadlineState', () => {
  it('is none without a deadline, when rejected, or with an unreadable time', () => {
    expect(deadlineState(makeIncident(), at(1))).toBe('none');
    expect(deadlineState(registered(24, { status: 'rejected' }), at(1))).toBe('none');
    expect(deadlineState(registered(24), 'garbage')).toBe('none');
    expect(deadlineState(registered(24, { deadline: 'garbage' }), at(1))).toBe('none');
  });

  it('is near due with less than 20% of the allowed time left (long deadlines)', () => {
    // 120 h allowed: 20% is 24 h.
    expect(deadlineState(registered(120), at(0))).toBe('on_time');
    expect(deadlineState(registered(120), at(95))).toBe('on_time'); // 25 h left
    expect(deadlineState(registered(120), at(97))).toBe('near_due'); // 23 h left
    expect(deadlineState(registered(120), at(120))).toBe('near_due'); // due this instant
    expect(deadlineState(registered(120), at(120.01))).toBe('overdue');
  });

  it('is near due with less than an hour left when 20% is shorter (short deadlines)', () => {
    // 2 h allowed: 20% is 24 min, so the 1 h floor decides.
    expect(deadlineState(registered(2), at(0.9))).toBe('on_time'); // 66 min left
    expect(deadlineState(registered(2), at(1.1))).toBe('near_due'); // 54 min left
    expect(deadlineState(registered(2), at(3))).toBe('overdue');
  });

  it('counts handled cases as still open', () => {
    expect(deadlineState(registered(2, { status: 'handled' }), at(3))).toBe('overdue');
  });

  it('judges closed cases by when they closed, whatever the time now', () => {
    const onTime = registered(24, { status: 'closed', closedAt: at(20) });
    const late = registered(24, { status: 'evaluated', closedAt: at(30) });
    expect(deadlineState(onTime, at(100))).toBe('on_time');
    expect(deadlineState(late, at(0))).toBe('overdue');
    expect(deadlineState(registered(24, { status: 'closed', closedAt: null }), at(1))).toBe('none');
    expect(deadlineState(registered(24, { status: 'closed', closedAt: at(24) }), at(1))).toBe('on_time');
  });

  it('isOverdue agrees with deadlineState', () => {
    expect(isOverdue(registered(2), at(3))).toBe(true);
    expect(isOverdue(registered(2), at(1))).toBe(false);
    expect(isOverdue(registered(24, { status: 'closed', closedAt: at(30) }), at(0))).toBe(true);
    expect(isOverdue(makeIncident(), at(1000))).toBe(false);
  });
});
