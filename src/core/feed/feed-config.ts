/**
 * A live feed the operator configured (docs/feed-protocol.md, "Transports"): which transport, where,
 * and whether it runs. The settings dialog edits one as text fields (FeedConfigForm) and the store
 * keeps the list; both come back through `parseFeedConfig`, which answers with coded problems
 * (`{ field, code, params }`) that the renderer translates (i18n key `feeds:problem.<code>`), never
 * with English sentences.
 *
 * Nothing here opens a connection: a configured feed is only data. Pure: no DOM or Node API, and
 * URLs are checked with a regular expression rather than `URL`, whose leniency differs between
 * runtimes (it accepts `ws:host` and fills in a path).
 */

/** How a configured feed reaches the app (the demo and file feeds are not configured here). */
export type FeedConfigKind = 'websocket' | 'http-poll' | 'mqtt';
export const FEED_CONFIG_KINDS: readonly FeedConfigKind[] = ['websocket', 'http-poll', 'mqtt'];

export interface FeedConfig {
  /** Stable id: the feed's key in the incidents state and its resume point in the store. */
  id: string;
  kind: FeedConfigKind;
  /** What the operator calls it ("12345 热线平台"). */
  label: string;
  /** ws(s):// for WebSocket, http(s):// for polling, mqtt(s):// or tcp:// for MQTT; no `since` needed. */
  url: string;
  /** MQTT only: the topic filter subscribed to (e.g. `gridroom/feeds/zy`). */
  topic?: string;
  /** HTTP polling only: the wait between polls when nothing more is waiting (ms). */
  pollIntervalMs?: number;
  enabled: boolean;
}

/** Characters of a label at most (code units; labels are short names). */
export const FEED_LABEL_MAX = 80;
/** Characters of a URL at most. */
export const FEED_URL_MAX = 2048;
/** Characters of an MQTT topic at most (MQTT allows 65,535 bytes; no real topic is near this). */
export const FEED_TOPIC_MAX = 512;
/** Poll interval bounds and default (ms): 1 s to 5 min, 2 s by default (docs/feed-protocol.md). */
export const POLL_INTERVAL_MIN_MS = 1000;
export const POLL_INTERVAL_MAX_MS = 300_000;
export const DEFAULT_POLL_INTERVAL_MS = 2000;
/** Feeds at most: each is a connection and a status row; more is a configuration mistake. */
export const MAX_CONFIGURED_FEEDS = 20;
/** Ids the app uses for its own feeds. */
export const RESERVED_FEED_IDS: readonly string[] = ['demo'];

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** URL schemes each kind accepts. */
export const FEED_URL_SCHEMES: Readonly<Record<FeedConfigKind, readonly string[]>> = {
  websocket: ['ws', 'wss'],
  'http-poll': ['http', 'https'],
  mqtt: ['mqtt', 'mqtts', 'tcp'],
};

export type FeedConfigField = 'id' | 'kind' | 'label' | 'url' | 'topic' | 'pollIntervalMs' | 'enabled';

/**
 * What can be wrong, with its parameters. The renderer's text for each is `feeds:problem.<code>`
 * (a test keeps the locales and this list in step).
 */
export type FeedConfigProblem =
  | { field: null; code: 'not_object'; params: Record<string, never> }
  | { field: FeedConfigField; code: 'required'; params: Record<string, never> }
  | { field: FeedConfigField; code: 'not_text'; params: Record<string, never> }
  | { field: FeedConfigField; code: 'too_long'; params: { max: number } }
  | { field: 'id'; code: 'bad_id'; params: Record<string, never> }
  | { field: 'id'; code: 'reserved_id'; params: { id: string } }
  | { field: 'id'; code: 'duplicate_id'; params: { id: string } }
  | { field: 'kind'; code: 'unknown_kind'; params: { allowed: string } }
  | { field: 'url'; code: 'bad_url'; params: Record<string, never> }
  | { field: 'url'; code: 'scheme_mismatch'; params: { scheme: string; allowed: string } }
  | { field: 'url'; code: 'url_credentials'; params: Record<string, never> }
  | { field: 'url'; code: 'url_fragment'; params: Record<string, never> }
  | { field: 'url'; code: 'url_query_mqtt'; params: Record<string, never> }
  | { field: 'url'; code: 'bad_port'; params: { port: string } }
  | { field: 'url'; code: 'duplicate_url'; params: { label: string } }
  | { field: 'topic'; code: 'bad_topic'; params: Record<string, never> }
  | { field: 'pollIntervalMs'; code: 'not_a_number'; params: Record<string, never> }
  | { field: 'pollIntervalMs'; code: 'interval_range'; params: { min: number; max: number } }
  | { field: 'enabled'; code: 'not_boolean'; params: Record<string, never> };

