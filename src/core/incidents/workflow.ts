/**
 * The case workflow of GB/T 30428 as named pure updaters. Each takes an incident, the action's
 * parameters and a small context, and returns either the next incident (with one or two
 * IncidentSteps appended: who did it, when) or a refusal with a sentence saying why. The input is
 * never changed, so the UI can keep the previous state for undo, and a recording of actions
 * replays to the same result.
 *
 * The states (model.ts): collected → registered → dispatched → handling → handled → closed →
 * evaluated, with rejected from collected, and rework from handled back to dispatched. Beside
 * the main line: escalation one step up the grid ladder ("小事不出网格，大事不出社区"), the whistle
 * that summons a department ("网格吹哨，部门报到"), deadline extensions, and feed updates.
 */
import type { GridCode, GridLevel, GridUnit, LngLat } from '../model';
import { caseClass, department, isKnownCategory, isKnownDepartment } from './classes';
import { deadlineFor, registeredAtOf } from './deadlines';
import type { Assignee, EscalationLevel, Incident, IncidentPriority, IncidentStatus, IncidentStep } from './model';
import { OPEN_STATUSES } from './model';
import { addHours, parseIso } from './time';

// ---------------------------------------------------------------------------------------------
// Context and results.

/**
 * What the workflow needs to know beyond the incident: the grid hierarchy (for routing and
 * escalation) and, optionally, settings and a clock. Kept minimal so a test or a replay can
 * build one from a list of grids ({@link workflowContextFromGrids}).
 */
export interface WorkflowContext {
  /** The parent unit of a grid code; null for the sub-district or an unknown code. */
  parentOf(code: GridCode): GridCode | null;
  /** 1 sub-district, 2 community, 3 grid (or dedicated grid), 4 micro-grid; null when unknown. */
  levelOf(code: GridCode): GridLevel | null;
  /** Hours a summoned department has to acknowledge a whistle; default {@link DEFAULT_WHISTLE_ACK_HOURS}. */
  whistleAckHours?: number;
  /** ISO time used for a step whose params give no `at` (the caller's clock; core has none). */
  now?: string;
}

/** Hours a department has to report in after a whistle, by default. */
export const DEFAULT_WHISTLE_ACK_HOURS = 2;

/** The outcome of every updater. */
/**
 * Why a step was refused, as a code the UI translates (`workflow.refused.<code>` with `params`);
 * `reason` says the same in English for logs, the CLI and tests.
 */
export type WorkflowRefusalCode =
  | 'status'
  | 'no_author'
  | 'no_time'
  | 'bad_time'
  | 'unknown_category'
  | 'bad_priority'
  | 'no_deadline'
  | 'note_required'
  | 'no_assignee'
  | 'unknown_grid'
  | 'unknown_department'
  | 'same_assignee'
  | 'bad_verdict'
  | 'bad_score'
  | 'top_of_ladder'
  | 'no_grid'
  | 'no_owner'
  | 'no_parent'
  | 'already_whistled'
  | 'bad_hours'
  | 'no_whistle'
  | 'already_acknowledged'
  | 'not_later'
  | 'stale_version'
  | 'unknown_action'
  /** The incident is not (or no longer) held. */
  | 'no_incident';

/** Every refusal code (a record, so the compiler checks none is missing), for the test that the UI translates each. */
const REFUSAL_CODE_SET: Record<WorkflowRefusalCode, true> = {
  status: true,
  no_author: true,
  no_time: true,
  bad_time: true,
  unknown_category: true,
  bad_priority: true,
  no_deadline: true,
  note_required: true,
  no_assignee: true,
  unknown_grid: true,
  unknown_department: true,
  same_assignee: true,
  bad_verdict: true,
  bad_score: true,
  top_of_ladder: true,
  no_grid: true,
  no_owner: true,
  no_parent: true,
  already_whistled: true,
  bad_hours: true,
  no_whistle: true,
  already_acknowledged: true,
  not_later: true,
  stale_version: true,
  unknown_action: true,
  no_incident: true,
};
export const WORKFLOW_REFUSAL_CODES = Object.keys(REFUSAL_CODE_SET) as WorkflowRefusalCode[];

