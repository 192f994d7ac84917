import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../demo';
import { buildHierarchyIndex } from '../hierarchy';
import type { GridCode } from '../model';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from './model';
import { deepFreeze, g, makeIncident, testContext } from './test-support';
import {
  acceptIncident,
  acknowledgeWhistle,
  ALLOWED_FROM,
  allowedActions,
  applyIncidentAction,
  dispatchIncident,
  escalateIncident,
  evaluateIncident,
  extendDeadline,
  localityOf,
  markHandled,
  registerIncident,
  rejectIncident,
  reworkIncident,
  routeIncident,
  updateFromFeed,
  verifyIncident,
  whistleIncident,
  WORKFLOW_ACTIONS,
  workflowContextFromGrids,
  type IncidentAction,
  type WorkflowActionName,
  type WorkflowResult,
} from './workflow';

const ctx = testContext();
const AT = '2024-05-01T10:00:00+08:00';
const BY = 'op-1';

function ok(result: WorkflowResult): Incident {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.incident;
}
function reason(result: WorkflowResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.reason;
}

/**
 * An incident in `status` with everything any action might need besides the status: a deadline,
 * a grid assignee (the micro-grid), and a pending whistle to water. So only the status decides.
 */
function inStatus(status: IncidentStatus): Incident {
  return deepFreeze(
    makeIncident({
      status,
      deadline: '2024-05-02T08:00:00+08:00',
      assignee: { kind: 'grid', code: g('S-01-01-01') },
      whistle: { departmentId: 'water', at: '2024-05-01T08:30:00+08:00', dueAt: '2024-05-01T10:30:00+08:00' },
      closedAt: status === 'closed' || status === 'evaluated' ? '2024-05-01T09:30:00+08:00' : null,
    }),
  );
}

/** Valid parameters for every action. */
const VALID: Record<WorkflowActionName, IncidentAction> = {
  register: { type: 'register', by: BY, at: AT },
  reject: { type: 'reject', by: BY, at: AT, note: 'duplicate of T-0' },
  dispatch: { type: 'dispatch', by: BY, at: AT, to: { kind: 'grid', code: g('S-01-01') } },
  accept: { type: 'accept', by: BY, at: AT },
  mark_handled: { type: 'mark_handled', by: BY, at: AT, note: 'cleared the stairwell' },
  verify: { type: 'verify', by: BY, at: AT, passed: true },
  rework: { type: 'rework', by: BY, at: AT, note: 'boxes still there' },
  evaluate: { type: 'evaluate', by: BY, at: AT, score: 4 },
  escalate: { type: 'escalate', by: BY, at: AT },
  whistle: { type: 'whistle', by: BY, at: AT, departmentId: 'housing' },
  acknowledge_whistle: { type: 'acknowledge_whistle', by: BY, at: AT },
  extend_deadline: { type: 'extend_deadline', by: BY, at: AT, deadline: '2024-05-03T08:00:00+08:00' },
};