export type FeedConfigProblemCode = FeedConfigProblem['code'];

/** Every problem code (for the locale test). */
export const FEED_CONFIG_PROBLEM_CODES: readonly FeedConfigProblemCode[] = [
  'not_object',
  'required',
  'not_text',
  'too_long',
  'bad_id',
  'reserved_id',
  'duplicate_id',
  'unknown_kind',
  'bad_url',
  'scheme_mismatch',
  'url_credentials',
  'url_fragment',
  'url_query_mqtt',
  'bad_port',
  'duplicate_url',
  'bad_topic',
  'not_a_number',
  'interval_range',
  'not_boolean',
];

export type FeedConfigResult = { ok: true; value: FeedConfig } | { ok: false; problems: FeedConfigProblem[] };

const none = {} as Record<string, never>;

/** scheme :// authority path ?query #fragment; no white space anywhere. */
const URL_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/;
/** host[:port], the host a name, an IPv4 address or a bracketed IPv6 address. */
const AUTHORITY_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(?::(\d*))?$/;

/** Problems of `url` for `kind` (none when it is fine). */
function urlProblems(url: string, kind: FeedConfigKind | null): FeedConfigProblem[] {
  const m = URL_PATTERN.exec(url);
  if (!m) return [{ field: 'url', code: 'bad_url', params: none }];
  const [, schemeRaw, authority, , query, fragment] = m;
  const scheme = schemeRaw.toLowerCase();
  const problems: FeedConfigProblem[] = [];
  if (kind !== null && !FEED_URL_SCHEMES[kind].includes(scheme)) {
    problems.push({ field: 'url', code: 'scheme_mismatch', params: { scheme, allowed: FEED_URL_SCHEMES[kind].join(', ') } });
  }
  // A user name or password in a URL would sit in the settings in clear text, and fetch refuses it.
  if (authority.includes('@')) return [...problems, { field: 'url', code: 'url_credentials', params: none }];
  const a = AUTHORITY_PATTERN.exec(authority);
  if (!a) return [...problems, { field: 'url', code: 'bad_url', params: none }];
  const port = a[2];
  if (port !== undefined && (port === '' || Number(port) < 1 || Number(port) > 65535)) {
    problems.push({ field: 'url', code: 'bad_port', params: { port } });
  }
  // A fragment never reaches the server: a WebSocket refuses it, and elsewhere it means a typo.
  if (fragment !== undefined) problems.push({ field: 'url', code: 'url_fragment', params: none });
  if (kind === 'mqtt' && query !== undefined) problems.push({ field: 'url', code: 'url_query_mqtt', params: none });
  return problems;
}

/**
 * Whether `topic` is a valid MQTT topic filter: not empty, no NUL, `+` only as a whole level, `#`
 * only as the whole last level (MQTT 3.1.1 §4.7).
 */
export function isValidMqttTopic(topic: string): boolean {
  if (topic.length === 0 || topic.length > FEED_TOPIC_MAX || topic.includes('\u0000')) return false;
  const levels = topic.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

function text(
  record: Record<string, unknown>,
  field: 'id' | 'label' | 'url' | 'topic',
  max: number,
  problems: FeedConfigProblem[],
): string | null {
  const v = record[field];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    problems.push({ field, code: 'required', params: none });
    return null;
  }
  if (typeof v !== 'string') {
    problems.push({ field, code: 'not_text', params: none });
    return null;
  }
  if (v.length > max) {
    problems.push({ field, code: 'too_long', params: { max } });
    return null;
  }
  return v;
}

