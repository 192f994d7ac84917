/**
 * The patrol tab (巡查): coverage for a period (computed in a Web Worker by patrol/coverage-runner,
 * shown with its progress), the map's patrol layers, KPI tiles, who is outside their own grid,
 * the daily reports (零上报), the coverage ranking and trend, every field worker's figures, and one
 * worker's details with follow, track and stops. Rows come from panels/patrol/patrol-view-model.ts.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { GridCode, GridLevel, StaffId } from '@core/model';
import { trackStops } from '@core/patrol/stops';
import { fixesBetween } from '@core/patrol/tracks';
import { coverageWindow, COVERAGE_PERIODS, isPatrolSettingValid, PATROL_LAYERS, PATROL_SETTING_BOUNDS, type CoveragePeriod, type PatrolSettings } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { HBarChart } from '../charts/HBarChart';
import {
  chinaClock,
  dailyReportRows,
  formatDuration,
  formatKm,
  formatShare,
  fromChinaLocalInput,
  rankingRows,
  toChinaLocalInput,
  workerPositions,
  workerRows,
  type WorkerSort,
} from './patrol/patrol-view-model';

const RANKING_SHOWN = 12;
const TREND_COLORS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9'];
const SETTING_KEYS: readonly (keyof PatrolSettings)[] = ['radiusM', 'visitRadiusM', 'visitMinStayMin', 'unvisitedDays', 'reportCutoffHour'];

/** A datetime-local input in China time (the centre's clock whatever the machine's zone), giving ISO +08:00. */
function ChinaTimeInput({ label, value, testId, onChange }: { label: string; value: string | null; testId: string; onChange: (iso: string) => void }) {
  return (
    <label className="patrol-inline">
      {label}
      <input
        type="datetime-local"
        className="input"
        data-testid={testId}
        value={value ? toChinaLocalInput(Date.parse(value)) : ''}
        onChange={(e) => {
          const iso = fromChinaLocalInput(e.target.value);
          if (iso) onChange(iso);
        }}
      />
    </label>
  );
}

/** One KPI tile. */
function Kpi({ testId, value, shown, label, tone = '' }: { testId: string; value: number | string; shown: string; label: string; tone?: '' | 'is-warn' | 'is-bad' }) {
  return (
    <div className={`dash-kpi ${tone}`} data-testid={testId} data-value={value}>
      <span className="dash-kpi__value tabular">{shown}</span>
      <span className="dash-kpi__label">{label}</span>
    </div>
  );
}

