/**
 * What a feed connector does with each raw message, as a pure state machine: validate (reject
 * with a reason, never stop), drop duplicates (same incident id and version, same worker and
 * fix time, same visit or daily report: see patrolKeys), never let an older incident version
 * overwrite a newer one, and keep the last seq so a reconnect resumes with `?since=<seq>` and
 * nothing is lost or doubled.
 *
 * Purity and speed: `ingestMessage` never changes the state it is given, and a state read later
 * still says what it said. The three maps are PersistentMaps (./persistent-map.ts): adding a key is
 * O(1) on the newest state, old states stay readable (at a cost proportional to how far back they
 * are). Everything else is a small object copied per message; the rejected list is copied per
 * rejection, which is bounded by MAX_REJECTED_KEPT. Ingesting n messages is O(n).
 */
import { PersistentMap, toPersistentMap } from './persistent-map';
import { parseFeedMessage, parseFeedTime, type FeedMessage, type Rejection } from './protocol';

/** Rejected messages kept for the UI (the oldest go first). */
export const MAX_REJECTED_KEPT = 500;

/** A server sends a heartbeat at least this often when it has nothing else to send (seconds). */
export const HEARTBEAT_INTERVAL_S = 10;
/** Silence after which a client calls the feed silent and reconnects: three missed heartbeats (seconds). */
export const FEED_SILENT_AFTER_S = 3 * HEARTBEAT_INTERVAL_S;

export interface FeedCounts {
  received: number;
  accepted: number;
  duplicate: number;
  /** An older version of an incident than one already seen, or a fix older than the worker's newest. */
  stale: number;
  rejected: number;
}

export interface FeedIngestState {
  /** Highest seq accepted or seen as duplicate/stale (what `since` resumes from); -1 before any. */
  lastSeq: number;
  /** Newest version seen per incident id. */
  incidentVersions: ReadonlyMap<string, number>;
  /** Last fix time (ms) per worker id. */
  workerFixes: ReadonlyMap<string, number>;
  /**
   * Visits and daily reports seen (v2), by identity → their time (ms): a visit is (worker,
   * building, at), a report (grid, sender, at). Trimmed to the last PATROL_KEYS_KEPT_MS of `at`
   * (against the newest `at` seen) whenever it reaches patrolKeysTrimAt keys, so a feed running
   * for months stays small.
   */
  patrolKeys: ReadonlyMap<string, number>;
  /**
   * The size of patrolKeys at which it is next trimmed: twice what the last trim kept, and at
   * least PATROL_KEYS_TRIM_AT. Doubling keeps trimming amortised O(1) a message
   * even when a big district sends more than PATROL_KEYS_TRIM_AT visits in PATROL_KEYS_KEPT_MS
   * (otherwise every message would rescan a map that no trim can shrink). Memory stays at most
   * twice the identities of the last PATROL_KEYS_KEPT_MS, or PATROL_KEYS_TRIM_AT. Not stored in
   * snapshots: derived from the size on restore.
   */
  patrolKeysTrimAt: number;
  rejected: readonly Rejection[];
  counts: FeedCounts;
  /** ISO time of the last message received (any outcome), null before any. */
  lastMessageAt: string | null;
}

export type IngestOutcome =
  | { kind: 'accepted'; message: FeedMessage }
  | { kind: 'duplicate'; message: FeedMessage }
  | { kind: 'stale'; message: FeedMessage }
  | { kind: 'rejected'; rejection: Rejection };

export function initialIngestState(): FeedIngestState {
  return {
    lastSeq: -1,
    incidentVersions: PersistentMap.empty(),
    workerFixes: PersistentMap.empty(),
    patrolKeys: PersistentMap.empty(),
    patrolKeysTrimAt: PATROL_KEYS_TRIM_AT,
    rejected: [],
    counts: { received: 0, accepted: 0, duplicate: 0, stale: 0, rejected: 0 },
    lastMessageAt: null,
  };
}

type Verdict = 'accepted' | 'duplicate' | 'stale';

/**
 * Visit/report identities older than this (by `at`, against the newest seen) may be forgotten: a
 * redelivery (MQTT QoS 1, a resume, a file imported twice) comes within hours, not days.
 */
export const PATROL_KEYS_KEPT_MS = 3 * 86_400_000;
/** Below this many identities nothing is trimmed (a few MB of keys at most: not worth a scan). */
export const PATROL_KEYS_TRIM_AT = 20_000;