export type WorkflowRefusal = { ok: false; code: WorkflowRefusalCode; params: Record<string, string | number>; reason: string };
export type WorkflowResult = { ok: true; incident: Incident } | WorkflowRefusal;

/** A context over a district's grids (codes and parents as the GridUnits say). */
export function workflowContextFromGrids(
  grids: readonly GridUnit[],
  options: { whistleAckHours?: number; now?: string } = {},
): WorkflowContext {
  const units = new Map<GridCode, GridUnit>();
  for (const g of grids) if (!units.has(g.code)) units.set(g.code, g);
  return {
    parentOf: (code) => {
      const parent = units.get(code)?.parentCode ?? null;
      return parent !== null && units.has(parent) ? parent : null;
    },
    levelOf: (code) => units.get(code)?.level ?? null,
    ...options,
  };
}

// ---------------------------------------------------------------------------------------------
// Actions and where they are allowed.

/** The operator actions of the workflow (the UI's buttons). */
export type WorkflowActionName =
  | 'register'
  | 'reject'
  | 'dispatch'
  | 'accept'
  | 'mark_handled'
  | 'verify'
  | 'rework'
  | 'evaluate'
  | 'escalate'
  | 'whistle'
  | 'acknowledge_whistle'
  | 'extend_deadline';

export const WORKFLOW_ACTIONS: readonly WorkflowActionName[] = [
  'register',
  'reject',
  'dispatch',
  'accept',
  'mark_handled',
  'verify',
  'rework',
  'evaluate',
  'escalate',
  'whistle',
  'acknowledge_whistle',
  'extend_deadline',
];

/** The statuses each action may start from. */
export const ALLOWED_FROM: Readonly<Record<WorkflowActionName, readonly IncidentStatus[]>> = {
  register: ['collected'],
  reject: ['collected'],
  // From dispatched too: reassignment (改派), including after a rework sent it back.
  dispatch: ['registered', 'dispatched'],
  accept: ['dispatched'],
  mark_handled: ['handling'],
  verify: ['handled'],
  rework: ['handled'],
  evaluate: ['closed'],
  escalate: ['registered', 'dispatched', 'handling'],
  whistle: ['registered', 'dispatched', 'handling'],
  acknowledge_whistle: OPEN_STATUSES,
  extend_deadline: ['registered', 'dispatched', 'handling'],
};

const pendingWhistle = (incident: Incident): boolean => incident.whistle !== null && incident.whistle.acknowledgedAt === undefined;

/**
 * The actions allowed on `incident` now, in {@link WORKFLOW_ACTIONS} order: those whose
 * {@link ALLOWED_FROM} holds its status, less escalate once it is with a department (the top of
 * the ladder), acknowledge_whistle without a pending whistle, and extend_deadline without a
 * deadline. An action listed can still be refused for its parameters or the hierarchy (e.g. a
 * grid without a parent).
 */
