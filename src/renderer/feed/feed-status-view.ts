/**
 * What the feed status rows and the rejected list show, worked out without React: which feeds are
 * listed, how long ago the last message came, the field a rejection names. Tested on its own.
 */
import { FEED_FIELDS, type Rejection } from '@core/feed';
import type { FeedConfig } from '@core/feed/feed-config';
import { DEMO_FEED_ID, initialFeedView, type FeedView } from '@core/state';

/** Every field name a message may carry, for reading the field out of a rejection's reason. */
const FIELD_NAMES: ReadonlySet<string> = new Set(['kind', ...Object.values(FEED_FIELDS).flatMap((fields) => Object.keys(fields))]);

/**
 * The field a rejection is about, or null (not JSON, not an object, too large). Reasons name their
 * field first ("lat 123.4 is out of range −90..90", "title is missing"; docs/feed-protocol.md,
 * "Rejects"), so it is the reason's first word when that is a field of the protocol.
 */
export function rejectionField(rejection: Rejection): string | null {
  const first = /^([a-z_]+)\b/.exec(rejection.reason)?.[1];
  return first !== undefined && FIELD_NAMES.has(first) ? first : null;
}

/** The newest `max` rejections, newest first. */
export function newestRejections(rejected: readonly Rejection[], max: number): Rejection[] {
  const out: Rejection[] = [];
  for (let i = rejected.length - 1; i >= 0 && out.length < max; i--) out.push(rejected[i]);
  return out;
}

/** Whole seconds from `iso` to `nowMs` (never negative), or null without a time. */
export function secondsSince(iso: string | null, nowMs: number): number | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  return Number.isFinite(at) ? Math.max(0, Math.floor((nowMs - at) / 1000)) : null;
}

/** One row of the status strip: a feed's view, and its configuration when the operator made it. */
export interface FeedRow {
  id: string;
  view: FeedView;
  config: FeedConfig | null;
}

/**
 * The feeds to show: the demo feed while it runs or has delivered something, then every configured
 * feed in the operator's order (one that has not reported yet shows as offline), then the files
 * imported as feeds (`file:<name>`), so their rejected rows can be read.
 */
export function feedRows(feeds: Readonly<Record<string, FeedView>>, configs: readonly FeedConfig[]): FeedRow[] {
  const rows: FeedRow[] = [];
  const demo = feeds[DEMO_FEED_ID];
  if (demo && (demo.connection !== 'offline' || demo.ingest.counts.received > 0)) rows.push({ id: DEMO_FEED_ID, view: demo, config: null });
  for (const config of configs) {
    const view = feeds[config.id] ?? initialFeedView(config.id, config.kind, config.label);
    rows.push({ id: config.id, view, config });
  }
  for (const view of Object.values(feeds)) if (view.kind === 'file') rows.push({ id: view.id, view, config: null });
  return rows;
}
