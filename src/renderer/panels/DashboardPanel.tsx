/**
 * The incident dashboard in the side column: KPI tiles, open cases by status and by major class,
 * the units with the most open cases, reports and closures per hour, and the performance
 * indicators per period and per unit or department. Every figure drills down: a click sets the
 * list's filter to exactly the cases behind it and switches to the incidents tab.
 *
 * The figures are pure aggregations (core/incidents/dashboard.ts) memoised on the incidents'
 * revision and clock, so the 1 Hz demo feed recomputes only what changed. The indicator table,
 * the costliest (a month of cases through computeIndicators), follows the live state at most
 * every few seconds: period figures need no second-by-second update.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_MAJORS, department, type IndicatorRow } from '@core/incidents';
import {
  DASHBOARD_PERIODS,
  dashboardPeriod,
  incidentsPerHour,
  indicatorTable,
  openByClass,
  openByStatus,
  topGrids,
  type DashboardPeriodName,
  type GridRollup,
  type HourBucket,
  type IndicatorBreakdown,
} from '@core/incidents/dashboard';
import type { GridCode, GridLevel } from '@core/model';
import { incidentCounts, type IncidentFilter, type Language } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { formatCount } from '../app/format';
import { HBarChart, type HBarDatum } from '../charts/HBarChart';
import { HourChart } from '../charts/HourChart';
import { drillToGrid, drillToHour, drillToIndicatorRow, drillToMajor, drillToStatus, drillFilter } from '../charts/dashboard-drill';

/** Bar colours per open status: the list's status dots. */
const STATUS_COLORS: Record<string, string> = {
  collected: '#d9480f',
  registered: '#e67700',
  dispatched: '#1971c2',
  handling: '#5f3dc4',
  handled: '#0c8599',
};
const KIND_COLORS = { component: '#4f86bb', event: '#b8602f' } as const;

/** Units listed in "top grids". */
const TOP_GRIDS = 8;
/** Rows of the indicator table shown; the rest are counted under it. */
const TABLE_ROWS = 30;
/** The indicator table follows live changes at most this often. */
const INDICATORS_EVERY_MS = 5000;

type TableBreakdown = 'all' | 'community' | 'grid' | 'microGrid' | 'department';
const TABLE_BREAKDOWNS: readonly TableBreakdown[] = ['all', 'community', 'grid', 'microGrid', 'department'];
const BREAKDOWN: Record<TableBreakdown, IndicatorBreakdown> = {
  all: { by: 'all' },
  community: { by: 'grid', level: 2 },
  grid: { by: 'grid', level: 3 },
  microGrid: { by: 'grid', level: 4 },
  department: { by: 'department' },
};
const TOP_LEVELS: readonly GridLevel[] = [2, 3, 4];

/**
 * `value`, but updated at most every `ms`: the latest value arrives at the end of the wait, so
 * the figure is never more than `ms` behind and never stuck.
 */
function useThrottled<T>(value: T, ms: number): T {
  const [held, setHeld] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    const take = (): void => {
      last.current = Date.now();
      setHeld(value);
    };
    if (wait <= 0) {
      take();
      return undefined;
    }
    const timer = setTimeout(take, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return held;
}

/** The operator's choices on the dashboard. */
interface DashboardChoices {
  topLevel: GridLevel;
  period: DashboardPeriodName;
  tableBy: TableBreakdown;
}

/**
 * The choices outlive the panel: a drill-down switches to the list, which unmounts the
 * dashboard, and coming back should find the same level, period and rows. They are view
 * settings of this window, not app state worth recording or persisting.
 */
const remembered: DashboardChoices = { topLevel: 3, period: 'today', tableBy: 'all' };

function useRemembered<K extends keyof DashboardChoices>(key: K): [DashboardChoices[K], (value: DashboardChoices[K]) => void] {
  const [value, setValue] = useState(remembered[key]);
  const set = (next: DashboardChoices[K]): void => {
    remembered[key] = next;
    setValue(next);
  };
  return [value, set];
}

/** The hierarchy as the aggregations want it; stable while the district is. */
function useRollup(): { rollup: GridRollup; nameOf: (code: GridCode) => string } {
  const hierarchy = useAppState((s) => s.hierarchy);
  return useMemo(
    () => ({
      rollup: {
        parentOf: (code: GridCode) => hierarchy?.get(code)?.parentCode ?? null,
        levelOf: (code: GridCode) => hierarchy?.get(code)?.level ?? null,
      },
      nameOf: (code: GridCode) => hierarchy?.get(code)?.name ?? code,
    }),
    [hierarchy],
  );
}

const percentFormats = new Map<Language, Intl.NumberFormat>();
function percent(rate: number | null, language: Language): string {
  if (rate === null) return '—';
  let f = percentFormats.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en', { style: 'percent', maximumFractionDigits: 1 });
    percentFormats.set(language, f);
  }
  return f.format(rate);
}