export function allowedActions(incident: Incident): WorkflowActionName[] {
  return WORKFLOW_ACTIONS.filter((action) => {
    if (!ALLOWED_FROM[action].includes(incident.status)) return false;
    if (action === 'escalate') return incident.assignee?.kind !== 'department';
    if (action === 'acknowledge_whistle') return pendingWhistle(incident);
    if (action === 'extend_deadline') return incident.deadline !== null;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Parameters.

/** Who did it and when; every action has these. */
export interface StepParams {
  /** Operator, worker or system id. */
  by: string;
  /** ISO 8601 with offset; defaults to ctx.now. */
  at?: string;
  note?: string;
}

export interface RegisterParams extends StepParams {
  /** The class the case is registered as (立案 classifies it); default: the reported category. */
  category?: string;
  priority?: IncidentPriority;
}
export interface RejectParams extends StepParams {
  /** Why it is not a case (duplicate, out of scope…). Required. */
  note: string;
}
export interface DispatchParams extends StepParams {
  /** Default: {@link routeIncident}. */
  to?: Assignee;
}
export interface HandledParams extends StepParams {
  /** The assignee's feedback (处理反馈): what was done. Required. */
  note: string;
}
export interface VerifyParams extends StepParams {
  /** Whether the on-site check passed. A failed check needs a note and sends the case to rework. */
  passed: boolean;
}
export interface ReworkParams extends StepParams {
  /** What is still wrong. Required. */
  note: string;
}
export interface EvaluateParams extends StepParams {
  /** Whole number 1–5. */
  score: number;
}
export interface WhistleParams extends StepParams {
  /** Default: the class's owner department. */
  departmentId?: string;
}
export interface ExtendParams extends StepParams {
  /** The new deadline, ISO with offset; must be later than the current one. */
  deadline: string;
}

/**
 * A feed's newer version of an incident, already normalised (location in WGS-84, grid located):
 * see incident-from-feed.ts. Only the fields present change.
 */
export interface FeedUpdate {
  version: number;
  /** When the sender changed it (the message's `at`). */
  at: string;
  /** Default 'feed'. */
  by?: string;
  title?: string;
  description?: string;
  category?: string;
  priority?: IncidentPriority;
  location?: LngLat;
  gridCode?: GridCode | null;
  status?: IncidentStatus;
}

// ---------------------------------------------------------------------------------------------
// Shared checks.

type Refusal = WorkflowRefusal;
const refuse = (code: WorkflowRefusalCode, reason: string, params: Record<string, string | number> = {}): Refusal => ({ ok: false, code, params, reason });

/** Checks status, `by` and `at`; returns the time and author of the step, or why not. */
function begin(
  incident: Incident,
  action: WorkflowActionName,
  params: StepParams,
  ctx: WorkflowContext,
): Refusal | { ok: true; at: string; by: string } {
  const allowed = ALLOWED_FROM[action];
  if (!allowed.includes(incident.status)) {
    return refuse('status', `cannot ${action.replace(/_/g, ' ')} incident ${incident.id}: it is ${incident.status}, and ${action} needs ${allowed.join(' or ')}`, { action, status: incident.status });
  }
  if (typeof params.by !== 'string' || params.by.trim() === '') return refuse('no_author', `${action}: who did it (by) is missing`, { action });
  const at = params.at ?? ctx.now;
  if (at === undefined) return refuse('no_time', `${action}: no time given (params.at or ctx.now)`, { action });
  if (parseIso(at) === null) return refuse('bad_time', `${action}: time ${JSON.stringify(at)} is not ISO 8601 with an offset`, { action, value: at });
  return { ok: true, at, by: params.by };
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function step(kind: IncidentStep['kind'], at: string, by: string, extra: Partial<IncidentStep> = {}): IncidentStep {
  const s: IncidentStep = { kind, at, by };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
  return s;
}

const copyAssignee = (a: Assignee): Assignee => (a.kind === 'grid' ? { kind: 'grid', code: a.code } : { kind: 'department', id: a.id });

const sameAssignee = (a: Assignee | null, b: Assignee | null): boolean =>
  a !== null && b !== null && (a.kind === 'grid' ? b.kind === 'grid' && a.code === b.code : b.kind === 'department' && a.id === b.id);

const describeAssignee = (a: Assignee): string => (a.kind === 'grid' ? `grid ${a.code}` : `department ${a.id}`);

const LEVEL_TO_ESCALATION: Record<GridLevel, EscalationLevel> = { 1: 'sub_district', 2: 'community', 3: 'grid', 4: 'micro_grid' };

/** The escalation level an assignee stands for; null for a grid code the hierarchy does not know. */
function escalationOf(a: Assignee, ctx: WorkflowContext): EscalationLevel | null {
  if (a.kind === 'department') return 'department';
  const level = ctx.levelOf(a.code);
  return level === null ? null : LEVEL_TO_ESCALATION[level];
}

/** Why an assignee cannot take cases, or null when it can. */
function assigneeProblem(a: Assignee, ctx: WorkflowContext): { code: WorkflowRefusalCode; reason: string; params: Record<string, string> } | null {
  if (a.kind === 'grid') return ctx.levelOf(a.code) === null ? { code: 'unknown_grid', reason: `grid ${a.code} is not in the hierarchy`, params: { code: a.code } } : null;
  return isKnownDepartment(a.id) ? null : { code: 'unknown_department', reason: `department ${JSON.stringify(a.id)} is not known`, params: { department: a.id } };
}

// ---------------------------------------------------------------------------------------------
// Routing.

/**
 * The locality of a case: the level-3 grid holding it (its micro-grid's parent), which is where
 * "小事不出网格" settles small matters; a case located in a dedicated grid (itself level 3) or at a
 * higher unit stays there. Null when the case has no grid or the hierarchy does not know it.
 */
export function localityOf(incident: Incident, ctx: WorkflowContext): GridCode | null {
  const code = incident.gridCode;
  if (code === null) return null;
  const level = ctx.levelOf(code);
  if (level === null) return null;
  if (level === 4) return ctx.parentOf(code) ?? code;
  return code;
}

/**
 * Where a case is dispatched by default, after GB/T 30428's routing rule:
 * - components (部件) go owner first, then locality (先属主后属地): to the class's owner department
 *   when it names one, else to the locality;
 * - events (事件), and codes the classification does not know, go locality first, then owner
 *   (先属地后属主): to the level-3 grid holding the case ({@link localityOf}), else to the class's
 *   owner department.
 * Null when neither exists.
 */
export function routeIncident(incident: Incident, ctx: WorkflowContext): Assignee | null {
  const cls = caseClass(incident.category);
  const owner: Assignee | null = cls?.ownerDepartmentId ? { kind: 'department', id: cls.ownerDepartmentId } : null;
  const localCode = localityOf(incident, ctx);
  const locality: Assignee | null = localCode === null ? null : { kind: 'grid', code: localCode };
  if (cls?.kind === 'component') return owner ?? locality;
  return locality ?? owner;
}

// ---------------------------------------------------------------------------------------------
// The updaters.

/**
 * 案卷建立: collected → registered. Classifies the case (params.category, which must be in the
 * classification; default the reported one), sets its priority and its deadline from the class
 * rule counted from the registration time.
 */
export function registerIncident(incident: Incident, params: RegisterParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'register', params, ctx);
  if (!b.ok) return b;
  const category = params.category ?? incident.category;
  if (!isKnownCategory(category)) return refuse('unknown_category', `register: category ${JSON.stringify(category)} is not in the classification`, { category });
  const priority = params.priority ?? incident.priority;
  if (priority !== 1 && priority !== 2 && priority !== 3) return refuse('bad_priority', `register: priority ${String(priority)} must be 1, 2 or 3`, { value: String(priority) });
  const deadline = deadlineFor(category, priority, b.at);
  if (deadline === null) return refuse('no_deadline', 'register: the deadline could not be computed');
  const reclassified = category !== incident.category ? `classified as ${category} (reported as ${incident.category})` : undefined;
  const note = [reclassified, params.note].filter((s) => !blank(s)).join('; ') || undefined;
  return {
    ok: true,
    incident: {
      ...incident,
      category,
      priority,
      deadline,
      status: 'registered',
      history: [...incident.history, step('registered', b.at, b.by, { note, deadline })],
    },
  };
}

/** Registration refused (not a case: duplicate, out of scope…): collected → rejected. Needs a note saying why. */
export function rejectIncident(incident: Incident, params: RejectParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'reject', params, ctx);
  if (!b.ok) return b;
  if (blank(params.note)) return refuse('note_required', 'reject: a reason (note) is required', { action: 'reject' });
  return {
    ok: true,
    incident: { ...incident, status: 'rejected', history: [...incident.history, step('rejected', b.at, b.by, { note: params.note })] },
  };
}

/**
 * 任务派遣: registered → dispatched, to `params.to` or by default to {@link routeIncident}'s
 * choice. From dispatched it reassigns (改派), e.g. after a rework, and must name someone new.
 */
export function dispatchIncident(incident: Incident, params: DispatchParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'dispatch', params, ctx);
  if (!b.ok) return b;
  const to = params.to ?? routeIncident(incident, ctx);
  if (to === null) return refuse('no_assignee', `dispatch: incident ${incident.id} has no grid and its class no owner department; name the assignee`);
  const problem = assigneeProblem(to, ctx);
  if (problem !== null) return refuse(problem.code, `dispatch: ${problem.reason}`, problem.params);
  if (incident.status === 'dispatched' && sameAssignee(incident.assignee, to)) {
    return refuse('same_assignee', `dispatch: incident ${incident.id} is already with ${describeAssignee(to)}`);
  }
  const assignee = copyAssignee(to);
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'dispatched',
      assignee,
      escalation: escalationOf(assignee, ctx) ?? incident.escalation,
      history: [...incident.history, step('dispatched', b.at, b.by, { note: params.note, to: copyAssignee(assignee) })],
    },
  };
}

