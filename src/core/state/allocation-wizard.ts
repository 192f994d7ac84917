/**
 * The allocation wizard's state and its named updaters: choose a file → report → run (in a
 * worker, with progress) → review (map preview, table, overrides) → commit (undoable) → export.
 * The renderer does the I/O (file picker, worker, store) and reports each outcome as an action;
 * everything it shows is computed here or in core/allocate.
 */
import type { BuildingInputRead, BuildingInputRecord } from '../allocate/building-input';
import type { BuildingAllocation, DistrictAllocation } from '../allocate/district';
import { applyOverrides, leafUnitCodes, type AllocationOverrides } from '../allocate/wizard-output';
import type { Crs } from '../crs';
import type { District, GridCode } from '../model';

/**
 * choose (pick the CRS and a file) → reading → file-error | report → running → review →
 * committing → committed. Cancelling a run goes back to report; a failed commit stays in review.
 */
export type AllocationStep = 'choose' | 'reading' | 'file-error' | 'report' | 'running' | 'review' | 'committing' | 'committed';

/** Rows the review table shows. 'attention': anything a planner should look at before committing. */
export type AllocationFilter = 'all' | 'attention' | 'straddles' | 'unassigned' | 'invalid' | 'overridden';

export const ALLOCATION_FILTERS: readonly AllocationFilter[] = ['all', 'attention', 'straddles', 'unassigned', 'invalid', 'overridden'];

export type ReadBuildings = Extract<BuildingInputRead, { ok: true }>;

export interface AllocationCommitInfo {
  batchId: string;
  buildings: number;
  households: number;
  /** Records not committed (invalid or unassigned). */
  leftOut: number;
  undone: boolean;
}

export interface AllocationWizardState {
  open: boolean;
  step: AllocationStep;
  crs: Crs;
  fileName: string | null;
  /** Notes from reading the file (layers, .prj, encoding). */
  fileNotes: string[];
  fileError: string | null;
  input: ReadBuildings | null;
  progress: { done: number; total: number } | null;
  /** The engine's result as it came back. */
  engine: DistrictAllocation | null;
  /** The engine's result with `overrides` applied (what is previewed, committed and exported). */
  result: DistrictAllocation | null;
  overrides: AllocationOverrides;
  filter: AllocationFilter;
  selectedItem: string | null;
  /** Bumped when the map should fly to the selected item (a table click, not a map click). */
  flyToken: number;
  runError: string | null;
  commit: AllocationCommitInfo | null;
  commitError: string | null;
}

export const CLOSED_ALLOCATION_WIZARD: AllocationWizardState = {
  open: false,
  step: 'choose',
  crs: 'wgs84',
  fileName: null,
  fileNotes: [],
  fileError: null,
  input: null,
  progress: null,
  engine: null,
  result: null,
  overrides: {},
  filter: 'all',
  selectedItem: null,
  flyToken: 0,
  runError: null,
  commit: null,
  commitError: null,
};

/** One row of the review table: a record of the file and, when it was allocated, its allocation. */
export interface AllocationRow {
  record: BuildingInputRecord;
  allocation: BuildingAllocation | null;
}

/** The statuses a planner should check before committing. */
const ATTENTION_STATUSES = new Set(['straddles', 'partly_outside', 'nearest', 'outside', 'invalid']);

/** Whether a row passes the filter. */
export function rowMatches(row: AllocationRow, filter: AllocationFilter): boolean {
  const a = row.allocation;
  switch (filter) {
    case 'all':
      return true;
    case 'invalid':
      return a === null || row.record.reason !== undefined || a.result.status === 'invalid';
    case 'unassigned':
      return a !== null && a.unitCode === null && a.result.status !== 'invalid';
    case 'straddles':
      return a !== null && a.result.status === 'straddles';
    case 'overridden':
      return a !== null && a.overridden === true;
    case 'attention':
      return a === null || (ATTENTION_STATUSES.has(a.result.status) && a.overridden !== true);
  }
}

