/** "不在本网格": workers whose latest fix is outside their own grid, with follow and track. */
import { useTranslation } from 'react-i18next';
import type { GridCode } from '@core/model';
import type { OutsideRow } from './patrol-view-model';

export function OutsideList({
  rows,
  nameOf,
  followed,
  onFollow,
  onTrack,
}: {
  rows: readonly OutsideRow[];
  nameOf: (code: GridCode | null) => string;
  followed: string | null;
  onFollow: (workerId: string | null) => void;
  onTrack: (workerId: string) => void;
}) {
  const { t } = useTranslation('patrol');
  const tApp = useTranslation('app').t;
  const fresh = rows.filter((r) => !r.stale).length;
  return (
    <section className="panel__section dash-section" aria-labelledby="patrol-outside-title">
      <h3 id="patrol-outside-title" className="panel__title">
        {t('outside.title')}
      </h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid="patrol-outside-none">
          {t('outside.none')}
        </p>
      ) : (
        <ul className="patrol-list" data-testid="patrol-outside-list" data-count={fresh} data-stale={rows.length - fresh}>
          {rows.map((r) => (
            <li key={r.workerId} className={`patrol-list__row ${r.stale ? 'is-muted' : ''}`} data-worker={r.workerId}>
              <span className="patrol-list__main">
                <span className="patrol-list__head">
                  <strong>{r.staff?.name ?? r.workerId}</strong>
                  {r.staff && <span className="muted">{tApp(`role.${r.staff.role}`)}</span>}
                  {r.stale && <span className="patrol-badge">{t('outside.stale')}</span>}
                </span>
                <span className="patrol-list__sub muted">
                  {t('outside.own', { grid: nameOf(r.ownGrid) })} · {r.unit ? t('outside.now', { unit: nameOf(r.unit) }) : t('outside.nowhere')} · {t('outside.ago', { min: r.minutesAgo })}
                </span>
              </span>
              <span className="patrol-list__actions">
                <button type="button" className="btn btn--small" aria-pressed={followed === r.workerId} onClick={() => onFollow(followed === r.workerId ? null : r.workerId)}>
                  {followed === r.workerId ? t('detail.unfollow') : t('detail.follow')}
                </button>
                <button type="button" className="btn btn--small" onClick={() => onTrack(r.workerId)}>
                  {t('detail.showTrack')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