/** The identity under which a visit or report is de-duplicated (fields joined by a unit separator; `at` as an instant). */
function patrolKey(message: FeedMessage, atMs: number): string | null {
  if (message.kind === 'visit') return `v\u001f${message.worker_id}\u001f${message.building_id}\u001f${atMs}`;
  if (message.kind === 'report') return `r\u001f${message.grid_code}\u001f${message.by}\u001f${atMs}`;
  return null;
}

/** The patrol identities with `key` added, trimmed (see FeedIngestState.patrolKeysTrimAt) when they reach `trimAt`. */
function rememberPatrolKey(
  keys: ReadonlyMap<string, number>,
  trimAt: number,
  key: string,
  atMs: number,
): { keys: ReadonlyMap<string, number>; trimAt: number } {
  const map = toPersistentMap(keys).set(key, atMs);
  if (map.size < trimAt) return { keys: map, trimAt };
  let newest = -Infinity;
  const entries = [...map];
  for (const [, t] of entries) if (t > newest) newest = t;
  const cut = newest - PATROL_KEYS_KEPT_MS;
  // A fresh map rather than a delete per key: one O(n) copy, and no chain of differences.
  const kept = PersistentMap.from(entries.filter(([, t]) => t >= cut));
  return { keys: kept, trimAt: nextTrimAt(kept.size) };
}

function nextTrimAt(size: number): number {
  return Math.max(PATROL_KEYS_TRIM_AT, 2 * size);
}

/** new > seen: accepted; equal: duplicate; lower: stale. */
function compare(next: number, seen: number | undefined): Verdict {
  if (seen === undefined || next > seen) return 'accepted';
  return next === seen ? 'duplicate' : 'stale';
}

/**
 * Applies one raw message (text or parsed value) received at `receivedAt` (ISO). Pure: returns
 * the new state and what happened; the caller applies an accepted message to the incidents or
 * positions. A message with a seq at or below lastSeq that is otherwise new is still accepted (a
 * server may renumber after a restart); duplicates are decided by content (id+version,
 * worker+time, visit or report identity), not by seq alone.
 *
 * Positions: a fix at the worker's newest fix time is a duplicate; an earlier one is stale (it
 * arrived out of order and must not move the worker back). Visits and reports (v2) are never
 * stale: a visit (worker, building, at) or report (grid, by, at) seen before is a duplicate, any
 * other one is accepted, in any order. Heartbeats are always accepted. A
 * rejected message changes neither lastSeq nor the maps: none of its fields can be trusted.
 */
export function ingestMessage(
  state: FeedIngestState,
  raw: unknown,
  receivedAt: string,
  knownCategory?: (code: string) => boolean,
): { state: FeedIngestState; outcome: IngestOutcome } {
  const parsed = parseFeedMessage(raw, knownCategory);
  const counts = state.counts;

  if (!parsed.ok) {
    const rejection: Rejection = { ...parsed.rejection, receivedAt };
    const kept = state.rejected;
    const rejected =
      kept.length >= MAX_REJECTED_KEPT ? [...kept.slice(kept.length - MAX_REJECTED_KEPT + 1), rejection] : [...kept, rejection];
    return {
      state: {
        ...state,
        rejected,
        counts: { ...counts, received: counts.received + 1, rejected: counts.rejected + 1 },
        lastMessageAt: receivedAt,
      },
      outcome: { kind: 'rejected', rejection },
    };
  }

  const message = parsed.message;
  let verdict: Verdict = 'accepted';
  let incidentVersions = state.incidentVersions;
  let workerFixes = state.workerFixes;
  let patrolKeys = state.patrolKeys;
  let patrolKeysTrimAt = state.patrolKeysTrimAt;
  if (message.kind === 'incident') {
    verdict = compare(message.version, incidentVersions.get(message.id));
    if (verdict === 'accepted') incidentVersions = toPersistentMap(incidentVersions).set(message.id, message.version);
  } else if (message.kind === 'position') {
    // parseFeedMessage checked `at`, so this is a number.
    const fix = parseFeedTime(message.at) as number;
    verdict = compare(fix, workerFixes.get(message.worker_id));
    if (verdict === 'accepted') workerFixes = toPersistentMap(workerFixes).set(message.worker_id, fix);
  } else if (message.kind === 'visit' || message.kind === 'report') {
    // Identity by content, `at` as an instant (08:30+08:00 and 00:30Z are one visit).
    const atMs = parseFeedTime(message.at) as number;
    const key = patrolKey(message, atMs) as string;
    if (patrolKeys.has(key)) verdict = 'duplicate';
    else ({ keys: patrolKeys, trimAt: patrolKeysTrimAt } = rememberPatrolKey(patrolKeys, patrolKeysTrimAt, key, atMs));
  }

  return {
    state: {
      lastSeq: Math.max(state.lastSeq, message.seq),
      incidentVersions,
      workerFixes,
      patrolKeys,
      patrolKeysTrimAt,
      rejected: state.rejected,
      counts: { ...counts, received: counts.received + 1, [verdict]: counts[verdict] + 1 },
      lastMessageAt: receivedAt,
    },
    outcome: { kind: verdict, message },
  };
}

