/**
 * The patrol tab (巡查): the coverage period and its computation (in a Web Worker, by
 * patrol/coverage-runner, shown with its progress), the map's patrol layers and settings, KPI
 * tiles, who is outside their own grid, the daily reports (零上报), the grid coverage ranking and
 * 7-day trend, every field worker's figures with one worker's details, and the refused patrol
 * messages. Rows come from panels/patrol/patrol-view-model.ts (pure, tested); the parts in
 * panels/patrol/ only lay them out.
 */
import { chinaIso } from '@core/china-time';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCode, GridLevel, StaffId } from '@core/model';
import { coverageWindow } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { CoverageTrendChart } from '../charts/CoverageTrendChart';
import { DailyReports } from './patrol/DailyReports';
import { GridRanking } from './patrol/GridRanking';
import { OutsideList } from './patrol/OutsideList';
import { PatrolHeader } from './patrol/PatrolHeader';
import { PatrolKpis } from './patrol/PatrolKpis';
import { RejectedList } from './patrol/RejectedList';
import { WorkerDetail } from './patrol/WorkerDetail';
import { WorkersTable } from './patrol/WorkersTable';
import {
  dailyReportRows,
  outsideRows,
  patrolKpis,
  rankingTable,
  recentRejections,
  rejectionCounts,
  reportSummary,
  trendView,
  workerPositions,
  workerRows,
  type RankingSortKey,
  type SortSpec,
  type WorkerSortKey,
} from './patrol/patrol-view-model';