const oneDecimal = (v: number | null): string => (v === null ? '—' : v >= 100 ? String(Math.round(v)) : v.toFixed(1));

export function DashboardPanel() {
  const { t } = useTranslation('dashboard');
  const tApp = useTranslation('app').t;
  const dispatch = useDispatch();
  const incidents = useAppState((s) => s.incidents);
  const language = useAppState((s) => s.language);
  const { rollup, nameOf } = useRollup();
  const { revision, now, byId } = incidents;
  const [topLevel, setTopLevel] = useRemembered('topLevel');
  const [periodName, setPeriodName] = useRemembered('period');
  const [tableBy, setTableBy] = useRemembered('tableBy');
  const n = (v: number): string => formatCount(v, language);

  const drill = (filter: IncidentFilter): void => {
    dispatch({ type: 'incidentFilterChanged', filter });
    dispatch({ type: 'sideTabChanged', tab: 'incidents' });
  };

  // byId is replaced exactly when revision moves: the figures key on revision (and on the clock
  // where deadlines or the last 24 hours depend on it), not on the state object, which also
  // changes with the list's filter and selection.
  const counts = useMemo(() => incidentCounts(incidents), [revision, now]);
  const byStatus = useMemo(() => openByStatus(byId.values()), [revision]);
  const byClass = useMemo(() => openByClass(byId.values()), [revision]);
  const top = useMemo(() => topGrids(byId.values(), now, { level: topLevel, rollup, limit: TOP_GRIDS }), [revision, now, topLevel, rollup]);
  const hours = useMemo(() => incidentsPerHour(byId.values(), now), [revision, now]);

  const slow = useThrottled(useMemo(() => ({ byId, now }), [byId, now]), INDICATORS_EVERY_MS);
  const today = useMemo(() => indicatorTable(slow.byId.values(), dashboardPeriod('today', slow.now), { by: 'all' }, rollup), [slow, rollup]);
  const table = useMemo(
    () => (periodName === 'today' && tableBy === 'all' ? today : indicatorTable(slow.byId.values(), dashboardPeriod(periodName, slow.now), BREAKDOWN[tableBy], rollup)),
    [slow, periodName, tableBy, rollup, today],
  );

  const statusBars: HBarDatum[] = byStatus.map((r) => {
    const label = tApp(`incidents.status.${r.status}`);
    return { key: r.status, label, value: r.count, color: STATUS_COLORS[r.status] ?? '#868e96', title: `${label}：${r.count}` };
  });
  const kindLabel = (kind: 'component' | 'event'): string => t(`byClass.${kind}`);
  const classBars: HBarDatum[] = byClass.majors
    .filter((m) => m.count > 0)
    .map((m) => {
      const major = CASE_MAJORS.find((c) => c.code === m.code);
      const name = (language === 'zh' ? major?.zh : major?.en) ?? m.code;
      // Chinese names a 市容环境 major among both components and events: the kind, short in
      // Chinese, tells them apart. English names differ already and the kind would crowd them out.
      const label = language === 'zh' ? `${kindLabel(m.kind)}·${name}` : name;
      return { key: m.code, label, value: m.count, color: KIND_COLORS[m.kind], title: `${kindLabel(m.kind)} · ${name} (${m.code}): ${m.count}` };
    });

  return (
    <section className="panel dashboard" data-testid="dashboard-panel" aria-label={t('regionLabel')}>
      <div className="panel__scroll dashboard__scroll">
        <div className="dash-kpis">
          <button type="button" className="dash-kpi" data-testid="dashboard-kpi-open" data-value={counts.open} title={t('kpi.openTitle')} onClick={() => drill(drillFilter({}))}>
            <span className="dash-kpi__value tabular">{n(counts.open)}</span>
            <span className="dash-kpi__label">{t('kpi.open')}</span>
          </button>
          <button
            type="button"
            className={`dash-kpi ${counts.overdue > 0 ? 'is-bad' : ''}`}
            data-testid="dashboard-kpi-overdue"
            data-value={counts.overdue}
            title={t('kpi.overdueTitle')}
            onClick={() => drill(drillFilter({ overdueOnly: true }))}
          >
            <span className="dash-kpi__value tabular">{n(counts.overdue)}</span>
            <span className="dash-kpi__label">{t('kpi.overdue')}</span>
          </button>
          <div className={`dash-kpi ${counts.urgent > 0 ? 'is-warn' : ''}`} data-testid="dashboard-kpi-urgent" data-value={counts.urgent}>
            <span className="dash-kpi__value tabular">{n(counts.urgent)}</span>
            <span className="dash-kpi__label">{t('kpi.urgent')}</span>
          </div>
          <div className="dash-kpi" data-testid="dashboard-kpi-ontime" data-value={today.all.onTimeClosureRate ?? ''}>
            <span className="dash-kpi__value tabular">{percent(today.all.onTimeClosureRate, language)}</span>
            <span className="dash-kpi__label">{t('kpi.onTimeToday')}</span>
          </div>
        </div>
        <p className="muted dash-hint">{t('drillHint')}</p>

        <section className="panel__section dash-section" aria-labelledby="dash-status-title">
          <h3 id="dash-status-title" className="panel__title">
            {t('byStatus.title')}
          </h3>
          <HBarChart data={statusBars} onPick={(key) => drill(drillToStatus(key as IncidentFilter['status']))} testId="dashboard-status-chart" barTestId="dashboard-status-bar" ariaLabel={t('byStatus.label')} labelWidth={language === 'zh' ? 64 : 84} />
        </section>

        <section className="panel__section dash-section" aria-labelledby="dash-class-title">
          <h3 id="dash-class-title" className="panel__title dash-title-row">
            <span>{t('byClass.title')}</span>
            <span className="dash-legend dash-title-row__aside">
              {(['component', 'event'] as const).map((kind) => (
                <span key={kind} className="dash-legend__item" data-testid={`dashboard-kind-${kind}`} data-count={byClass.byKind[kind]}>
                  <span className="dash-legend__swatch" style={{ background: KIND_COLORS[kind] }} aria-hidden="true" />
                  {kindLabel(kind)} {n(byClass.byKind[kind])}
                </span>
              ))}
            </span>
          </h3>
          {classBars.length === 0 ? (
            <p className="muted">{t('byClass.none')}</p>
          ) : (
            <HBarChart data={classBars} onPick={(key) => drill(drillToMajor(key))} testId="dashboard-class-chart" barTestId="dashboard-class-bar" ariaLabel={t('byClass.label')} labelWidth={language === 'zh' ? 96 : 150} maxLabelChars={language === 'zh' ? 9 : 20} />
          )}
          {byClass.unclassified > 0 && <p className="muted dash-note">{t('byClass.unclassified', { count: byClass.unclassified })}</p>}
        </section>

        <section className="panel__section dash-section" aria-labelledby="dash-top-title">
          <h3 id="dash-top-title" className="panel__title dash-title-row">
            <span>{t('topGrids.title')}</span>
            <select className="select dash-select" data-testid="dashboard-top-level" aria-label={t('topGrids.level')} value={topLevel} onChange={(e) => setTopLevel(Number(e.target.value) as GridLevel)}>
              {TOP_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {tApp(`levelShort.${level}`)}
                </option>
              ))}
            </select>
          </h3>
          <TopGridList rows={top.rows} nameOf={nameOf} language={language} onPick={(code, overdue) => drill(drillToGrid(code, overdue))} />
          {top.units > top.rows.length && <p className="muted dash-note">{t('topGrids.more', { units: n(top.units), shown: top.rows.length })}</p>}
          {top.outside > 0 && <p className="muted dash-note">{t('topGrids.outside', { count: top.outside })}</p>}
        </section>

        <section className="panel__section dash-section" aria-labelledby="dash-hour-title">
          <h3 id="dash-hour-title" className="panel__title">
            {t('perHour.title')}
          </h3>
          <HourChart hours={hours} onPick={(bucket: HourBucket) => drill(drillToHour(bucket))} />
        </section>

        <section className="panel__section dash-section" aria-labelledby="dash-ind-title">
          <h3 id="dash-ind-title" className="panel__title">
            {t('indicators.title')}
          </h3>
          <div className="dash-controls">
            <div className="dash-seg" role="group" aria-label={t('indicators.period')}>
              {DASHBOARD_PERIODS.map((p) => (
                <button key={p} type="button" className={periodName === p ? 'is-on' : ''} aria-pressed={periodName === p} data-testid={`dashboard-period-${p}`} onClick={() => setPeriodName(p)}>
                  {t(`indicators.periods.${p}`)}
                </button>
              ))}
            </div>
            <select className="select dash-select" data-testid="dashboard-breakdown" aria-label={t('indicators.breakdown')} value={tableBy} onChange={(e) => setTableBy(e.target.value as TableBreakdown)}>
              {TABLE_BREAKDOWNS.map((b) => (
                <option key={b} value={b}>
                  {t(`indicators.by.${b}`)}
                </option>
              ))}
            </select>
          </div>
          <IndicatorTableView
            rows={table.rows}
            breakdown={BREAKDOWN[tableBy]}
            nameOfKey={(key) => {
              const b = BREAKDOWN[tableBy];
              if (b.by === 'all') return t('indicators.allRow');
              if (key === null) return b.by === 'grid' ? t('indicators.noGrid') : t('indicators.noDepartment');
              if (b.by === 'grid') return nameOf(key as GridCode);
              const d = department(key);
              return d ? (language === 'zh' ? d.name : d.nameEn) : key;
            }}
            language={language}
            onPick={(key) => {
              const filter = drillToIndicatorRow(table.period, BREAKDOWN[tableBy], key);
              if (filter) drill(filter);
            }}
          />
          <p className="muted dash-note">{t('indicators.note')}</p>
        </section>
      </div>
    </section>
  );
}

