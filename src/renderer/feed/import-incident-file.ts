/**
 * Imports a file of incidents (JSON Lines or CSV, docs/incident-files.md) as a feed of its own:
 * the operator picks the file, core decodes and parses it, and its messages go through the very
 * same `feedBatchReceived` as a live feed (validation, duplicates by id and version, stale
 * versions, grid assignment, persistence). So importing the same file again adds nothing, and a
 * bad row is refused with the protocol's reason in the feed's rejected list.
 *
 * The feed is `file:<file name>`, so re-importing a file of the same name meets its own ingest
 * state (every message a duplicate) and its counts show in the feeds list.
 */
import { isKnownCategory } from '@core/incidents/classes';
import { formatIso } from '@core/incidents/time';
import { parseFeedMessage, type RejectKind } from '@core/feed/protocol';
import type { FeedCounts } from '@core/feed/ingest';
import {
  INCIDENT_CSV_COLUMNS,
  INCIDENT_FILE_EXTENSIONS,
  decodeIncidentFile,
  hasFatalProblem,
  incidentFileFormat,
  parseIncidentFile,
  type FileProblem,
  type IncidentCsvField,
  type IncidentFileEncoding,
  type IncidentFileFormat,
  type IncidentFileMessage,
} from '@core/feed/incident-file';
import type { ReceivedMessage } from '@core/state/incidents-state';
import type { GridroomBridge } from '@shared/bridge';
import type { AppStore } from '../app/app-store';

/** Messages per dispatched batch: one batch copies the incidents map once, and the page paints between batches. */
export const INCIDENT_IMPORT_CHUNK = 1000;

/** Rejected rows named in the summary toast (the rest are in the feed's rejected list). */
export const REJECTED_LINES_SHOWN = 5;

/** The i18n namespace of this feature; toast keys are `incident-import:<key>`. */
export const INCIDENT_IMPORT_NS = 'incident-import';

/** Where received times are written: China Standard Time, as the rest of the app. */
const RECEIVED_OFFSET_MIN = 480;

/** The feed id of an imported file. */
export function incidentFileFeedId(fileName: string): string {
  return `file:${fileName}`;
}

export interface ImportIncidentFileOptions {
  /** The file dialog's title, already translated. */
  title?: string;
  /** Epoch ms now (tests pass a fixed clock). */
  now?: () => number;
  /** Messages per batch; default INCIDENT_IMPORT_CHUNK. */
  chunkSize?: number;
  /** Lets the page paint between batches; default a zero-delay timer. */
  yieldToEventLoop?: () => Promise<void>;
  /** Offset (minutes east of UTC) for CSV times without one; default +480 (China). */
  utcOffsetMinutes?: number;
}

/** A rejected message of the file, by its line. */
export interface RejectedLine {
  line: number;
  kind: RejectKind;
  /** The protocol's English sentence, naming the field. */
  reason: string;
}

export interface IncidentImportSummary {
  fileName: string;
  feedId: string;
  format: IncidentFileFormat;
  encoding: IncidentFileEncoding;
  /** Messages read from the file (lines or rows). */
  rows: number;
  accepted: number;
  duplicate: number;
  stale: number;
  rejected: number;
  /** The first REJECTED_LINES_SHOWN rejected messages. */
  rejectedLines: RejectedLine[];
  /** Non-fatal notes about the file (header below a title, duplicate or ignored columns, an unclosed quote). */
  problems: FileProblem[];
}

export type IncidentImportResult =
  | { status: 'cancelled' }
  /** Nothing was imported: no district yet, the file could not be opened, or a fatal problem. */
  | { status: 'refused'; fileName?: string; problems: FileProblem[]; error?: string }
  | { status: 'imported'; summary: IncidentImportSummary };

const ZERO_COUNTS: FeedCounts = { received: 0, accepted: 0, duplicate: 0, stale: 0, rejected: 0 };

const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Lets the operator pick an incident file and imports it (see the module comment). Shows the
 * outcome as a toast and returns it; never throws.
 */