/**
 * The feed URL to (re)connect to: `baseUrl` with `since=<lastSeq>` added to its query, replacing
 * any `since` already there; with lastSeq −1 (nothing seen yet) without `since`. Everything else in
 * the URL (other parameters, their order and encoding, a fragment) is kept as written.
 *
 * @example resumeUrl('wss://feeds.example/zy?token=abc', 41) === 'wss://feeds.example/zy?token=abc&since=41'
 */
export function resumeUrl(baseUrl: string, lastSeq: number): string {
  if (!Number.isSafeInteger(lastSeq) || lastSeq < -1) throw new RangeError(`lastSeq must be a whole number ≥ −1, got ${lastSeq}`);
  const hashAt = baseUrl.indexOf('#');
  const fragment = hashAt < 0 ? '' : baseUrl.slice(hashAt);
  const beforeHash = hashAt < 0 ? baseUrl : baseUrl.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : beforeHash.slice(queryAt + 1);
  const params = query.split('&').filter((p) => p !== '' && p !== 'since' && !p.startsWith('since='));
  if (lastSeq >= 0) params.push(`since=${lastSeq}`);
  return `${path}${params.length > 0 ? `?${params.join('&')}` : ''}${fragment}`;
}

/**
 * Whether the feed has been silent too long at `nowMs`: nothing received for FEED_SILENT_AFTER_S
 * (three heartbeats missed). False before the first message (that is "connecting", not "silent").
 */
export function isFeedSilent(state: FeedIngestState, nowMs: number): boolean {
  if (state.lastMessageAt === null) return false;
  const last = Date.parse(state.lastMessageAt);
  return Number.isFinite(last) && nowMs - last > FEED_SILENT_AFTER_S * 1000;
}

/** The ingest state as plain data (for IndexedDB or a file): the maps become entry lists. */
export interface FeedIngestSnapshot {
  lastSeq: number;
  incidentVersions: [string, number][];
  workerFixes: [string, number][];
  /** Since protocol v2; absent in snapshots written before it. */
  patrolKeys?: [string, number][];
  rejected: Rejection[];
  counts: FeedCounts;
  lastMessageAt: string | null;
}

export function toIngestSnapshot(state: FeedIngestState): FeedIngestSnapshot {
  const snapshot: FeedIngestSnapshot = {
    lastSeq: state.lastSeq,
    incidentVersions: [...state.incidentVersions],
    workerFixes: [...state.workerFixes],
    rejected: state.rejected.map((r) => ({ ...r })),
    counts: { ...state.counts },
    lastMessageAt: state.lastMessageAt,
  };
  // Only when there are any: a feed that never sent a visit or report stores what it stored before v2.
  if (state.patrolKeys.size > 0) snapshot.patrolKeys = [...state.patrolKeys];
  return snapshot;
}

/** The ingest state a snapshot holds; one written before protocol v2 (no patrolKeys) reads as having seen no visit or report. */
export function fromIngestSnapshot(snapshot: FeedIngestSnapshot): FeedIngestState {
  const patrolKeys = PersistentMap.from(snapshot.patrolKeys ?? []);
  return {
    lastSeq: snapshot.lastSeq,
    incidentVersions: PersistentMap.from(snapshot.incidentVersions),
    workerFixes: PersistentMap.from(snapshot.workerFixes),
    patrolKeys,
    patrolKeysTrimAt: nextTrimAt(patrolKeys.size),
    rejected: snapshot.rejected.slice(-MAX_REJECTED_KEPT),
    counts: { ...snapshot.counts },
    lastMessageAt: snapshot.lastMessageAt,
  };
}