/** Rows of the table for the wizard's current result (every record when nothing ran yet). */
export function allocationRows(wizard: AllocationWizardState): AllocationRow[] {
  if (!wizard.input) return [];
  const byId = new Map<string, BuildingAllocation>();
  for (const a of wizard.result?.items ?? []) byId.set(a.id, a);
  return wizard.input.records.map((record) => ({
    record,
    // A refused record (duplicate id, bad households) must not pick up its twin's allocation.
    allocation: record.reason === undefined ? (byId.get(record.id) ?? null) : null,
  }));
}

/** How many rows each filter would show, for the filter buttons. */
export function countRows(rows: readonly AllocationRow[]): Record<AllocationFilter, number> {
  const counts = Object.fromEntries(ALLOCATION_FILTERS.map((f) => [f, 0])) as Record<AllocationFilter, number>;
  for (const row of rows) for (const f of ALLOCATION_FILTERS) if (rowMatches(row, f)) counts[f]++;
  return counts;
}

type WithWizard = { allocation: AllocationWizardState; district: District | null };

function patch<S extends WithWizard>(state: S, changes: Partial<AllocationWizardState>): S {
  return { ...state, allocation: { ...state.allocation, ...changes } };
}

const busy = (step: AllocationStep): boolean => step === 'reading' || step === 'running' || step === 'committing';

/** The wizard opens on its first step; a wizard already open (or with a result) is left as it is. */
export function allocationOpened<S extends WithWizard>(state: S): S {
  if (state.allocation.open) return state;
  // Reopening after a finished commit starts afresh; reopening mid-review keeps the review.
  const fresh = state.allocation.step === 'committed' || state.allocation.step === 'choose';
  return fresh ? patch(state, { ...CLOSED_ALLOCATION_WIZARD, open: true, crs: state.allocation.crs, commit: state.allocation.commit }) : patch(state, { open: true });
}

/** Closing hides the wizard; a running read, run or commit keeps it open (its outcome must be seen). */
export function allocationClosed<S extends WithWizard>(state: S): S {
  if (!state.allocation.open || busy(state.allocation.step)) return state;
  return patch(state, { open: false });
}

/** Starts over with another file (the result of the last one is dropped; a commit stays undoable). */
export function allocationRestarted<S extends WithWizard>(state: S): S {
  if (busy(state.allocation.step)) return state;
  return patch(state, { ...CLOSED_ALLOCATION_WIZARD, open: true, crs: state.allocation.crs, commit: state.allocation.commit });
}

/** The coordinate system of the file changed: a read file must be read again (the renderer does). */
export function allocationCrsChanged<S extends WithWizard>(state: S, crs: Crs): S {
  const step = state.allocation.step;
  if (crs === state.allocation.crs || !(step === 'choose' || step === 'report' || step === 'file-error')) return state;
  return patch(state, { crs });
}

export function allocationFileChosen<S extends WithWizard>(state: S, fileName: string): S {
  if (busy(state.allocation.step) || state.allocation.step === 'review') return state;
  return patch(state, { step: 'reading', fileName, fileNotes: [], fileError: null, input: null, runError: null });
}

/** The file was read: its report, or why it could not be read at all. */
export function allocationFileRead<S extends WithWizard>(state: S, fileName: string, read: BuildingInputRead, notes: readonly string[]): S {
  if (!read.ok) return allocationFileFailed(state, fileName, read.reason);
  return patch(state, {
    step: 'report',
    fileName,
    fileNotes: [...notes],
    fileError: null,
    input: read,
    engine: null,
    result: null,
    overrides: {},
    selectedItem: null,
    filter: 'all',
    runError: null,
  });
}

export function allocationFileFailed<S extends WithWizard>(state: S, fileName: string, reason: string): S {
  return patch(state, { step: 'file-error', fileName, fileError: reason, input: null, engine: null, result: null });
}

/** A run may start from the report when the file has at least one usable building. */
export function canRunAllocation(wizard: AllocationWizardState): boolean {
  return wizard.step === 'report' && wizard.input !== null && wizard.input.summary.usable > 0;
}

export function allocationRunStarted<S extends WithWizard>(state: S, total: number): S {
  if (!canRunAllocation(state.allocation)) return state;
  return patch(state, { step: 'running', progress: { done: 0, total }, runError: null });
}

/** Progress never goes backwards (late messages from a cancelled part are ignored). */
export function allocationProgressed<S extends WithWizard>(state: S, done: number, total: number): S {
  const p = state.allocation.progress;
  if (state.allocation.step !== 'running' || (p && done <= p.done && total === p.total)) return state;
  return patch(state, { progress: { done, total } });
}