export function PatrolPanel() {
  const { t } = useTranslation('patrol');
  const dispatch = useDispatch();
  const view = useAppState((s) => s.patrolView);
  const patrol = useAppState((s) => s.patrol);
  const district = useAppState((s) => s.district);
  const hierarchy = useAppState((s) => s.hierarchy);
  const staffById = useAppState((s) => s.staffById);
  const now = useAppState((s) => s.incidents.now);
  const selected = useAppState((s) => s.selected);
  const [rankLevel, setRankLevel] = useState<GridLevel>(3);
  const [rankSort, setRankSort] = useState<SortSpec<RankingSortKey>>({ key: 'coverage', dir: 'asc' });
  const [workerSort, setWorkerSort] = useState<SortSpec<WorkerSortKey>>({ key: 'distance', dir: 'desc' });
  const nowMs = Date.parse(now);
  const report = view.report;

  const nameOf = useCallback((code: GridCode | null): string => (code ? (hierarchy?.get(code)?.name ?? code) : '—'), [hierarchy]);
  const staffName = useCallback((id: string): string => staffById?.get(id as StaffId)?.name ?? id, [staffById]);

  const positions = useMemo(
    () => (staffById && hierarchy && Number.isFinite(nowMs) ? workerPositions(patrol, nowMs, staffById, hierarchy) : []),
    [patrol, nowMs, staffById, hierarchy],
  );
  const outside = useMemo(
    () => (staffById && hierarchy && Number.isFinite(nowMs) ? outsideRows(patrol, nowMs, staffById, hierarchy) : []),
    [patrol, nowMs, staffById, hierarchy],
  );
  const reports = useMemo(
    () => (district && Number.isFinite(nowMs) ? dailyReportRows(district, patrol.reports, nowMs, view.settings.reportCutoffHour) : []),
    [district, patrol.reports, nowMs, view.settings.reportCutoffHour],
  );
  const summary = useMemo(() => reportSummary(reports), [reports]);
  const kpis = useMemo(() => patrolKpis(report, positions, reports), [report, positions, reports]);
  const ranking = useMemo(() => (report && district ? rankingTable(report, district, rankLevel, rankSort, nameOf) : []), [report, district, rankLevel, rankSort, nameOf]);
  const trend = useMemo(() => (report && district && hierarchy ? trendView(report, district, hierarchy, selected) : null), [report, district, hierarchy, selected]);
  const workers = useMemo(() => (district ? workerRows(district.staff, report, positions, workerSort) : []), [district, report, positions, workerSort]);
  const rejectCounts = useMemo(() => rejectionCounts(patrol.rejectCounts), [patrol.rejectCounts]);
  const recent = useMemo(() => recentRejections(patrol.rejected), [patrol.rejected]);

  const window = Number.isFinite(nowMs) ? coverageWindow(view, nowMs) : null;
  const selectedWorker = view.selectedWorker ? staffById?.get(view.selectedWorker as StaffId) : undefined;
  const selectedActivity = report?.workers.find((w) => w.workerId === view.selectedWorker) ?? null;

  const showTrack = useCallback(
    (workerId: string): void => {
      if (!window) return;
      dispatch({ type: 'patrolWorkerSelected', workerId });
      dispatch({ type: 'workerTrackShown', track: { workerId, from: chinaIso(window.from), to: chinaIso(Math.max(window.to, nowMs)) } });
      dispatch({ type: 'patrolLayerToggled', layer: 'tracks', on: true });
    },
    // The window's bounds, not its identity (a new object on every render).
    [dispatch, window?.from, window?.to, nowMs],
  );
  const follow = useCallback((workerId: string | null): void => dispatch({ type: 'workerFollowed', workerId }), [dispatch]);
  const selectGrid = useCallback((code: GridCode): void => dispatch({ type: 'gridSelected', code, fly: true }), [dispatch]);
  const selectWorker = useCallback((workerId: string): void => dispatch({ type: 'patrolWorkerSelected', workerId }), [dispatch]);
  const chiefOf = useCallback(
    (code: GridCode): string | null => {
      const chief = hierarchy?.get(code)?.chiefId;
      return chief ? staffName(chief) : null;
    },
    [hierarchy, staffName],
  );

  return (
    <section className="panel patrol" data-testid="patrol-panel" aria-label={t('regionLabel')}>
      <div className="panel__scroll dashboard__scroll">
        <PatrolHeader view={view} report={report} window={window} />
        <PatrolKpis kpis={kpis} />

        <OutsideList rows={outside} nameOf={nameOf} followed={view.followed} onFollow={follow} onTrack={showTrack} />

        <DailyReports rows={reports} summary={summary} cutoffHour={view.settings.reportCutoffHour} nameOf={nameOf} chiefOf={chiefOf} onSelect={selectGrid} />

        <GridRanking
          rows={ranking}
          level={rankLevel}
          onLevel={setRankLevel}
          sort={rankSort}
          onSort={setRankSort}
          unvisitedDays={report?.unvisitedDays ?? view.settings.unvisitedDays}
          selected={selected}
          onSelect={selectGrid}
        />

        <section className="panel__section dash-section" aria-labelledby="patrol-trend-title">
          <h3 id="patrol-trend-title" className="panel__title">
            {t('trend.title')}
          </h3>
          {trend && trend.points.length > 0 && trend.codes.length > 0 ? (
            <CoverageTrendChart trend={trend} nameOf={(code) => (hierarchy?.get(code as GridCode)?.level === 1 ? t('trend.district') : nameOf(code as GridCode))} />
          ) : (
            <p className="muted">{t('trend.none')}</p>
          )}
        </section>

        <section className="panel__section dash-section" aria-labelledby="patrol-workers-title">
          <h3 id="patrol-workers-title" className="panel__title dash-title-row">
            <span>{t('workers.title')}</span>
            <span className="dash-title-row__aside muted">{t('workers.count', { n: workers.length })}</span>
          </h3>
          {workers.length === 0 ? (
            <p className="muted">{t('workers.none')}</p>
          ) : (
            <>
              {!report && <p className="muted patrol-note">{t('workers.noFigures')}</p>}
              <WorkersTable rows={workers} sort={workerSort} onSort={setWorkerSort} selected={view.selectedWorker} onSelect={selectWorker} />
            </>
          )}
          {selectedWorker && <WorkerDetail worker={selectedWorker} activity={selectedActivity} window={window} nameOf={nameOf} onTrack={showTrack} />}
        </section>

        <RejectedList counts={rejectCounts} recent={recent} workerName={staffName} />
      </div>
    </section>
  );
}