/**
 * Checks one feed configuration (from the dialog or the store). Text fields are trimmed; `topic`
 * is kept for MQTT only and `pollIntervalMs` for HTTP polling only (defaulting to 2 s), so a kind
 * changed in the dialog leaves nothing behind; `enabled` defaults to true.
 *
 * @example parseFeedConfig({ id: 'hotline', kind: 'websocket', label: '12345', url: 'ws://10.0.0.5:8765/feed' })
 *   // → { ok: true, value: { id: 'hotline', kind: 'websocket', label: '12345', url: 'ws://10.0.0.5:8765/feed', enabled: true } }
 */
export function parseFeedConfig(input: unknown): FeedConfigResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: null, code: 'not_object', params: none }] };
  }
  const record = input as Record<string, unknown>;
  const trimmed: Record<string, unknown> = { ...record };
  for (const key of ['id', 'label', 'url', 'topic'] as const) if (typeof record[key] === 'string') trimmed[key] = (record[key] as string).trim();

  const problems: FeedConfigProblem[] = [];
  const id = text(trimmed, 'id', 64, problems);
  if (id !== null) {
    if (RESERVED_FEED_IDS.includes(id)) problems.push({ field: 'id', code: 'reserved_id', params: { id } });
    else if (!ID_PATTERN.test(id)) problems.push({ field: 'id', code: 'bad_id', params: none });
  }

  const kindValue = record.kind;
  const kind = typeof kindValue === 'string' && (FEED_CONFIG_KINDS as readonly string[]).includes(kindValue) ? (kindValue as FeedConfigKind) : null;
  if (kind === null) problems.push({ field: 'kind', code: 'unknown_kind', params: { allowed: FEED_CONFIG_KINDS.join(', ') } });

  const label = text(trimmed, 'label', FEED_LABEL_MAX, problems);
  const url = text(trimmed, 'url', FEED_URL_MAX, problems);
  if (url !== null) problems.push(...urlProblems(url, kind));

  let topic: string | null = null;
  if (kind === 'mqtt') {
    topic = text(trimmed, 'topic', FEED_TOPIC_MAX, problems);
    if (topic !== null && !isValidMqttTopic(topic)) problems.push({ field: 'topic', code: 'bad_topic', params: none });
  }

  let pollIntervalMs = DEFAULT_POLL_INTERVAL_MS;
  if (kind === 'http-poll' && record.pollIntervalMs !== undefined && record.pollIntervalMs !== null) {
    const v = record.pollIntervalMs;
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push({ field: 'pollIntervalMs', code: 'not_a_number', params: none });
    else if (v < POLL_INTERVAL_MIN_MS || v > POLL_INTERVAL_MAX_MS) {
      problems.push({ field: 'pollIntervalMs', code: 'interval_range', params: { min: POLL_INTERVAL_MIN_MS / 1000, max: POLL_INTERVAL_MAX_MS / 1000 } });
    } else pollIntervalMs = Math.round(v);
  }

  const enabledValue = record.enabled;
  if (enabledValue !== undefined && typeof enabledValue !== 'boolean') problems.push({ field: 'enabled', code: 'not_boolean', params: none });

  if (problems.length > 0 || id === null || kind === null || label === null || url === null) return { ok: false, problems };
  const value: FeedConfig = { id, kind, label, url, enabled: enabledValue !== false };
  if (kind === 'mqtt' && topic !== null) value.topic = topic;
  if (kind === 'http-poll') value.pollIntervalMs = pollIntervalMs;
  return { ok: true, value };
}

/**
 * Problems of `config` among the feeds already configured (`others`, the one being edited left
 * out by id): the same id twice, or the same endpoint twice (two connections to one feed would
 * only double the traffic; ingest would drop the copies anyway).
 */
