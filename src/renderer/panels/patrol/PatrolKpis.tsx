/** The patrol tab's KPI tiles; `data-value` carries the raw figure for tests. */
import { useTranslation } from 'react-i18next';
import { formatShare, type PatrolKpis as Kpis } from './patrol-view-model';

function Kpi({ testId, value, shown, label, tone = '' }: { testId: string; value: number | string; shown: string; label: string; tone?: '' | 'is-warn' | 'is-bad' }) {
  return (
    <div className={`dash-kpi ${tone}`} data-testid={testId} data-value={value}>
      <span className="dash-kpi__value tabular">{shown}</span>
      <span className="dash-kpi__label">{label}</span>
    </div>
  );
}

export function PatrolKpis({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation('patrol');
  return (
    <div className="dash-kpis patrol-kpis">
      <Kpi testId="patrol-kpi-coverage" value={kpis.coveredShare ?? ''} shown={formatShare(kpis.coveredShare)} label={t('kpi.coverage')} />
      <Kpi testId="patrol-kpi-visited" value={kpis.visitedShare ?? ''} shown={formatShare(kpis.visitedShare)} label={t('kpi.visited')} />
      <Kpi testId="patrol-kpi-on-duty" value={kpis.onDuty} shown={`${kpis.onDuty} / ${kpis.stale}`} label={t('kpi.onDuty')} />
      <Kpi testId="patrol-kpi-outside" value={kpis.outside} shown={String(kpis.outside)} label={t('kpi.outside')} tone={kpis.outside > 0 ? 'is-warn' : ''} />
      <Kpi testId="patrol-kpi-missing" value={kpis.missingReports} shown={String(kpis.missingReports)} label={t('kpi.missing')} tone={kpis.missingReports > 0 ? 'is-bad' : ''} />
    </div>
  );
}