export async function importIncidentFile(appStore: AppStore, bridge: GridroomBridge, options: ImportIncidentFileOptions = {}): Promise<IncidentImportResult> {
  const dispatch = appStore.dispatch;
  const toast = (kind: 'info' | 'success' | 'error', key: string, params?: Record<string, string | number>): void =>
    dispatch({ type: 'statusShown', kind, key: `${INCIDENT_IMPORT_NS}:${key}`, params });

  // Without a district the reducer drops feed batches (no grid to place an incident in).
  if (!appStore.getState().incidentLocator) {
    toast('error', 'toast.noDistrict');
    return { status: 'refused', problems: [], error: 'no district' };
  }

  let file: Awaited<ReturnType<GridroomBridge['openFile']>>;
  try {
    file = await bridge.openFile({ title: options.title ?? 'Import incidents', extensions: [...INCIDENT_FILE_EXTENSIONS] });
  } catch (err) {
    const message = errorText(err);
    toast('error', 'toast.openFailed', { message });
    return { status: 'refused', problems: [], error: message };
  }
  if (!file) return { status: 'cancelled' };
  const fileName = file.name;

  let parsed: ReturnType<typeof parseIncidentFile>;
  let encoding: IncidentFileEncoding;
  try {
    const decoded = decodeIncidentFile(file.bytes);
    encoding = decoded.encoding;
    const format = incidentFileFormat(fileName, decoded.text);
    parsed = parseIncidentFile(decoded.text, format, options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes });
  } catch (err) {
    // parseIncidentFile does not throw on content; this is the net for the unexpected.
    const message = errorText(err);
    toast('error', 'toast.failed', { file: fileName, message });
    return { status: 'refused', fileName, problems: [], error: message };
  }
  if (hasFatalProblem(parsed.problems)) {
    const problem = parsed.problems.find((p) => p.severity === 'fatal') as FileProblem;
    toast('error', `problem.${problem.code}`, problemParams(fileName, problem));
    return { status: 'refused', fileName, problems: parsed.problems };
  }

  const feedId = incidentFileFeedId(fileName);
  const before = appStore.getState().incidents.feeds[feedId]?.ingest.counts ?? ZERO_COUNTS;
  const now = options.now ?? Date.now;
  const chunk = Math.max(1, options.chunkSize ?? INCIDENT_IMPORT_CHUNK);
  const pause = options.yieldToEventLoop ?? defaultYield;
  dispatch({ type: 'feedStatusChanged', feedId, status: { kind: 'file', label: fileName, connection: 'live', lastError: null } });
  try {
    for (let start = 0; start < parsed.messages.length; start += chunk) {
      const receivedAt = formatIso(now(), RECEIVED_OFFSET_MIN);
      const batch: ReceivedMessage[] = parsed.messages.slice(start, start + chunk).map((m) => ({ raw: m.raw, receivedAt }));
      dispatch({ type: 'feedBatchReceived', batch, feedId });
      if (start + chunk < parsed.messages.length) await pause();
    }
  } finally {
    // A file is read once: the feed is done, not broken.
    dispatch({ type: 'feedStatusChanged', feedId, status: { connection: 'offline' } });
  }

  const after = appStore.getState().incidents.feeds[feedId]?.ingest.counts ?? ZERO_COUNTS;
  const rejected = after.rejected - before.rejected;
  const summary: IncidentImportSummary = {
    fileName,
    feedId,
    format: parsed.format,
    encoding,
    rows: parsed.messages.length,
    accepted: after.accepted - before.accepted,
    duplicate: after.duplicate - before.duplicate,
    stale: after.stale - before.stale,
    rejected,
    rejectedLines: rejected > 0 ? findRejectedLines(parsed.messages, REJECTED_LINES_SHOWN) : [],
    problems: parsed.problems,
  };
  showSummary(summary, toast);
  return { status: 'imported', summary };
}

/**
 * The first `max` messages ingest refuses, with their lines. Refusal is exactly parseFeedMessage
 * with the classification (what ingestMessage runs first), so re-running it finds the same ones;
 * it runs only when something was rejected, and stops at `max`.
 */
export function findRejectedLines(messages: readonly IncidentFileMessage[], max: number): RejectedLine[] {
  const found: RejectedLine[] = [];
  for (const { line, raw } of messages) {
    if (found.length >= max) break;
    const parsed = parseFeedMessage(raw, isKnownCategory);
    if (!parsed.ok) found.push({ line, kind: parsed.rejection.kind, reason: parsed.rejection.reason });
  }
  return found;
}

function showSummary(summary: IncidentImportSummary, toast: (kind: 'info' | 'success' | 'error', key: string, params?: Record<string, string | number>) => void): void {
  const params = {
    file: summary.fileName,
    rows: summary.rows,
    accepted: summary.accepted,
    duplicate: summary.duplicate,
    stale: summary.stale,
    rejected: summary.rejected,
    ...listParams('lines', summary.rejectedLines.map((r) => String(r.line)), summary.rejected > summary.rejectedLines.length),
  };
  // Rows were refused: an error toast stays until dismissed, so the operator sees it and fixes the file.
  if (summary.rejected > 0) toast('error', 'toast.doneWithRejects', params);
  else if (summary.accepted === 0) toast('info', 'toast.nothingNew', params);
  else toast('success', 'toast.done', params);
  for (const problem of summary.problems) {
    if (problem.severity === 'warning') toast('info', `problem.${problem.code}`, problemParams(summary.fileName, problem));
  }
}

/**
 * A list as two interpolation values, `<name>` joined the Chinese way (、) and `<name>En` the
 * English way (, ), as the app's other toasts do: params are fixed when the toast is raised, the
 * language may switch while it shows.
 */
function listParams(name: string, items: readonly string[], more = false): Record<string, string> {
  const tail = more ? ' …' : '';
  if (items.length === 0) return { [name]: '—', [`${name}En`]: '—' };
  return { [name]: items.join('、') + tail, [`${name}En`]: items.join(', ') + tail };
}

/** A CSV field as the UI names it: its canonical column and its first Chinese alias, `lon (经度)`. */
export function columnLabel(field: string): string {
  const names = INCIDENT_CSV_COLUMNS[field as IncidentCsvField] as readonly string[] | undefined;
  const chinese = names?.find((n) => /[\u3400-\u9fff]/.test(n));
  return chinese ? `${field} (${chinese})` : field;
}

/** Interpolation values of a problem's message (lists as `<name>` and `<name>En`, see listParams). */
export function problemParams(fileName: string, problem: FileProblem): Record<string, string | number> {
  const params: Record<string, string | number> = { file: fileName, line: problem.line ?? '?' };
  if (problem.code === 'missing_columns') {
    Object.assign(params, listParams('missing', (problem.columns ?? []).map(columnLabel)));
    Object.assign(params, listParams('found', (problem.found ?? []).filter((c) => c !== '')));
  } else if (problem.columns) {
    Object.assign(params, listParams('columns', problem.columns));
  }
  return params;
}

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The bridge prefixes a machine code (`[file-too-large] …`); the sentence after it is for people.
  return message.replace(/^\[[\w-]+\]\s*/, '');
}