export function feedConfigConflicts(config: FeedConfig, others: readonly FeedConfig[]): FeedConfigProblem[] {
  const problems: FeedConfigProblem[] = [];
  for (const other of others) {
    if (other.id === config.id) problems.push({ field: 'id', code: 'duplicate_id', params: { id: config.id } });
    else if (other.kind === config.kind && other.url === config.url && (other.topic ?? '') === (config.topic ?? '')) {
      problems.push({ field: 'url', code: 'duplicate_url', params: { label: other.label } });
    }
  }
  return problems;
}

/** The configured feeds as stored: entries that no longer parse, and repeated ids, are dropped. */
export function parseFeedConfigList(value: unknown): FeedConfig[] | null {
  if (!Array.isArray(value)) return null;
  const out: FeedConfig[] = [];
  const ids = new Set<string>();
  for (const entry of value) {
    const parsed = parseFeedConfig(entry);
    if (!parsed.ok || ids.has(parsed.value.id) || out.length >= MAX_CONFIGURED_FEEDS) continue;
    ids.add(parsed.value.id);
    out.push(parsed.value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The dialog's form: every field as typed.

/** A feed as the settings dialog edits it: text as typed, the poll interval in seconds. */
export interface FeedConfigForm {
  /** Empty for a new feed: an id is made from the others when it is saved. */
  id: string;
  kind: FeedConfigKind;
  label: string;
  url: string;
  topic: string;
  pollIntervalS: string;
  enabled: boolean;
}

/** A blank form for a new feed of `kind`. */
export function emptyFeedConfigForm(kind: FeedConfigKind = 'websocket'): FeedConfigForm {
  return { id: '', kind, label: '', url: '', topic: '', pollIntervalS: String(DEFAULT_POLL_INTERVAL_MS / 1000), enabled: true };
}

export function feedConfigToForm(config: FeedConfig): FeedConfigForm {
  return {
    id: config.id,
    kind: config.kind,
    label: config.label,
    url: config.url,
    topic: config.topic ?? '',
    pollIntervalS: String((config.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS) / 1000),
    enabled: config.enabled,
  };
}

/** The first free id `feed-<n>` among `existing`. */
export function nextFeedId(existing: readonly FeedConfig[]): string {
  const taken = new Set(existing.map((f) => f.id));
  for (let n = 1; ; n++) if (!taken.has(`feed-${n}`)) return `feed-${n}`;
}

/**
 * The form as a configuration, checked on its own and against the other feeds (`existing`, which
 * may include the one being edited: it is matched by id). A new feed gets the next free id.
 */
export function feedConfigFromForm(form: FeedConfigForm, existing: readonly FeedConfig[]): FeedConfigResult {
  const id = form.id === '' ? nextFeedId(existing) : form.id;
  const problems: FeedConfigProblem[] = [];
  let pollIntervalMs: number | undefined;
  if (form.kind === 'http-poll') {
    const s = form.pollIntervalS.trim();
    const n = s === '' ? NaN : Number(s);
    if (!Number.isFinite(n)) problems.push({ field: 'pollIntervalMs', code: 'not_a_number', params: none });
    else pollIntervalMs = n * 1000;
  }
  const parsed = parseFeedConfig({
    id,
    kind: form.kind,
    label: form.label,
    url: form.url,
    topic: form.kind === 'mqtt' ? form.topic : undefined,
    pollIntervalMs,
    enabled: form.enabled,
  });
  if (!parsed.ok) return { ok: false, problems: [...parsed.problems, ...problems] };
  if (problems.length > 0) return { ok: false, problems };
  const conflicts = feedConfigConflicts(
    parsed.value,
    existing.filter((f) => f.id !== form.id || form.id === ''),
  );
  return conflicts.length > 0 ? { ok: false, problems: conflicts } : parsed;
}

/** Whether two configurations connect the same way (a change of label or `enabled` needs no reconnect). */
export function sameFeedEndpoint(a: FeedConfig, b: FeedConfig): boolean {
  return a.kind === b.kind && a.url === b.url && (a.topic ?? '') === (b.topic ?? '') && (a.pollIntervalMs ?? 0) === (b.pollIntervalMs ?? 0);
}
