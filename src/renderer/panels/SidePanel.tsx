/**
 * The right-hand column: the allocation wizard while it is open; else four tabs: grids (the
 * selected grid, or the district overview when nothing is selected), the incident list, the
 * incident dashboard, and patrol coverage.
 */
import { useTranslation } from 'react-i18next';
import { useAppState } from '../app/app-context';
import { incidentCounts } from '@core/state';
import { useMemo } from 'react';
import { useDispatch } from '../app/app-context';
import { AllocationPanel } from './AllocationPanel';
import { DashboardPanel } from './DashboardPanel';
import { PatrolPanel } from './PatrolPanel';
import { IncidentsPanel } from './IncidentsPanel';
import { DistrictOverview } from './DistrictOverview';
import { SelectionPanel } from './SelectionPanel';

export function SidePanel() {
  const { t } = useTranslation('app');
  const tDashboard = useTranslation('dashboard').t;
  const tPatrol = useTranslation('patrol').t;
  const selected = useAppState((s) => s.selected);
  const phase = useAppState((s) => s.phase);
  const allocating = useAppState((s) => s.allocation.open);
  const tab = useAppState((s) => s.sideTab);
  const incidents = useAppState((s) => s.incidents);
  const counts = useMemo(() => incidentCounts(incidents), [incidents]);
  const dispatch = useDispatch();
  if (phase !== 'ready') return <aside className="side" aria-label={t('panel.regionLabel')} />;
  if (allocating) {
    return (
      <aside className="side" aria-label={t('panel.regionLabel')}>
        <AllocationPanel />
      </aside>
    );
  }
  return (
    <aside className="side" aria-label={t('panel.regionLabel')}>
      <div className="side-tabs" role="tablist" aria-label={t('panel.tabsLabel')}>
        <button type="button" role="tab" aria-selected={tab === 'grids'} className={tab === 'grids' ? 'is-on' : ''} data-testid="side-tab-grids" onClick={() => dispatch({ type: 'sideTabChanged', tab: 'grids' })}>
          {t('panel.tabGrids')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'incidents'} className={tab === 'incidents' ? 'is-on' : ''} data-testid="side-tab-incidents" onClick={() => dispatch({ type: 'sideTabChanged', tab: 'incidents' })}>
          {t('panel.tabIncidents')}
          <span className={`side-tabs__count ${counts.overdue > 0 ? 'is-bad' : ''}`} data-testid="side-tab-incidents-count">
            {counts.open}
          </span>
        </button>
        <button type="button" role="tab" aria-selected={tab === 'dashboard'} className={tab === 'dashboard' ? 'is-on' : ''} data-testid="side-tab-dashboard" onClick={() => dispatch({ type: 'sideTabChanged', tab: 'dashboard' })}>
          {tDashboard('tab')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'patrol'} className={tab === 'patrol' ? 'is-on' : ''} data-testid="side-tab-patrol" onClick={() => dispatch({ type: 'sideTabChanged', tab: 'patrol' })}>
          {tPatrol('tab')}
        </button>
      </div>
      {tab === 'incidents' ? <IncidentsPanel /> : tab === 'dashboard' ? <DashboardPanel /> : tab === 'patrol' ? <PatrolPanel /> : selected ? <SelectionPanel /> : <DistrictOverview />}
    </aside>
  );
}
