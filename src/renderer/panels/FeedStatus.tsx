/**
 * Live feed health, compact: one row per feed (dot, name, state, last message age, rate, counts,
 * and while reconnecting the attempt and the next try) and, per feed, the rejected messages with
 * their reason translated from the rejection's kind. Shown in the incidents panel and the Feeds
 * dialog; it reads state only.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feedRatePerMinute, DEMO_FEED_ID, type FeedView } from '@core/state';
import { useAppState } from '../app/app-context';
import { formatCount } from '../app/format';
import { newestRejections, rejectionField, secondsSince, type FeedRow } from '../feed/feed-status-view';
// The strip's and the Feeds dialog's styles, kept with the feature (as map/map-view.css is).
import '../styles/feeds.css';

/** Rejections listed at most (the store keeps the newest 500). */
const REJECTED_SHOWN = 100;

/** The wall clock, re-read every `ms`: ages and countdowns move on without any state change. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** The name a feed row shows. */
export function useFeedName(): (row: FeedRow) => string {
  const { t } = useTranslation('feeds');
  return (row) => row.config?.label ?? (row.id === DEMO_FEED_ID ? t('demo') : row.view.label);
}

/** "last message 12 s ago" (minutes past two), or "no message yet". */
function useAgeText(): (seconds: number | null) => string {
  const { t } = useTranslation('feeds');
  return (seconds) => {
    if (seconds === null) return t('noMessageYet');
    return seconds < 120 ? t('lastMessage', { seconds }) : t('lastMessageMinutes', { minutes: Math.floor(seconds / 60) });
  };
}

/**
 * One feed's status line. The demo feed keeps the test ids `feed-status` and `feed-counts`; the
 * others are `feed-row` / `feed-row-counts`, each with data-feed-id and data-connection.
 */
export function FeedStatusRow({
  row,
  now,
  rejectedOpen,
  onToggleRejected,
}: {
  row: FeedRow;
  now: number;
  rejectedOpen?: boolean;
  onToggleRejected?: () => void;
}) {
  const { t } = useTranslation('feeds');
  const language = useAppState((s) => s.language);
  const name = useFeedName();
  const ageText = useAgeText();
  const n = (v: number): string => formatCount(v, language);
  const { view, config } = row;
  const disabled = config !== null && !config.enabled;
  const connection = view.connection;
  const c = view.ingest.counts;
  const demo = row.id === DEMO_FEED_ID;
  const nextIn = view.nextTryAt !== null ? Math.max(0, Math.ceil((view.nextTryAt - now) / 1000)) : null;
  return (
    <div
      className={`feed-row is-${disabled ? 'disabled' : connection}`}
      data-testid={demo ? 'feed-status' : 'feed-row'}
      data-feed-id={row.id}
      data-connection={connection}
      data-enabled={disabled ? 'false' : 'true'}
      data-last-seq={view.ingest.lastSeq}
      title={view.lastError && connection !== 'live' ? t('lastError', { error: view.lastError }) : undefined}
    >
      <span className="feed-row__dot" aria-hidden="true" />
      <span className="feed-row__name" title={config?.url}>
        {name(row)}
      </span>
      <span className="feed-row__state" data-testid="feed-row-state">
        {disabled ? t('disabled') : view.kind === 'file' && connection === 'offline' ? t('fileImported') : t(`connection.${connection}`)}
        {connection === 'reconnecting' && view.attempt > 0 && (
          <span className="muted" data-testid="feed-row-retry">
            {' '}
            · {t('attempt', { attempt: view.attempt })}
            {nextIn !== null ? ` · ${t('nextTry', { seconds: nextIn })}` : ''}
          </span>
        )}
      </span>
      <span className="feed-row__meta muted">
        <span data-testid="feed-row-age">{ageText(secondsSince(view.ingest.lastMessageAt, now))}</span>
        {' · '}
        <span className="tabular">{t('rate', { rate: n(feedRatePerMinute(view, now)) })}</span>
        {' · '}
        <span className="tabular" data-testid={demo ? 'feed-counts' : 'feed-row-counts'} data-accepted={c.accepted} data-duplicate={c.duplicate + c.stale} data-rejected={c.rejected}>
          {t('counts', { accepted: n(c.accepted), duplicate: n(c.duplicate + c.stale), rejected: n(c.rejected) })}
        </span>
      </span>
      {onToggleRejected && c.rejected > 0 && (
        <button
          type="button"
          className={`btn btn--small btn--ghost feed-row__rejected ${rejectedOpen ? 'is-on' : ''}`}
          data-testid="feed-rejected-toggle"
          aria-expanded={rejectedOpen}
          onClick={onToggleRejected}
        >
          {t('rejectedButton', { count: c.rejected })}
        </button>
      )}
    </div>
  );
}

function receivedText(iso: string | undefined, language: 'zh' | 'en'): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  return language === 'zh' ? `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}:${m[6]}` : `${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
}

/** A feed's rejected messages, newest first: reason (by kind), field, seq, excerpt, time. */
export function RejectedList({ view, name, onClose }: { view: FeedView; name: string; onClose: () => void }) {
  const { t } = useTranslation('feeds');
  const language = useAppState((s) => s.language);
  const rejected = view.ingest.rejected;
  const shown = newestRejections(rejected, REJECTED_SHOWN);
  const total = view.ingest.counts.rejected;
  return (
    <section className="rejected" data-testid="feed-rejected" data-feed-id={view.id} aria-label={t('rejectedTitle', { feed: name })}>
      <header className="rejected__head">
        <strong>{t('rejectedTitle', { feed: name })}</strong>
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          {t('hide')}
        </button>
      </header>
      <p className="muted rejected__hint">{t('rejectedHint')}</p>
      {shown.length === 0 ? (
        <p className="muted">{t('rejectedNone')}</p>
      ) : (
        <ol className="rejected__list">
          {shown.map((r, i) => {
            const field = rejectionField(r);
            return (
              <li key={`${rejected.length - i}`} className="rejected__item" data-testid="feed-rejected-item" data-kind={r.kind} data-field={field ?? ''} title={r.reason}>
                <div className="rejected__line">
                  <span className="chip chip--bad" data-testid="feed-rejected-reason">
                    {t(`reject.${r.kind}`)}
                  </span>
                  {field && <span className="rejected__field">{t('rejectedField', { field })}</span>}
                  {r.seq !== undefined && <span className="muted tabular">{t('rejectedSeq', { seq: r.seq })}</span>}
                  <span className="muted tabular rejected__time">{t('rejectedReceived', { time: receivedText(r.receivedAt, language) })}</span>
                </div>
                <code className="rejected__raw">{r.raw}</code>
              </li>
            );
          })}
        </ol>
      )}
      {total > shown.length && <p className="muted rejected__more">{t('rejectedShown', { shown: shown.length, total })}</p>}
    </section>
  );
}