export function allocationRunFinished<S extends WithWizard>(state: S, result: DistrictAllocation): S {
  if (state.allocation.step !== 'running') return state;
  const firstAttention = allocationRows({ ...state.allocation, result }).find((r) => rowMatches(r, 'attention') && r.allocation !== null);
  return patch(state, {
    step: 'review',
    progress: null,
    engine: result,
    result,
    overrides: {},
    // Open on what needs a look when there is any, else on every row.
    filter: firstAttention ? 'attention' : 'all',
    selectedItem: null,
  });
}

export function allocationRunCancelled<S extends WithWizard>(state: S): S {
  if (state.allocation.step !== 'running') return state;
  return patch(state, { step: 'report', progress: null, runError: null });
}

export function allocationRunFailed<S extends WithWizard>(state: S, message: string): S {
  if (state.allocation.step !== 'running') return state;
  return patch(state, { step: 'report', progress: null, runError: message });
}

/** Back from the review to the report, dropping the result and its overrides. */
export function allocationReviewLeft<S extends WithWizard>(state: S): S {
  if (state.allocation.step !== 'review') return state;
  return patch(state, { step: 'report', engine: null, result: null, overrides: {}, selectedItem: null });
}

export function allocationFilterChanged<S extends WithWizard>(state: S, filter: AllocationFilter): S {
  return state.allocation.filter === filter ? state : patch(state, { filter });
}

/** A row or a previewed building was picked; `fly` when the map should bring it into view. */
export function allocationItemSelected<S extends WithWizard>(state: S, id: string | null, fly = false): S {
  const a = state.allocation;
  if (a.selectedItem === id && !fly) return state;
  return patch(state, { selectedItem: id, flyToken: fly && id !== null ? a.flyToken + 1 : a.flyToken });
}

/**
 * The planner chose the unit of one building by hand (null: back to the engine's choice). Only a
 * leaf unit of the district (base micro-grid or dedicated grid) is accepted; the band report is
 * recomputed with every override applied.
 */
export function allocationOverridden<S extends WithWizard>(state: S, id: string, code: GridCode | null): S {
  const a = state.allocation;
  if (a.step !== 'review' || !a.engine || !state.district) return state;
  const engineItem = a.engine.items.find((item) => item.id === id);
  // Invalid geometry cannot be committed wherever it is assigned: no override for it.
  if (!engineItem || engineItem.result.status === 'invalid') return state;
  if (code !== null && !leafUnitCodes(state.district).includes(code)) return state;
  const overrides: Record<string, GridCode> = { ...a.overrides };
  if (code === null || engineItem?.unitCode === code) delete overrides[id];
  else overrides[id] = code;
  if (Object.keys(overrides).length === Object.keys(a.overrides).length && Object.entries(overrides).every(([k, v]) => a.overrides[k] === v)) return state;
  return patch(state, { overrides, result: applyOverrides(state.district, a.engine, overrides, { band: a.engine.band.band }) });
}

export function allocationCommitStarted<S extends WithWizard>(state: S): S {
  const a = state.allocation;
  if (a.step !== 'review' || !a.result) return state;
  return patch(state, { step: 'committing', commitError: null });
}

/** The store took the buildings (the district comes back through districtLoaded). */
export function allocationCommitRecorded<S extends WithWizard>(state: S, info: Omit<AllocationCommitInfo, 'undone'>): S {
  if (state.allocation.step !== 'committing') return state;
  return patch(state, { step: 'committed', commit: { ...info, undone: false }, commitError: null });
}

/** The store refused: nothing was written, the review stays as it was. */
export function allocationCommitFailed<S extends WithWizard>(state: S, message: string): S {
  if (state.allocation.step !== 'committing') return state;
  return patch(state, { step: 'review', commitError: message });
}

/** The last commit was undone (the district comes back through districtLoaded). */
export function allocationUndoRecorded<S extends WithWizard>(state: S, batchId: string): S {
  const c = state.allocation.commit;
  if (!c || c.batchId !== batchId || c.undone) return state;
  return patch(state, { commit: { ...c, undone: true } });
}