export function PatrolPanel() {
  const { t } = useTranslation('patrol');
  const tApp = useTranslation('app').t;
  const dispatch = useDispatch();
  const view = useAppState((s) => s.patrolView);
  const patrol = useAppState((s) => s.patrol);
  const district = useAppState((s) => s.district);
  const hierarchy = useAppState((s) => s.hierarchy);
  const staffById = useAppState((s) => s.staffById);
  const now = useAppState((s) => s.incidents.now);
  const selected = useAppState((s) => s.selected);
  const [sort, setSort] = useState<WorkerSort>('distance');
  const [draft, setDraft] = useState<Partial<Record<keyof PatrolSettings, string>>>({});
  const nowMs = Date.parse(now);
  const report = view.report;
  const nameOf = (code: GridCode | null): string => (code ? (hierarchy?.get(code)?.name ?? code) : '—');

  const positions = useMemo(
    () => (staffById && hierarchy && Number.isFinite(nowMs) ? workerPositions(patrol, nowMs, staffById, hierarchy) : []),
    [patrol, nowMs, staffById, hierarchy],
  );
  const outside = positions.filter((p) => p.outsideOwnGrid && !p.stale);
  const fresh = positions.filter((p) => !p.stale).length;
  const reports = useMemo(
    () => (district && Number.isFinite(nowMs) ? dailyReportRows(district, patrol.reports, nowMs, view.settings.reportCutoffHour) : []),
    [district, patrol.reports, nowMs, view.settings.reportCutoffHour],
  );
  const missing = reports.filter((r) => r.missing);
  const pending = reports.filter((r) => r.pending);
  const reported = reports.filter((r) => r.report !== null);
  const [rankLevel, setRankLevel] = useState<GridLevel>(3);
  const ranking = useMemo(() => (report && district ? rankingRows(report, district, rankLevel) : []), [report, district, rankLevel]);
  const workers = useMemo(() => (report && staffById ? workerRows(report, staffById, positions, sort) : []), [report, staffById, positions, sort]);
  const top = report?.units.find((u) => u.level === 1) ?? null;

  // Trend: the selected unit (levels 1–3) or the district and its three lowest grids.
  const trendCodes = useMemo(() => {
    if (!report || !district) return [];
    const root = district.grids.find((g) => g.level === 1)?.code;
    const pick = selected && hierarchy && (hierarchy.get(selected)?.level ?? 4) <= 3 ? [selected] : [];
    const lowest = rankingRows(report, district, 3).slice(0, 3).map((u) => u.code);
    return [...new Set([...(root ? [root] : []), ...pick, ...(pick.length > 0 ? [] : lowest)])].slice(0, 4);
  }, [report, district, selected, hierarchy]);
  const trendData = useMemo(
    () => (report ? report.trend.dates.map((date, i) => ({ date: date.slice(5), ...Object.fromEntries(trendCodes.map((c) => [c, Math.round((report.trend.byUnit[c]?.[i] ?? 0) * 100)])) })) : []),
    [report, trendCodes],
  );

  const selectedWorker = view.selectedWorker;
  const worker = selectedWorker ? staffById?.get(selectedWorker as StaffId) : undefined;
  const workerFix = selectedWorker ? patrol.latest.get(selectedWorker) : undefined;
  const activity = report?.workers.find((w) => w.workerId === selectedWorker);
  const window = Number.isFinite(nowMs) ? coverageWindow(view, nowMs) : null;
  const track = view.track;
  const stops = useMemo(() => {
    if (!track) return [];
    return trackStops(fixesBetween(patrol.tracks, track.workerId, Date.parse(track.from), Date.parse(track.to)));
  }, [track, patrol.tracks]);

  const setPeriod = (period: CoveragePeriod): void => {
    if (period !== 'custom' || !window) return dispatch({ type: 'patrolPeriodChanged', period });
    dispatch({ type: 'patrolPeriodChanged', period, from: view.customFrom ?? new Date(window.from).toISOString(), to: view.customTo ?? new Date(window.to).toISOString() });
  };
  const commitSetting = (key: keyof PatrolSettings, text: string): void => {
    const value = Number(text);
    if (text.trim() !== '' && isPatrolSettingValid(key, value)) {
      dispatch({ type: 'patrolSettingsChanged', settings: { [key]: value } });
      setDraft((d) => ({ ...d, [key]: undefined }));
    }
  };
  const showTrack = (workerId: string): void => {
    if (!window) return;
    dispatch({ type: 'patrolWorkerSelected', workerId });
    dispatch({ type: 'workerTrackShown', track: { workerId, from: new Date(window.from).toISOString(), to: new Date(Math.max(window.to, nowMs)).toISOString() } });
    dispatch({ type: 'patrolLayerToggled', layer: 'tracks', on: true });
  };
  const follow = (workerId: string | null): void => dispatch({ type: 'workerFollowed', workerId });
  const selectGrid = (code: GridCode): void => dispatch({ type: 'gridSelected', code, fly: true });

  return (
    <section className="panel patrol" data-testid="patrol-panel" aria-label={t('regionLabel')}>
      <div className="panel__scroll dashboard__scroll">
        <div className="patrol-period" role="group" aria-label={t('period.label')}>
          <select className="select" data-testid="patrol-period" aria-label={t('period.label')} value={view.period} onChange={(e) => setPeriod(e.target.value as CoveragePeriod)}>
            {COVERAGE_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`period.${p}`)}
              </option>
            ))}
          </select>
          {view.period === 'custom' && (
            <>
              <ChinaTimeInput label={t('period.from')} testId="patrol-custom-from" value={view.customFrom} onChange={(from) => dispatch({ type: 'patrolPeriodChanged', period: 'custom', from })} />
              <ChinaTimeInput label={t('period.to')} testId="patrol-custom-to" value={view.customTo} onChange={(to) => dispatch({ type: 'patrolPeriodChanged', period: 'custom', to })} />
            </>
          )}
        </div>

        <div className="patrol-run" data-testid="patrol-run" data-status={view.run.status}>
          {view.run.status === 'running' && (
            <>
              <progress max={1} value={view.run.fraction} aria-label={t('run.progressLabel')} data-testid="patrol-progress" />
              <span className="muted">{t('run.computing')}</span>
            </>
          )}
          {view.run.status === 'failed' && <span className="patrol-error">{t('run.failed', { message: view.run.error ?? '' })}</span>}
          {view.run.status !== 'running' && report && (
            <span className="muted">{t('run.done', { time: chinaClock(report.nowMs), ms: Math.round(report.elapsedMs), fixes: report.fixesInWindow.toLocaleString() })}</span>
          )}
          {view.run.status === 'idle' && !report && <span className="muted">{t('run.idle')}</span>}
        </div>

        <div className="dash-kpis patrol-kpis">
          <Kpi testId="patrol-kpi-coverage" value={top?.coveredShare ?? ''} shown={formatShare(top?.coveredShare ?? null)} label={t('kpi.coverage')} />
          <Kpi testId="patrol-kpi-visited" value={top?.visitedShare ?? ''} shown={formatShare(top?.visitedShare ?? null)} label={t('kpi.visited')} />
          <Kpi testId="patrol-kpi-on-duty" value={fresh} shown={`${fresh} / ${positions.length - fresh}`} label={t('kpi.onDuty')} />
          <Kpi testId="patrol-kpi-outside" value={outside.length} shown={String(outside.length)} label={t('kpi.outside')} tone={outside.length > 0 ? 'is-warn' : ''} />
          <Kpi testId="patrol-kpi-missing" value={missing.length} shown={String(missing.length)} label={t('kpi.missing')} tone={missing.length > 0 ? 'is-bad' : ''} />
        </div>

        <section className="panel__section dash-section" aria-labelledby="patrol-layers-title">
          <h3 id="patrol-layers-title" className="panel__title">
            {t('layers.title')}
          </h3>
          <div className="patrol-layers">
            {PATROL_LAYERS.map((layer) => (
              <label key={layer} className="patrol-check">
                <input type="checkbox" data-testid={`patrol-layer-${layer}`} checked={view.layers[layer]} onChange={(e) => dispatch({ type: 'patrolLayerToggled', layer, on: e.target.checked })} />
                {t(`layers.${layer}`)}
              </label>
            ))}
            <label className="patrol-inline">
              {t('layers.level')}
              <select className="select" data-testid="patrol-coverage-level" value={view.coverageLevel} onChange={(e) => dispatch({ type: 'coverageLevelChanged', level: Number(e.target.value) as GridLevel })}>
                <option value={3}>{t('layers.level3')}</option>
                <option value={4}>{t('layers.level4')}</option>
              </select>
            </label>
          </div>
          <details className="patrol-settings" data-testid="patrol-settings">
            <summary>{t('settings.title')}</summary>
            {SETTING_KEYS.map((key) => {
              const text = draft[key] ?? String(view.settings[key]);
              const [min, max] = PATROL_SETTING_BOUNDS[key];
              const valid = text.trim() !== '' && isPatrolSettingValid(key, Number(text));
              return (
                <label key={key} className="patrol-setting">
                  <span>{t(`settings.${key}`)}</span>
                  <input
                    type="number"
                    className="input"
                    data-testid={`patrol-setting-${key}`}
                    aria-invalid={!valid}
                    value={text}
                    onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
                    onBlur={(e) => commitSetting(key, e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') commitSetting(key, e.currentTarget.value);
                    }}
                  />
                  {!valid && (
                    <span className="patrol-error" data-testid={`patrol-setting-${key}-error`}>
                      {t('settings.range', { min, max })}
                    </span>
                  )}
                </label>
              );
            })}
          </details>
        </section>

        <section className="panel__section dash-section" aria-labelledby="patrol-outside-title">
          <h3 id="patrol-outside-title" className="panel__title">
            {t('outside.title')}
          </h3>
          {outside.length === 0 ? (
            <p className="muted">{t('outside.none')}</p>
          ) : (
            <ul className="patrol-list" data-testid="patrol-outside-list" data-count={outside.length}>
              {outside.map((p) => {
                const person = staffById?.get(p.workerId as StaffId);
                return (
                  <li key={p.workerId} className="patrol-list__row" data-worker={p.workerId}>
                    <span className="patrol-list__main">
                      <strong>{person?.name ?? p.workerId}</strong> <span className="muted">{person ? tApp(`role.${person.role}`) : ''}</span>
                      <br />
                      <span className="muted">
                        {t('outside.own', { grid: nameOf(person?.gridCode ?? null) })} · {p.fix.unit ? t('outside.now', { unit: nameOf(p.fix.unit) }) : t('outside.nowhere')} ·{' '}
                        {t('outside.ago', { min: Math.max(0, Math.round((nowMs - p.fix.t) / 60_000)) })}
                      </span>
                    </span>
                    <button type="button" className="btn btn--small" onClick={() => follow(p.workerId)}>
                      {t('detail.follow')}
                    </button>
                    <button type="button" className="btn btn--small" onClick={() => showTrack(p.workerId)}>
                      {t('detail.showTrack')}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section className="panel__section dash-section" aria-labelledby="patrol-reports-title">
          <h3 id="patrol-reports-title" className="panel__title">
            {t('reports.title')}
          </h3>
          <p className="muted" data-testid="patrol-reports-summary">
            {t('reports.summary', {
              reported: reported.length,
              nothing: reported.filter((r) => r.report?.nothingToReport).length,
              matters: reported.filter((r) => r.report && !r.report.nothingToReport).length,
              missing: missing.length,
              pending: pending.length,
            })}
          </p>
          {missing.length + pending.length === 0 ? (
            <p className="muted">{t('reports.allIn')}</p>
          ) : (
            <ul className="patrol-list" data-testid="patrol-missing-reports" data-missing={missing.length} data-pending={pending.length}>
              {[...missing, ...pending].map((r) => {
                const chief = hierarchy?.get(r.gridCode)?.chiefId;
                return (
                  <li key={r.gridCode} className={`patrol-list__row ${r.missing ? 'is-bad' : 'is-muted'}`}>
                    <button type="button" className="patrol-link" data-code={r.gridCode} onClick={() => selectGrid(r.gridCode)}>
                      {nameOf(r.gridCode)}
                    </button>
                    <span className="muted">{chief ? t('reports.chief', { name: staffById?.get(chief)?.name ?? chief }) : ''}</span>
                    <span className={r.missing ? 'patrol-badge is-bad' : 'patrol-badge'}>{r.missing ? t('reports.missing') : t('reports.pending', { hour: view.settings.reportCutoffHour })}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section className="panel__section dash-section" aria-labelledby="patrol-ranking-title">
          <h3 id="patrol-ranking-title" className="panel__title dash-title-row">
            <span>{t('ranking.title')}</span>
            <select className="select dash-select" data-testid="patrol-ranking-level" aria-label={t('layers.level')} value={rankLevel} onChange={(e) => setRankLevel(Number(e.target.value) as GridLevel)}>
              <option value={3}>{t('layers.level3')}</option>
              <option value={4}>{t('layers.level4')}</option>
            </select>
          </h3>
          {ranking.length === 0 ? (
            <p className="muted">{t('ranking.none')}</p>
          ) : (
            <HBarChart
              testId="patrol-ranking"
              barTestId="patrol-ranking-bar"
              ariaLabel={t('ranking.label')}
              labelWidth={132}
              maxLabelChars={9}
              data={ranking.slice(0, RANKING_SHOWN).map((u) => ({
                key: u.code,
                label: nameOf(u.code),
                value: Math.round(u.coveredShare * 100),
                color: u.coveredShare < 0.2 ? '#c92a2a' : u.coveredShare < 0.5 ? '#e67700' : '#2f9e44',
                title: t('ranking.bar', { name: nameOf(u.code), share: formatShare(u.coveredShare) }),
              }))}
              onPick={(code) => selectGrid(code as GridCode)}
            />
          )}
        </section>

        {report && report.trend.dates.length > 0 && (
          <section className="panel__section dash-section" aria-labelledby="patrol-trend-title">
            <h3 id="patrol-trend-title" className="panel__title">
              {t('trend.title')}
            </h3>
            <figure className="dash-chart" data-testid="patrol-trend" data-series={trendCodes.join(',')}>
              <LineChart responsive width="100%" height={180} data={trendData} margin={{ top: 6, right: 12, bottom: 0, left: -18 }}>
                <CartesianGrid stroke="#e9ecef" vertical={false} />
                <XAxis dataKey="date" tick={{ fontSize: 11 }} />
                <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
                <Tooltip formatter={(v) => `${String(v)}%`} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {trendCodes.map((code, i) => (
                  <Line key={code} type="monotone" dataKey={code} name={hierarchy?.get(code)?.level === 1 ? t('trend.district') : nameOf(code)} stroke={TREND_COLORS[i % TREND_COLORS.length]} dot={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </figure>
          </section>
        )}

        <section className="panel__section dash-section" aria-labelledby="patrol-workers-title">
          <h3 id="patrol-workers-title" className="panel__title dash-title-row">
            <span>{t('workers.title')}</span>
            <select className="select dash-select" data-testid="patrol-workers-sort" aria-label={t('workers.sort')} value={sort} onChange={(e) => setSort(e.target.value as WorkerSort)}>
              <option value="distance">{t('workers.sortDistance')}</option>
              <option value="outside">{t('workers.sortOutside')}</option>
              <option value="visits">{t('workers.sortVisits')}</option>
              <option value="name">{t('workers.sortName')}</option>
            </select>
          </h3>
          {workers.length === 0 ? (
            <p className="muted">{t('workers.none')}</p>
          ) : (
            <div className="patrol-table-wrap">
              <table className="patrol-table" data-testid="patrol-workers" data-rows={workers.length}>
                <thead>
                  <tr>
                    <th scope="col">{t('workers.name')}</th>
                    <th scope="col">{t('workers.km')}</th>
                    <th scope="col">{t('workers.inside')}</th>
                    <th scope="col">{t('workers.outsideTime')}</th>
                    <th scope="col">{t('workers.visits')}</th>
                  </tr>
                </thead>
                <tbody>
                  {workers.map(({ activity: a, staff, position }) => {
                    const state = !position || position.stale ? 'stale' : position.outsideOwnGrid ? 'outside' : 'fresh';
                    return (
                      <tr
                        key={a.workerId}
                        className={a.workerId === selectedWorker ? 'is-selected' : ''}
                        data-worker={a.workerId}
                        tabIndex={0}
                        onClick={() => dispatch({ type: 'patrolWorkerSelected', workerId: a.workerId })}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') dispatch({ type: 'patrolWorkerSelected', workerId: a.workerId });
                        }}
                      >
                        <td className="patrol-table__name">
                          <span className={`patrol-dot is-${state}`} title={t(state === 'fresh' ? 'workers.fresh' : state === 'stale' ? 'workers.stale' : 'workers.outsideNow')} />
                          {staff?.name ?? a.workerId}
                        </td>
                        <td className="tabular">{formatKm(a.distanceM)}</td>
                        <td className="tabular">{formatDuration(a.insideOwnGridMs)}</td>
                        <td className="tabular">{formatDuration(a.outsideOwnGridMs)}</td>
                        <td className="tabular">{a.visits}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {worker && (
            <div className="patrol-detail" data-testid="patrol-worker-detail" data-worker={worker.id}>
              <h4 className="panel__title">
                {worker.name} <span className="muted">{tApp(`role.${worker.role}`)}</span>
              </h4>
              <p className="muted">
                {t('detail.ownGrid')}: {nameOf(worker.gridCode)} · {t('detail.phone')}: {worker.phone}
              </p>
              <p className="muted" data-testid="patrol-worker-fix">
                {workerFix
                  ? `${t('detail.lastFix')} ${chinaClock(workerFix.t)} · ${nameOf(workerFix.unit)}${workerFix.speed !== undefined ? ` · ${t('detail.speed', { v: workerFix.speed.toFixed(1) })}` : ''}${workerFix.heading !== undefined ? ` · ${t('detail.heading', { v: Math.round(workerFix.heading) })}` : ''}${workerFix.accuracyM !== undefined ? ` · ${t('detail.accuracy', { v: workerFix.accuracyM })}` : ''}`
                  : t('detail.noFix')}
              </p>
              {activity && (
                <p className="muted">
                  {formatKm(activity.distanceM)} km · {t('detail.buildingsVisited', { n: activity.buildingsVisited, visits: activity.visits })} · {t('detail.untracked', { t: formatDuration(activity.untrackedMs) })}
                </p>
              )}
              <div className="patrol-detail__actions">
                <button type="button" className="btn btn--small" data-testid="patrol-follow" aria-pressed={view.followed === worker.id} onClick={() => follow(view.followed === worker.id ? null : worker.id)}>
                  {view.followed === worker.id ? t('detail.unfollow') : t('detail.follow')}
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  data-testid="patrol-track"
                  aria-pressed={track?.workerId === worker.id}
                  onClick={() => (track?.workerId === worker.id ? dispatch({ type: 'workerTrackShown', track: null }) : showTrack(worker.id))}
                >
                  {track?.workerId === worker.id ? t('detail.hideTrack') : t('detail.showTrack')}
                </button>
              </div>
              {track?.workerId === worker.id && (
                <div className="patrol-track">
                  <div className="patrol-period">
                    <ChinaTimeInput label={t('detail.from')} testId="patrol-track-from" value={track.from} onChange={(from) => dispatch({ type: 'workerTrackShown', track: { ...track, from } })} />
                    <ChinaTimeInput label={t('detail.to')} testId="patrol-track-to" value={track.to} onChange={(to) => dispatch({ type: 'workerTrackShown', track: { ...track, to } })} />
                  </div>
                  <h4 className="panel__title">{t('detail.stops')}</h4>
                  {stops.length === 0 ? (
                    <p className="muted">{t('detail.noStops')}</p>
                  ) : (
                    <ol className="patrol-stops" data-testid="patrol-stops" data-count={stops.length}>
                      {stops.map((s) => (
                        <li key={s.startT}>{t('detail.stop', { from: chinaClock(s.startT), to: chinaClock(s.endT), min: Math.round((s.endT - s.startT) / 60_000) })}</li>
                      ))}
                    </ol>
                  )}
                </div>
              )}
            </div>
          )}
        </section>

        <section className="panel__section dash-section" aria-labelledby="patrol-rejected-title">
          <h3 id="patrol-rejected-title" className="panel__title">
            {t('rejected.title')}
          </h3>
          {Object.values(patrol.rejectCounts).every((n) => n === 0) ? (
            <p className="muted">{t('rejected.none')}</p>
          ) : (
            <ul className="patrol-list" data-testid="patrol-rejected">
              {Object.entries(patrol.rejectCounts)
                .filter(([, n]) => n > 0)
                .map(([code, n]) => (
                  <li key={code} className="patrol-list__row" data-code={code} data-count={n}>
                    <span className="patrol-list__main">{t(`rejected.code.${code}`, { defaultValue: code })}</span>
                    <span className="tabular">{n}</span>
                  </li>
                ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}