/** 任务处理: the assignee takes it on: dispatched → handling. */
export function acceptIncident(incident: Incident, params: StepParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'accept', params, ctx);
  if (!b.ok) return b;
  return {
    ok: true,
    incident: { ...incident, status: 'handling', history: [...incident.history, step('accepted', b.at, b.by, { note: params.note })] },
  };
}

/** 处理反馈: the assignee reports it done: handling → handled, with the feedback as a required note. */
export function markHandled(incident: Incident, params: HandledParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'mark_handled', params, ctx);
  if (!b.ok) return b;
  if (blank(params.note)) return refuse('note_required', 'mark handled: the feedback (note) is required', { action: 'mark_handled' });
  return {
    ok: true,
    incident: { ...incident, status: 'handled', history: [...incident.history, step('handled', b.at, b.by, { note: params.note })] },
  };
}

/**
 * 核实结案: a grid worker checks on site. Passed: handled → closed, closedAt set, with a
 * 'verified' and a 'closed' step. Failed: the case goes back for rework ({@link reworkIncident}),
 * which needs a note saying what is still wrong.
 */
export function verifyIncident(incident: Incident, params: VerifyParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'verify', params, ctx);
  if (!b.ok) return b;
  if (typeof params.passed !== 'boolean') return refuse('bad_verdict', 'verify: passed must be true or false');
  if (!params.passed) {
    if (blank(params.note)) return refuse('note_required', 'verify: a failed check needs a note saying what is still wrong', { action: 'verify' });
    return reworkIncident(incident, { by: b.by, at: b.at, note: params.note as string }, ctx);
  }
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'closed',
      closedAt: b.at,
      history: [...incident.history, step('verified', b.at, b.by, { note: params.note }), step('closed', b.at, b.by)],
    },
  };
}