function TopGridList({
  rows,
  nameOf,
  language,
  onPick,
}: {
  rows: readonly { code: GridCode; open: number; overdue: number }[];
  nameOf: (code: GridCode) => string;
  language: Language;
  onPick: (code: GridCode, overdueOnly: boolean) => void;
}) {
  const { t } = useTranslation('dashboard');
  if (rows.length === 0) return <p className="muted">{t('topGrids.none')}</p>;
  const max = Math.max(1, ...rows.map((r) => r.open));
  return (
    <ol className="dash-top" data-testid="dashboard-top-grids">
      {rows.map((r) => {
        const name = nameOf(r.code);
        return (
          <li key={r.code} className="dash-top__row">
            <button type="button" className="dash-top__main" data-testid="dashboard-top-grid" data-code={r.code} data-count={r.open} title={t('topGrids.rowTitle', { name })} onClick={() => onPick(r.code, false)}>
              <span className="dash-top__name">{name}</span>
              <span className="dash-top__bar" aria-hidden="true">
                <span className="dash-top__fill" style={{ width: `${(100 * r.open) / max}%` }} />
              </span>
              <span className="dash-top__open tabular">{formatCount(r.open, language)}</span>
            </button>
            <button
              type="button"
              className={`dash-top__overdue tabular ${r.overdue > 0 ? 'is-bad' : ''}`}
              data-testid="dashboard-top-grid-overdue"
              data-code={r.code}
              data-count={r.overdue}
              disabled={r.overdue === 0}
              title={t('topGrids.overdueTitle', { name })}
              aria-label={`${t('topGrids.overdue')} ${r.overdue}`}
              onClick={() => onPick(r.code, true)}
            >
              {r.overdue > 0 ? `${t('topGrids.overdue')} ${formatCount(r.overdue, language)}` : '—'}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function IndicatorTableView({
  rows,
  breakdown,
  nameOfKey,
  language,
  onPick,
}: {
  rows: readonly IndicatorRow[];
  breakdown: IndicatorBreakdown;
  nameOfKey: (key: string | null) => string;
  language: Language;
  onPick: (key: string | null) => void;
}) {
  const { t } = useTranslation('dashboard');
  if (rows.length === 0 || (breakdown.by === 'all' && rows[0].reported === 0 && rows[0].registered === 0)) {
    return <p className="muted">{t('indicators.empty')}</p>;
  }
  const shown = rows.slice(0, TABLE_ROWS);
  const cols = ['reported', 'closureRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'meanHours', 'score'] as const;
  const cells = (r: IndicatorRow): string[] => [
    formatCount(r.reported, language),
    percent(r.closureRate, language),
    percent(r.onTimeClosureRate, language),
    percent(r.reworkRate, language),
    percent(r.extensionRate, language),
    oneDecimal(r.meanHoursToClose),
    r.score === null ? '—' : String(Math.round(r.score)),
  ];
  return (
    <>
      {/* A grid, not a table layout: each row puts the unit's name on a line of its own above
          its seven figures, which is what fits a 320 px column. Roles keep it a table. */}
      <div className="dash-table" role="table" data-testid="dashboard-indicators" aria-label={t('indicators.title')}>
        <div className="dash-table__head" role="row">
          <span className="dash-table__unit" role="columnheader">
            {t('indicators.col.unit')}
          </span>
          {cols.map((c) => (
            <span key={c} role="columnheader" title={t(`indicators.colTitle.${c}`)}>
              {t(`indicators.col.${c}`)}
            </span>
          ))}
        </div>
        {shown.map((r) => {
          const name = nameOfKey(r.key);
          const drillable = breakdown.by === 'all' || r.key !== null;
          return (
            <div
              key={r.key ?? '∅'}
              className={`dash-table__row ${drillable ? 'is-drillable' : ''}`}
              role="row"
              tabIndex={drillable ? 0 : undefined}
              data-testid="dashboard-indicator-row"
              data-key={r.key ?? ''}
              data-reported={r.reported}
              title={drillable ? t('indicators.rowTitle', { name }) : undefined}
              onClick={drillable ? () => onPick(r.key) : undefined}
              onKeyDown={
                drillable
                  ? (e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onPick(r.key);
                      }
                    }
                  : undefined
              }
            >
              <span className="dash-table__unit" role="rowheader">
                {name}
              </span>
              {cells(r).map((v, i) => (
                <span key={cols[i]} role="cell" className={`tabular ${cols[i] === 'score' ? 'dash-table__score' : ''}`}>
                  {v}
                </span>
              ))}
            </div>
          );
        })}
      </div>
      {rows.length > shown.length && <p className="muted dash-note">{t('indicators.more', { total: rows.length, shown: shown.length })}</p>}
    </>
  );
}
