/**
 * Incidents (事件/部件案卷) and their case workflow after GB/T 30428: the types every other
 * incident module shares. Times are ISO 8601 strings with an offset (what feeds send) or epoch
 * milliseconds where arithmetic matters; locations are WGS-84.
 */
import type { GridCode, LngLat } from '../model';

/** Where an incident came from (DOMAIN.md "Sources"). */
export type IncidentSource = 'patrol' | 'resident' | 'hotline_12345' | 'sensor' | 'department';
export const INCIDENT_SOURCES: readonly IncidentSource[] = ['patrol', 'resident', 'hotline_12345', 'sensor', 'department'];

/** GB/T 30428 divides cases into components (部件) and events (事件). */
export type CaseKind = 'component' | 'event';

/** 1 = urgent … 3 = normal. */
export type IncidentPriority = 1 | 2 | 3;

/**
 * The seven steps of GB/T 30428 as states: collected (信息收集) → registered (案卷建立) →
 * dispatched (任务派遣) → handling (任务处理) → handled (处理反馈) → closed (核实结案), with
 * rework from handled back to dispatched, and evaluated (综合评价) after closing. `rejected`:
 * registration refused (not a case: duplicate, out of scope), which also ends it.
 */
export type IncidentStatus = 'collected' | 'registered' | 'dispatched' | 'handling' | 'handled' | 'closed' | 'evaluated' | 'rejected';
export const INCIDENT_STATUSES: readonly IncidentStatus[] = [
  'collected',
  'registered',
  'dispatched',
  'handling',
  'handled',
  'closed',
  'evaluated',
  'rejected',
];
/** Statuses in which a case is still open (counts toward open incidents and deadlines). */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['collected', 'registered', 'dispatched', 'handling', 'handled'];

/** A city department a case can be dispatched to or a whistle can summon (局委). */
export interface Department {
  id: string;
  /** e.g. 城市管理局 */
  name: string;
  nameEn: string;
}

/** Who a case is with: a grid unit (at any level) or a department. */
export type Assignee = { kind: 'grid'; code: GridCode } | { kind: 'department'; id: string };

/** The level a case has been escalated to: micro-grid → grid → community → sub-district → department. */
export type EscalationLevel = 'micro_grid' | 'grid' | 'community' | 'sub_district' | 'department';
export const ESCALATION_LADDER: readonly EscalationLevel[] = ['micro_grid', 'grid', 'community', 'sub_district', 'department'];

/** Every step of a case's history, who did it and when. */
export type IncidentStepKind =
  | 'collected'
  | 'updated'
  | 'registered'
  | 'rejected'
  | 'dispatched'
  | 'accepted'
  | 'handled'
  | 'verified'
  | 'reworked'
  | 'closed'
  | 'evaluated'
  | 'escalated'
  | 'whistled'
  | 'acknowledged'
  | 'extended'
  | 'commented';

export interface IncidentStep {
  kind: IncidentStepKind;
  /** ISO 8601 with offset. */
  at: string;
  /** Operator, worker or system ('feed', 'system'). */
  by: string;
  note?: string;
  /** For dispatched/escalated/whistled: the new assignee. */
  to?: Assignee;
  /**
   * For registered: the deadline set; for extended: the new deadline; for whistled: when the
   * department must acknowledge (ISO). For evaluated: the score 1–5 in `score`.
   */
  deadline?: string;
  score?: number;
}

/** A whistle (网格吹哨，部门报到): a department summoned, which must acknowledge by `dueAt`. */
export interface Whistle {
  departmentId: string;
  at: string;
  dueAt: string;
  acknowledgedAt?: string;
}

export interface Incident {
  id: string;
  /** Feed version: a later version of the same id updates it; an older one never overwrites. */
  version: number;
  source: IncidentSource;
  /** Category code from the classification (classes.ts), e.g. '0101' or 'E0301'. */
  category: string;
  title: string;
  description: string;
  /** WGS-84. */
  location: LngLat;
  reportedAt: string;
  priority: IncidentPriority;
  /** The leaf unit holding the location (micro-grid or dedicated grid); null outside every grid. */
  gridCode: GridCode | null;
  status: IncidentStatus;
  assignee: Assignee | null;
  escalation: EscalationLevel;
  /** When handling must be done (set at registration from the category's rule; may be extended). */
  deadline: string | null;
  /** Set when the case is closed. */
  closedAt: string | null;
  /** Times it was sent back for rework. */
  reworks: number;
  /** Times its deadline was extended. */
  extensions: number;
  whistle: Whistle | null;
  /** Evaluation 1–5 after closing. */
  score: number | null;
  history: IncidentStep[];
}
