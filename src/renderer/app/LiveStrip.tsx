/**
 * The live strip along the bottom: clock, the operator on duty (a click signs in), workers on
 * patrol (those with a fresh fix from the feeds), whether a basemap is fetched, and the keyboard hints.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STALE_AFTER_MS } from '@core/patrol';
import { HTML_LANG } from '../i18n';
import { useAppState, useDispatch } from './app-context';
import { Icon } from './Icon';

/** The clock ticks once a second; nothing here needs finer time. */
function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function LiveStrip() {
  const { t } = useTranslation('app');
  const district = useAppState((s) => s.district);
  const language = useAppState((s) => s.language);
  const basemapKind = useAppState((s) => s.basemap.kind);
  const operator = useAppState((s) => s.operator);
  const dispatch = useDispatch();
  const now = useNow();
  // Workers with a fresh fix from the feeds (not stale): who is out on patrol now.
  // Judged by the incidents clock, which a trainer's shifted demo clock also drives.
  const patrol = useAppState((s) => s.patrol);
  const clock = useAppState((s) => s.incidents.now);
  const onPatrol = useMemo(() => {
    const at = Date.parse(clock);
    let n = 0;
    for (const fix of patrol.latest.values()) if (at - fix.t <= STALE_AFTER_MS) n++;
    return n;
  }, [patrol, clock]);

  const locale = HTML_LANG[language];
  const date = new Date(now);
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const day = date.toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });

  return (
    <footer className="live-strip" data-testid="live-strip" aria-label={t('live.label')}>
      <span className="live-strip__item live-strip__clock">
        <Icon name="clock" size={14} />
        <time dateTime={date.toISOString()} className="tabular">
          {time}
        </time>
        <span className="live-strip__muted">{day}</span>
      </span>
      <button
        type="button"
        className={`live-strip__item live-strip__operator ${operator === null ? 'is-unsigned' : ''}`}
        data-testid="operator-button"
        data-operator={operator ?? ''}
        title={t('signIn.hint')}
        onClick={() => dispatch({ type: 'dialogOpened', dialog: 'sign-in' })}
      >
        {operator === null ? t('signIn.unsigned') : t('signIn.onDuty', { name: operator })}
      </button>
      <span className="live-strip__item" data-testid="live-patrol" data-count={onPatrol}>
        <span className="live-dot" aria-hidden="true" />
        <Icon name="patrol" size={14} />
        {t('live.onPatrol', { count: onPatrol })}
      </span>
      {district && (
        <span className="live-strip__item live-strip__muted">
          {t('live.district', { name: district.name, grids: district.grids.length })}
        </span>
      )}
      <span className="live-strip__item live-strip__muted">
        {basemapKind === 'none' ? t('live.offline') : t('live.basemapOn', { kind: t(`basemap.kind.${basemapKind}`) })}
      </span>
      <span className="live-strip__spacer" />
      <span className="live-strip__item live-strip__keys">
        <kbd>/</kbd> {t('keys.search')}
        <kbd>←</kbd>
        <kbd>→</kbd> {t('keys.siblings')}
        <kbd>PgUp</kbd> {t('keys.parent')}
        <kbd>PgDn</kbd> {t('keys.child')}
        <kbd>Esc</kbd> {t('keys.clear')}
      </span>
    </footer>
  );
}