describe('every transition, allowed and refused', () => {
  for (const action of WORKFLOW_ACTIONS) {
    for (const status of INCIDENT_STATUSES) {
      const allowed = ALLOWED_FROM[action].includes(status);
      it(`${action} from ${status}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const before = inStatus(status);
        const snapshot = JSON.stringify(before);
        const result = applyIncidentAction(before, VALID[action], ctx);
        expect(JSON.stringify(before)).toBe(snapshot);
        if (allowed) {
          const after = ok(result);
          expect(after).not.toBe(before);
          expect(after.history.length).toBeGreaterThan(before.history.length);
          const added = after.history.slice(before.history.length);
          for (const s of added) expect(s).toMatchObject({ at: AT, by: BY });
        } else {
          expect(reason(result)).toContain(`it is ${status}`);
        }
      });
    }
  }

  it('allowedActions lists exactly the actions that succeed, for every status', () => {
    for (const status of INCIDENT_STATUSES) {
      const incident = inStatus(status);
      const succeeding = WORKFLOW_ACTIONS.filter((a) => applyIncidentAction(incident, VALID[a], ctx).ok);
      expect(allowedActions(incident), status).toEqual(succeeding);
    }
  });

  it('allowedActions drops escalate at a department, acknowledge without a pending whistle, extend without a deadline', () => {
    const atDept = makeIncident({ status: 'handling', assignee: { kind: 'department', id: 'water' }, deadline: AT });
    expect(allowedActions(atDept)).not.toContain('escalate');
    expect(allowedActions(atDept)).not.toContain('acknowledge_whistle');
    const acked = makeIncident({
      status: 'handling',
      deadline: AT,
      whistle: { departmentId: 'water', at: AT, dueAt: AT, acknowledgedAt: AT },
    });
    expect(allowedActions(acked)).toEqual(['mark_handled', 'escalate', 'whistle', 'extend_deadline']);
    expect(allowedActions(makeIncident({ status: 'registered', deadline: null }))).not.toContain('extend_deadline');
    expect(allowedActions(makeIncident())).toEqual(['register', 'reject']);
    expect(allowedActions(makeIncident({ status: 'evaluated' }))).toEqual([]);
    expect(allowedActions(makeIncident({ status: 'rejected' }))).toEqual([]);
  });
});

describe('common checks', () => {
  it('needs who and when', () => {
    const incident = makeIncident();
    expect(reason(registerIncident(incident, { by: ' ' }, ctx))).toMatch(/by/);
    expect(reason(registerIncident(incident, { by: BY }, testContext({ now: undefined })))).toMatch(/no time/);
    expect(reason(registerIncident(incident, { by: BY, at: '2024-05-01 10:00' }, ctx))).toMatch(/ISO 8601/);
  });

  it('takes ctx.now when params give no time', () => {
    const after = ok(registerIncident(makeIncident(), { by: BY }, ctx));
    expect(after.history.at(-1)).toMatchObject({ kind: 'registered', at: '2024-05-01T09:00:00+08:00', by: BY });
  });

  it('refuses an unknown action type', () => {
    const bogus = { type: 'teleport', by: BY } as unknown as IncidentAction;
    expect(reason(applyIncidentAction(makeIncident(), bogus, ctx))).toMatch(/unknown action/);
  });
});

describe('the main line', () => {
  it('runs collected → registered → dispatched → handling → handled → closed → evaluated', () => {
    let i = deepFreeze(makeIncident());
    i = ok(registerIncident(i, { by: 'op', at: '2024-05-01T08:10:00+08:00' }, ctx));
    expect(i).toMatchObject({ status: 'registered', deadline: '2024-05-02T08:10:00+08:00' });
    i = ok(dispatchIncident(i, { by: 'op', at: '2024-05-01T08:15:00+08:00' }, ctx));
    expect(i).toMatchObject({ status: 'dispatched', assignee: { kind: 'grid', code: 'S-01-01' }, escalation: 'grid' });
    i = ok(acceptIncident(i, { by: 'worker', at: '2024-05-01T08:20:00+08:00' }, ctx));
    expect(i.status).toBe('handling');
    i = ok(markHandled(i, { by: 'worker', at: '2024-05-01T09:20:00+08:00', note: '已清理' }, ctx));
    expect(i.status).toBe('handled');
    i = ok(verifyIncident(i, { by: 'checker', at: '2024-05-01T10:00:00+08:00', passed: true }, ctx));
    expect(i).toMatchObject({ status: 'closed', closedAt: '2024-05-01T10:00:00+08:00' });
    i = ok(evaluateIncident(i, { by: 'op', at: '2024-05-01T11:00:00+08:00', score: 5 }, ctx));
    expect(i).toMatchObject({ status: 'evaluated', score: 5, reworks: 0, extensions: 0 });
    expect(i.history.map((s) => s.kind)).toEqual(['collected', 'registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed', 'evaluated']);
    expect(i.history.map((s) => s.by)).toEqual(['feed', 'op', 'op', 'worker', 'worker', 'checker', 'checker', 'op']);
  });
});

describe('registerIncident', () => {
  it('classifies, sets priority and the deadline from the class rule', () => {
    const i = ok(registerIncident(makeIncident(), { by: BY, at: AT, category: '0550', priority: 2, note: '现场核实' }, ctx));
    expect(i).toMatchObject({ category: '0550', priority: 2, deadline: '2024-05-03T10:00:00+08:00' });
    expect(i.history.at(-1)).toMatchObject({ kind: 'registered', deadline: '2024-05-03T10:00:00+08:00' });
    expect(i.history.at(-1)?.note).toContain('reported as E0150');
    expect(i.history.at(-1)?.note).toContain('现场核实');
  });

  it('refuses a category outside the classification and a bad priority', () => {
    expect(reason(registerIncident(makeIncident(), { by: BY, at: AT, category: 'X1' }, ctx))).toMatch(/not in the classification/);
    expect(reason(registerIncident(makeIncident({ category: 'LOCAL-7' }), { by: BY, at: AT }, ctx))).toMatch(/LOCAL-7/);
    const bad = { by: BY, at: AT, priority: 4 } as unknown as Parameters<typeof registerIncident>[1];
    expect(reason(registerIncident(makeIncident(), bad, ctx))).toMatch(/priority/);
  });
});

describe('rejectIncident', () => {
  it('needs a reason', () => {
    expect(reason(rejectIncident(makeIncident(), { by: BY, at: AT, note: '' }, ctx))).toMatch(/reason/);
    const i = ok(rejectIncident(makeIncident(), { by: BY, at: AT, note: '重复上报' }, ctx));
    expect(i.status).toBe('rejected');
    expect(i.history.at(-1)).toMatchObject({ kind: 'rejected', note: '重复上报' });
  });
});

describe('routing', () => {
  const reg = (overrides: Partial<Incident>) => makeIncident({ status: 'registered', ...overrides });

  it('sends events to the locality first: the micro-grid’s level-3 grid', () => {
    expect(localityOf(reg({}), ctx)).toBe('S-01-01');
    expect(routeIncident(reg({ category: 'E0101' }), ctx)).toEqual({ kind: 'grid', code: 'S-01-01' });
  });

  it('keeps a case in a dedicated grid or at a higher unit where it is', () => {
    expect(routeIncident(reg({ gridCode: g('S-01-Z1') }), ctx)).toEqual({ kind: 'grid', code: 'S-01-Z1' });
    expect(routeIncident(reg({ gridCode: g('S-01') }), ctx)).toEqual({ kind: 'grid', code: 'S-01' });
  });

  it('sends events without a (known) grid to the owner', () => {
    expect(routeIncident(reg({ gridCode: null }), ctx)).toEqual({ kind: 'department', id: 'fire_rescue' });
    expect(routeIncident(reg({ gridCode: g('NOPE') }), ctx)).toEqual({ kind: 'department', id: 'fire_rescue' });
  });

  it('sends components to their owner first', () => {
    expect(routeIncident(reg({ category: '0550' }), ctx)).toEqual({ kind: 'department', id: 'housing' });
    expect(routeIncident(reg({ category: '0101', gridCode: null }), ctx)).toEqual({ kind: 'department', id: 'water' });
  });

  it('sends unknown categories to the locality, and nowhere without a grid', () => {
    expect(routeIncident(reg({ category: 'LOCAL' }), ctx)).toEqual({ kind: 'grid', code: 'S-01-01' });
    expect(routeIncident(reg({ category: 'LOCAL', gridCode: null }), ctx)).toBeNull();
  });
});

describe('dispatchIncident', () => {
  const registered = deepFreeze(makeIncident({ status: 'registered', deadline: AT }));

  it('routes by default and records the assignee', () => {
    const i = ok(dispatchIncident(makeIncident({ status: 'registered', category: '0553' }), { by: BY, at: AT }, ctx));
    expect(i).toMatchObject({ status: 'dispatched', assignee: { kind: 'department', id: 'market_regulation' }, escalation: 'department' });
    expect(i.history.at(-1)).toMatchObject({ kind: 'dispatched', to: { kind: 'department', id: 'market_regulation' } });
  });

  it('sets the escalation level from the assignee', () => {
    const at = (code: string) => ok(dispatchIncident(registered, { by: BY, at: AT, to: { kind: 'grid', code: g(code) } }, ctx)).escalation;
    expect(at('S-01-01-01')).toBe('micro_grid');
    expect(at('S-01-01')).toBe('grid');
    expect(at('S-01-Z1')).toBe('grid');
    expect(at('S-01')).toBe('community');
    expect(at('S')).toBe('sub_district');
  });

  it('refuses unknown assignees and a case with nowhere to go', () => {
    expect(reason(dispatchIncident(registered, { by: BY, at: AT, to: { kind: 'grid', code: g('X') } }, ctx))).toMatch(/not in the hierarchy/);
    expect(reason(dispatchIncident(registered, { by: BY, at: AT, to: { kind: 'department', id: 'nasa' } }, ctx))).toMatch(/not known/);
    const lost = makeIncident({ status: 'registered', category: 'LOCAL', gridCode: null });
    expect(reason(dispatchIncident(lost, { by: BY, at: AT }, ctx))).toMatch(/no grid/);
  });

  it('reassigns from dispatched, but not to the same assignee', () => {
    const first = ok(dispatchIncident(registered, { by: BY, at: AT }, ctx));
    expect(reason(dispatchIncident(first, { by: BY, at: AT, to: { kind: 'grid', code: g('S-01-01') } }, ctx))).toMatch(/already with grid S-01-01/);
    const second = ok(dispatchIncident(first, { by: BY, at: AT, to: { kind: 'department', id: 'fire_rescue' } }, ctx));
    expect(second.assignee).toEqual({ kind: 'department', id: 'fire_rescue' });
  });

  it('does not share the assignee object it was given', () => {
    const to = { kind: 'grid' as const, code: g('S-01-01') };
    const i = ok(dispatchIncident(registered, { by: BY, at: AT, to }, ctx));
    expect(i.assignee).toEqual(to);
    expect(i.assignee).not.toBe(to);
  });
});

describe('handling, verification and rework', () => {
  const handling = deepFreeze(makeIncident({ status: 'handling', assignee: { kind: 'grid', code: g('S-01-01') }, deadline: AT }));

  it('markHandled needs the feedback', () => {
    expect(reason(markHandled(handling, { by: BY, at: AT, note: '  ' }, ctx))).toMatch(/feedback/);
    expect(ok(markHandled(handling, { by: BY, at: AT, note: '已清理' }, ctx)).history.at(-1)).toMatchObject({ kind: 'handled', note: '已清理' });
  });

  it('a failed verification needs a note and sends the case back to the same assignee', () => {
    const handled = ok(markHandled(handling, { by: BY, at: AT, note: '已清理' }, ctx));
    expect(reason(verifyIncident(handled, { by: BY, at: AT, passed: false }, ctx))).toMatch(/still wrong/);
    const back = ok(verifyIncident(handled, { by: 'checker', at: AT, passed: false, note: '仍有杂物' }, ctx));
    expect(back).toMatchObject({ status: 'dispatched', reworks: 1, assignee: { kind: 'grid', code: 'S-01-01' }, closedAt: null });
    expect(back.history.at(-1)).toMatchObject({ kind: 'reworked', by: 'checker', note: '仍有杂物' });
    // Round two: handled again, passes.
    const again = ok(markHandled(ok(acceptIncident(back, { by: BY, at: AT }, ctx)), { by: BY, at: AT, note: '已清理干净' }, ctx));
    const closed = ok(verifyIncident(again, { by: BY, at: AT, passed: true }, ctx));
    expect(closed).toMatchObject({ status: 'closed', reworks: 1 });
  });

  it('rework needs a note', () => {
    const handled = makeIncident({ status: 'handled' });
    expect(reason(reworkIncident(handled, { by: BY, at: AT, note: '' }, ctx))).toMatch(/note/);
  });

  it('verify needs a boolean', () => {
    const bad = { by: BY, at: AT } as unknown as Parameters<typeof verifyIncident>[1];
    expect(reason(verifyIncident(makeIncident({ status: 'handled' }), bad, ctx))).toMatch(/passed/);
  });
});

describe('evaluateIncident', () => {
  it('takes whole scores 1–5 only', () => {
    const closed = makeIncident({ status: 'closed', closedAt: AT });
    for (const score of [0, 6, 3.5, Number.NaN]) expect(reason(evaluateIncident(closed, { by: BY, at: AT, score }, ctx))).toMatch(/score/);
    for (const score of [1, 5]) expect(ok(evaluateIncident(closed, { by: BY, at: AT, score }, ctx)).score).toBe(score);
    expect(ok(evaluateIncident(closed, { by: BY, at: AT, score: 3 }, ctx)).history.at(-1)).toMatchObject({ kind: 'evaluated', score: 3 });
  });
});

describe('escalateIncident', () => {
  it('climbs the whole ladder on the demo district, then stops', () => {
    const district = generateDemoDistrict();
    const index = buildHierarchyIndex(district.grids);
    const dctx = workflowContextFromGrids(district.grids, { now: AT });
    const micro = district.grids.find((u) => u.level === 4)!;
    const chain = index.ancestors(micro.code).reverse(); // grid, community, sub-district
    let i = deepFreeze(makeIncident({ status: 'registered', gridCode: micro.code, deadline: AT }));
    i = ok(dispatchIncident(i, { by: BY, to: { kind: 'grid', code: micro.code } }, dctx));
    expect(i.escalation).toBe('micro_grid');
    i = ok(acceptIncident(i, { by: BY }, dctx));
    const seen: [string, string][] = [];
    for (let step = 0; step < 4; step++) {
      i = ok(escalateIncident(i, { by: BY }, dctx));
      expect(i.status).toBe('dispatched');
      seen.push([i.escalation, i.assignee!.kind === 'grid' ? i.assignee!.code : i.assignee!.id]);
    }
    expect(seen).toEqual([
      ['grid', chain[0].code],
      ['community', chain[1].code],
      ['sub_district', chain[2].code],
      ['department', 'fire_rescue'],
    ]);
    expect(chain.map((u) => u.level)).toEqual([3, 2, 1]);
    expect(reason(escalateIncident(i, { by: BY }, dctx))).toMatch(/top of the ladder/);
    expect(i.history.filter((s) => s.kind === 'escalated').map((s) => s.to)).toEqual([
      { kind: 'grid', code: chain[0].code },
      { kind: 'grid', code: chain[1].code },
      { kind: 'grid', code: chain[2].code },
      { kind: 'department', id: 'fire_rescue' },
    ]);
  });

  it('starts from the grid holding a case not yet dispatched', () => {
    const i = ok(escalateIncident(makeIncident({ status: 'registered' }), { by: BY, at: AT }, ctx));
    expect(i).toMatchObject({ status: 'dispatched', assignee: { kind: 'grid', code: 'S-01-01' }, escalation: 'grid' });
  });

  it('goes from a dedicated grid to its community', () => {
    const i = makeIncident({ status: 'dispatched', gridCode: g('S-01-Z1'), assignee: { kind: 'grid', code: g('S-01-Z1') } });
    expect(ok(escalateIncident(i, { by: BY, at: AT }, ctx)).assignee).toEqual({ kind: 'grid', code: 'S-01' });
  });

  it('refuses without a grid, with an unknown grid, or an orphan, or no owner above the sub-district', () => {
    expect(reason(escalateIncident(makeIncident({ status: 'registered', gridCode: null }), { by: BY, at: AT }, ctx))).toMatch(/no grid/);
    expect(reason(escalateIncident(makeIncident({ status: 'registered', gridCode: g('X') }), { by: BY, at: AT }, ctx))).toMatch(/not in the hierarchy/);
    expect(reason(escalateIncident(makeIncident({ status: 'registered', gridCode: g('O-9-01') }), { by: BY, at: AT }, ctx))).toMatch(/no parent/);
    const top = makeIncident({ status: 'dispatched', category: 'LOCAL', assignee: { kind: 'grid', code: g('S') } });
    expect(reason(escalateIncident(top, { by: BY, at: AT }, ctx))).toMatch(/no owner department/);
  });
});

describe('whistleIncident and acknowledgeWhistle', () => {
  const handling = deepFreeze(makeIncident({ status: 'handling', assignee: { kind: 'grid', code: g('S-01-01') }, deadline: AT }));

  it('summons the owner department, due in 2 hours by default', () => {
    const i = ok(whistleIncident(handling, { by: 'chief', at: AT }, ctx));
    expect(i).toMatchObject({
      status: 'dispatched',
      assignee: { kind: 'department', id: 'fire_rescue' },
      escalation: 'department',
      whistle: { departmentId: 'fire_rescue', at: AT, dueAt: '2024-05-01T12:00:00+08:00' },
    });
    expect(i.history.at(-1)).toMatchObject({ kind: 'whistled', by: 'chief', to: { kind: 'department', id: 'fire_rescue' } });
  });

  it('uses ctx.whistleAckHours and a named department', () => {
    const i = ok(whistleIncident(handling, { by: BY, at: AT, departmentId: 'housing' }, testContext({ whistleAckHours: 0.5 })));
    expect(i.whistle).toEqual({ departmentId: 'housing', at: AT, dueAt: '2024-05-01T10:30:00+08:00' });
    expect(reason(whistleIncident(handling, { by: BY, at: AT }, testContext({ whistleAckHours: 0 })))).toMatch(/positive/);
  });

  it('refuses an unknown department, a class without owner, and a second whistle to the same department', () => {
    expect(reason(whistleIncident(handling, { by: BY, at: AT, departmentId: 'nasa' }, ctx))).toMatch(/not known/);
    expect(reason(whistleIncident(makeIncident({ status: 'registered', category: 'LOCAL' }), { by: BY, at: AT }, ctx))).toMatch(/no owner/);
    const once = ok(whistleIncident(handling, { by: BY, at: AT }, ctx));
    expect(reason(whistleIncident(once, { by: BY, at: AT }, ctx))).toMatch(/already summoned/);
    const other = ok(whistleIncident(once, { by: BY, at: AT, departmentId: 'housing' }, ctx));
    expect(other.whistle?.departmentId).toBe('housing');
  });

  it('keeps the status when the department already has the case', () => {
    const withDept = makeIncident({ status: 'handling', assignee: { kind: 'department', id: 'fire_rescue' } });
    expect(ok(whistleIncident(withDept, { by: BY, at: AT }, ctx)).status).toBe('handling');
  });

  it('acknowledgement sets acknowledgedAt once, and allows a new whistle after it', () => {
    const whistled = ok(whistleIncident(handling, { by: BY, at: AT }, ctx));
    expect(reason(acknowledgeWhistle(handling, { by: BY, at: AT }, ctx))).toMatch(/no whistle/);
    const acked = ok(acknowledgeWhistle(whistled, { by: 'fire-1', at: '2024-05-01T10:40:00+08:00' }, ctx));
    expect(acked.whistle?.acknowledgedAt).toBe('2024-05-01T10:40:00+08:00');
    expect(acked.status).toBe(whistled.status);
    expect(acked.history.at(-1)).toMatchObject({ kind: 'acknowledged', by: 'fire-1' });
    expect(reason(acknowledgeWhistle(acked, { by: BY, at: AT }, ctx))).toMatch(/already acknowledged/);
    expect(ok(whistleIncident(acked, { by: BY, at: AT }, ctx)).whistle?.acknowledgedAt).toBeUndefined();
  });
});

describe('extendDeadline', () => {
  const open = deepFreeze(makeIncident({ status: 'handling', deadline: '2024-05-02T08:00:00+08:00' }));

  it('moves the deadline later and counts the extension', () => {
    const i = ok(extendDeadline(open, { by: BY, at: AT, deadline: '2024-05-03T08:00:00+08:00', note: '等待配件' }, ctx));
    expect(i).toMatchObject({ deadline: '2024-05-03T08:00:00+08:00', extensions: 1 });
    expect(i.history.at(-1)).toMatchObject({ kind: 'extended', deadline: '2024-05-03T08:00:00+08:00', note: '等待配件' });
    expect(ok(extendDeadline(i, { by: BY, at: AT, deadline: '2024-05-04T08:00:00+08:00' }, ctx)).extensions).toBe(2);
  });

  it('refuses an earlier or equal deadline, a bad time, or no deadline to extend', () => {
    expect(reason(extendDeadline(open, { by: BY, at: AT, deadline: '2024-05-02T08:00:00+08:00' }, ctx))).toMatch(/not later/);
    expect(reason(extendDeadline(open, { by: BY, at: AT, deadline: '2024-05-01T23:00:00Z' }, ctx))).toMatch(/not later/);
    expect(reason(extendDeadline(open, { by: BY, at: AT, deadline: 'soon' }, ctx))).toMatch(/ISO 8601/);
    expect(reason(extendDeadline(makeIncident({ status: 'registered' }), { by: BY, at: AT, deadline: AT }, ctx))).toMatch(/no deadline/);
  });
});

describe('updateFromFeed', () => {
  const registered = deepFreeze(
    makeIncident({
      status: 'registered',
      deadline: '2024-05-02T08:10:00+08:00',
      history: [
        { kind: 'collected', at: '2024-05-01T08:00:00+08:00', by: 'feed' },
        { kind: 'registered', at: '2024-05-01T08:10:00+08:00', by: 'op' },
      ],
    }),
  );

  it('refuses an older or equal version', () => {
    expect(reason(updateFromFeed(registered, { version: 1, at: AT, title: 'x' }))).toMatch(/not newer/);
    expect(reason(updateFromFeed(makeIncident({ version: 3 }), { version: 2, at: AT }))).toMatch(/version 2 .* not newer than version 3/);
  });

  it('refuses a bad time or priority', () => {
    expect(reason(updateFromFeed(registered, { version: 2, at: 'now' }))).toMatch(/ISO 8601/);
    const bad = { version: 2, at: AT, priority: 0 } as unknown as Parameters<typeof updateFromFeed>[1];
    expect(reason(updateFromFeed(registered, bad))).toMatch(/priority/);
  });

  it('changes what was sent, and records it', () => {
    const i = ok(
      updateFromFeed(registered, {
        version: 2,
        at: AT,
        title: '新标题',
        description: '补充',
        location: [113.63, 34.76],
        gridCode: g('S-01-02-01'),
      }),
    );
    expect(i).toMatchObject({ version: 2, title: '新标题', description: '补充', location: [113.63, 34.76], gridCode: 'S-01-02-01' });
    expect(i.category).toBe('E0150');
    expect(i.history.at(-1)).toMatchObject({ kind: 'updated', by: 'feed', at: AT });
    expect(i.history.at(-1)?.note).toBe('v2: title, description, location, grid S-01-01-01→S-01-02-01');
  });

  it('records a version without changes as such', () => {
    expect(ok(updateFromFeed(registered, { version: 5, at: AT, title: registered.title })).history.at(-1)?.note).toBe('v5: no change');
  });

  it('recomputes the deadline from registration on a new priority or category, unless extended', () => {
    const urgent = ok(updateFromFeed(registered, { version: 2, at: AT, priority: 1 }));
    expect(urgent.deadline).toBe('2024-05-01T10:10:00+08:00');
    const roof = ok(updateFromFeed(registered, { version: 2, at: AT, category: '0550' }));
    expect(roof.deadline).toBe('2024-05-06T08:10:00+08:00');
    const extended = { ...registered, extensions: 1, deadline: '2024-05-09T00:00:00+08:00' };
    expect(ok(updateFromFeed(extended, { version: 2, at: AT, priority: 1 })).deadline).toBe('2024-05-09T00:00:00+08:00');
  });

  it('applies a status as sent: closing sets closedAt, reopening clears it, past registration gets a deadline', () => {
    const collected = makeIncident();
    const closed = ok(updateFromFeed(collected, { version: 2, at: AT, status: 'closed' }));
    expect(closed).toMatchObject({ status: 'closed', closedAt: AT, deadline: '2024-05-02T10:00:00+08:00' });
    expect(closed.history.at(-1)?.note).toContain('status collected→closed');
    const evaluated = ok(updateFromFeed(closed, { version: 3, at: '2024-05-01T12:00:00+08:00', status: 'evaluated' }));
    expect(evaluated.closedAt).toBe(AT);
    const reopened = ok(updateFromFeed(evaluated, { version: 4, at: AT, status: 'handling' }));
    expect(reopened.closedAt).toBeNull();
    const rejected = ok(updateFromFeed(collected, { version: 2, at: AT, status: 'rejected' }));
    expect(rejected.deadline).toBeNull();
  });
});

describe('workflowContextFromGrids', () => {
  it('answers parents and levels, null for unknown codes and missing parents', () => {
    expect(ctx.parentOf(g('S-01-01-01'))).toBe('S-01-01');
    expect(ctx.parentOf(g('S'))).toBeNull();
    expect(ctx.parentOf(g('O-9-01'))).toBeNull();
    expect(ctx.parentOf(g('nope') as GridCode)).toBeNull();
    expect(ctx.levelOf(g('S-01-Z1'))).toBe(3);
    expect(ctx.levelOf(g('nope'))).toBeNull();
  });
});