/** Rework (返工): handled → dispatched back to the same assignee, reworks + 1. Needs a note. */
export function reworkIncident(incident: Incident, params: ReworkParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'rework', params, ctx);
  if (!b.ok) return b;
  if (blank(params.note)) return refuse('note_required', 'rework: a note saying what is still wrong is required', { action: 'rework' });
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'dispatched',
      reworks: incident.reworks + 1,
      history: [...incident.history, step('reworked', b.at, b.by, { note: params.note })],
    },
  };
}

/** 综合评价: closed → evaluated with a whole score 1–5. */
export function evaluateIncident(incident: Incident, params: EvaluateParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'evaluate', params, ctx);
  if (!b.ok) return b;
  const { score } = params;
  if (!Number.isInteger(score) || score < 1 || score > 5) return refuse('bad_score', `evaluate: score ${String(score)} must be a whole number 1–5`, { value: String(score) });
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'evaluated',
      score,
      history: [...incident.history, step('evaluated', b.at, b.by, { note: params.note, score })],
    },
  };
}

/**
 * Escalation one step up the ladder micro_grid → grid → community → sub_district → department:
 * the case goes to the parent unit of the grid it is with (or, not yet dispatched, of the grid
 * holding it); from the sub-district it goes to the class's owner department. The new assignee
 * must accept it, so a case being handled goes back to dispatched.
 */
