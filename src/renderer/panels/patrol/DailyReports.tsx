/**
 * 零上报: today's daily reports. Grids missing theirs after the cutoff (red), those still pending
 * before it (greyed), and the count of grids that reported nothing / matters. A grid's name
 * selects it on the map.
 */
import { useTranslation } from 'react-i18next';
import type { ReportStatus } from '@core/patrol/daily-report';
import type { GridCode } from '@core/model';
import type { ReportSummary } from './patrol-view-model';

export function DailyReports({
  rows,
  summary,
  cutoffHour,
  nameOf,
  chiefOf,
  onSelect,
}: {
  rows: readonly ReportStatus[];
  summary: ReportSummary;
  cutoffHour: number;
  nameOf: (code: GridCode) => string;
  /** The grid chief's name, or null when the grid has none. */
  chiefOf: (code: GridCode) => string | null;
  onSelect: (code: GridCode) => void;
}) {
  const { t } = useTranslation('patrol');
  const open = rows.filter((r) => r.missing || r.pending);
  return (
    <section className="panel__section dash-section" aria-labelledby="patrol-reports-title">
      <h3 id="patrol-reports-title" className="panel__title">
        {t('reports.title')}
      </h3>
      <p className="muted patrol-note" data-testid="patrol-reports-summary" data-reported={summary.reported} data-nothing={summary.nothing} data-matters={summary.matters}>
        {t('reports.summary', { ...summary })}
      </p>
      {open.length === 0 ? (
        <p className="muted">{t('reports.allIn')}</p>
      ) : (
        <ul className="patrol-list" data-testid="patrol-missing-reports" data-missing={summary.missing} data-pending={summary.pending}>
          {open.map((r) => {
            const chief = chiefOf(r.gridCode);
            return (
              <li key={r.gridCode} className={`patrol-list__row ${r.missing ? 'is-bad' : 'is-muted'}`} data-state={r.missing ? 'missing' : 'pending'}>
                <button type="button" className="patrol-link" data-code={r.gridCode} title={nameOf(r.gridCode)} onClick={() => onSelect(r.gridCode)}>
                  {nameOf(r.gridCode)}
                </button>
                <span className="patrol-list__aside muted">{chief ? t('reports.chief', { name: chief }) : t('reports.noChief')}</span>
                <span className={r.missing ? 'patrol-badge is-bad' : 'patrol-badge'}>{r.missing ? t('reports.missing') : t('reports.pending', { hour: cutoffHour })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