export function escalateIncident(incident: Incident, params: StepParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'escalate', params, ctx);
  if (!b.ok) return b;
  const a = incident.assignee;
  if (a?.kind === 'department') return refuse('top_of_ladder', `escalate: incident ${incident.id} is with department ${a.id}, the top of the ladder`, { department: a.id });
  const from = a === null ? incident.gridCode : a.code;
  if (from === null) return refuse('no_grid', `escalate: incident ${incident.id} has no grid to escalate from`);
  const level = ctx.levelOf(from);
  if (level === null) return refuse('unknown_grid', `escalate: grid ${from} is not in the hierarchy`, { code: from });
  let to: Assignee;
  if (level === 1) {
    const owner = caseClass(incident.category)?.ownerDepartmentId ?? null;
    if (owner === null) return refuse('no_owner', `escalate: class ${incident.category} names no owner department above sub-district ${from}`, { category: incident.category });
    to = { kind: 'department', id: owner };
  } else {
    const parent = ctx.parentOf(from);
    if (parent === null) return refuse('no_parent', `escalate: grid ${from} has no parent unit`, { code: from });
    to = { kind: 'grid', code: parent };
  }
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'dispatched',
      assignee: to,
      escalation: escalationOf(to, ctx) ?? incident.escalation,
      history: [...incident.history, step('escalated', b.at, b.by, { note: params.note, to: copyAssignee(to) })],
    },
  };
}

/**
 * 网格吹哨，部门报到: the grid summons a department (default: the class's owner), which must
 * acknowledge by at + ctx.whistleAckHours (default 2 h). The case goes to that department; when
 * that changes who has it, the department must accept it (status dispatched). Another whistle to
 * a different department replaces a pending one; the same department cannot be whistled twice
 * while it has not acknowledged.
 */
export function whistleIncident(incident: Incident, params: WhistleParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'whistle', params, ctx);
  if (!b.ok) return b;
  const departmentId = params.departmentId ?? caseClass(incident.category)?.ownerDepartmentId ?? null;
  if (departmentId === null) return refuse('no_owner', `whistle: class ${incident.category} names no owner department; name one`, { category: incident.category });
  if (!isKnownDepartment(departmentId)) return refuse('unknown_department', `whistle: department ${JSON.stringify(departmentId)} is not known`, { department: departmentId });
  if (pendingWhistle(incident) && incident.whistle?.departmentId === departmentId) {
    return refuse('already_whistled', `whistle: ${department(departmentId)?.name ?? departmentId} was already summoned and is due by ${incident.whistle.dueAt}`, { department: departmentId, dueAt: incident.whistle.dueAt });
  }
  const hours = ctx.whistleAckHours ?? DEFAULT_WHISTLE_ACK_HOURS;
  if (!(hours > 0)) return refuse('bad_hours', `whistle: acknowledgement hours ${hours} must be positive`, { value: String(hours) });
  const dueAt = addHours(b.at, hours) as string;
  const to: Assignee = { kind: 'department', id: departmentId };
  const changes = !sameAssignee(incident.assignee, to);
  return {
    ok: true,
    incident: {
      ...incident,
      status: changes ? 'dispatched' : incident.status,
      assignee: to,
      escalation: 'department',
      whistle: { departmentId, at: b.at, dueAt },
      history: [...incident.history, step('whistled', b.at, b.by, { note: params.note, to: copyAssignee(to), deadline: dueAt })],
    },
  };
}

/** The summoned department reports in (报到): sets whistle.acknowledgedAt. Needs a pending whistle on an open case. */
export function acknowledgeWhistle(incident: Incident, params: StepParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'acknowledge_whistle', params, ctx);
  if (!b.ok) return b;
  if (incident.whistle === null) return refuse('no_whistle', `acknowledge whistle: incident ${incident.id} has no whistle`);
  if (incident.whistle.acknowledgedAt !== undefined) {
    return refuse('already_acknowledged', `acknowledge whistle: the whistle was already acknowledged at ${incident.whistle.acknowledgedAt}`, { at: incident.whistle.acknowledgedAt });
  }
  return {
    ok: true,
    incident: {
      ...incident,
      whistle: { ...incident.whistle, acknowledgedAt: b.at },
      history: [...incident.history, step('acknowledged', b.at, b.by, { note: params.note })],
    },
  };
}

/** 延期: a later deadline, extensions + 1. The new deadline must be a valid time after the current one. */
export function extendDeadline(incident: Incident, params: ExtendParams, ctx: WorkflowContext): WorkflowResult {
  const b = begin(incident, 'extend_deadline', params, ctx);
  if (!b.ok) return b;
  if (incident.deadline === null) return refuse('no_deadline', `extend deadline: incident ${incident.id} has no deadline`);
  const next = parseIso(params.deadline);
  if (next === null) return refuse('bad_time', `extend deadline: ${JSON.stringify(params.deadline)} is not ISO 8601 with an offset`, { action: 'extend_deadline', value: String(params.deadline) });
  const current = parseIso(incident.deadline);
  if (current !== null && next <= current) {
    return refuse('not_later', `extend deadline: the new deadline ${params.deadline} is not later than ${incident.deadline}`, { deadline: incident.deadline });
  }
  return {
    ok: true,
    incident: {
      ...incident,
      deadline: params.deadline,
      extensions: incident.extensions + 1,
      history: [...incident.history, step('extended', b.at, b.by, { note: params.note, deadline: params.deadline })],
    },
  };
}

const CLOSED_STATUSES: readonly IncidentStatus[] = ['closed', 'evaluated'];

/**
 * A newer version of the incident from the feed: title, description, category, priority,
 * location/grid and status change as sent (the sending system is the authority on what it sent).
 * A version not newer than the one held is refused, so a late duplicate never rolls a case back.
 *
 * Side effects on derived fields: a status sent as closed/evaluated sets closedAt (when unset), an
 * open one clears it; a case that arrives past registration without a deadline gets one from the
 * update time; a changed category or priority recomputes the deadline from the registration time
 * unless it was extended by hand (an operator's extension wins).
 */
export function updateFromFeed(incident: Incident, update: FeedUpdate, _ctx?: WorkflowContext): WorkflowResult {
  if (!Number.isSafeInteger(update.version) || update.version <= incident.version) {
    return refuse('stale_version', `feed update: version ${update.version} of incident ${incident.id} is not newer than version ${incident.version}`);
  }
  if (parseIso(update.at) === null) return refuse('bad_time', `feed update: time ${JSON.stringify(update.at)} is not ISO 8601 with an offset`, { action: 'feed_update', value: String(update.at) });
  if (update.priority !== undefined && update.priority !== 1 && update.priority !== 2 && update.priority !== 3) {
    return refuse('bad_priority', `feed update: priority ${String(update.priority)} must be 1, 2 or 3`, { value: String(update.priority) });
  }
  const next: Incident = { ...incident, version: update.version };
  const changed: string[] = [];
  if (update.title !== undefined && update.title !== incident.title) {
    next.title = update.title;
    changed.push('title');
  }
  if (update.description !== undefined && update.description !== incident.description) {
    next.description = update.description;
    changed.push('description');
  }
  if (update.category !== undefined && update.category !== incident.category) {
    next.category = update.category;
    changed.push(`category ${incident.category}→${update.category}`);
  }
  if (update.priority !== undefined && update.priority !== incident.priority) {
    next.priority = update.priority;
    changed.push(`priority ${incident.priority}→${update.priority}`);
  }
  if (update.location !== undefined && (update.location[0] !== incident.location[0] || update.location[1] !== incident.location[1])) {
    next.location = [update.location[0], update.location[1]];
    changed.push('location');
  }
  if (update.gridCode !== undefined && update.gridCode !== incident.gridCode) {
    next.gridCode = update.gridCode;
    changed.push(`grid ${incident.gridCode ?? '-'}→${update.gridCode ?? '-'}`);
  }
  if (update.status !== undefined && update.status !== incident.status) {
    next.status = update.status;
    changed.push(`status ${incident.status}→${update.status}`);
    if (CLOSED_STATUSES.includes(update.status)) {
      if (next.closedAt === null) next.closedAt = update.at;
    } else {
      next.closedAt = null;
    }
  }
  const reclassed = next.category !== incident.category || next.priority !== incident.priority;
  const pastRegistration = next.status !== 'collected' && next.status !== 'rejected';
  if (pastRegistration && next.deadline === null) {
    next.deadline = deadlineFor(next.category, next.priority, update.at);
  } else if (reclassed && next.deadline !== null && next.extensions === 0) {
    const registeredAt = registeredAtOf(incident);
    if (registeredAt !== null) next.deadline = deadlineFor(next.category, next.priority, registeredAt) ?? next.deadline;
  }
  const note = `v${update.version}: ${changed.length > 0 ? changed.join(', ') : 'no change'}`;
  next.history = [...incident.history, step('updated', update.at, update.by ?? 'feed', { note })];
  return { ok: true, incident: next };
}

// ---------------------------------------------------------------------------------------------
// One entry point for recordings and replay.

/**
 * An operator action as data (JSON-serialisable), as a recording stores it. The same updater
 * runs live and in replay.
 */
export type IncidentAction =
  | ({ type: 'register' } & RegisterParams)
  | ({ type: 'reject' } & RejectParams)
  | ({ type: 'dispatch' } & DispatchParams)
  | ({ type: 'accept' } & StepParams)
  | ({ type: 'mark_handled' } & HandledParams)
  | ({ type: 'verify' } & VerifyParams)
  | ({ type: 'rework' } & ReworkParams)
  | ({ type: 'evaluate' } & EvaluateParams)
  | ({ type: 'escalate' } & StepParams)
  | ({ type: 'whistle' } & WhistleParams)
  | ({ type: 'acknowledge_whistle' } & StepParams)
  | ({ type: 'extend_deadline' } & ExtendParams);

/** Applies one {@link IncidentAction} with its named updater. */
export function applyIncidentAction(incident: Incident, action: IncidentAction, ctx: WorkflowContext): WorkflowResult {
  switch (action.type) {
    case 'register':
      return registerIncident(incident, action, ctx);
    case 'reject':
      return rejectIncident(incident, action, ctx);
    case 'dispatch':
      return dispatchIncident(incident, action, ctx);
    case 'accept':
      return acceptIncident(incident, action, ctx);
    case 'mark_handled':
      return markHandled(incident, action, ctx);
    case 'verify':
      return verifyIncident(incident, action, ctx);
    case 'rework':
      return reworkIncident(incident, action, ctx);
    case 'evaluate':
      return evaluateIncident(incident, action, ctx);
    case 'escalate':
      return escalateIncident(incident, action, ctx);
    case 'whistle':
      return whistleIncident(incident, action, ctx);
    case 'acknowledge_whistle':
      return acknowledgeWhistle(incident, action, ctx);
    case 'extend_deadline':
      return extendDeadline(incident, action, ctx);
    default: {
      const unknown: { type?: unknown } = action;
      return refuse('unknown_action', `unknown action ${JSON.stringify(unknown.type)}`, { value: String(unknown.type) });
    }
  }
}
