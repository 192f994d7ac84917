/**
 * The grid coverage ranking: a sortable table of the units of one level (coverage, buildings
 * visited, buildings not visited for N days) and a bar chart of the lowest-covered ones. Both come
 * from the same rows (rankingTable → rankingBars), so they always agree. A row or a bar selects
 * the unit and flies the map to it.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCode, GridLevel } from '@core/model';
import { CoverageRankingChart } from '../../charts/CoverageRankingChart';
import { SortableTh } from './SortableTh';
import { rankingBars, type RankingRow, type RankingSortKey, type SortSpec } from './patrol-view-model';

/** Bars in the chart: the lowest this many (the table lists them all). */
export const RANKING_BARS = 10;

export const GridRanking = memo(function GridRanking({
  rows,
  level,
  onLevel,
  sort,
  onSort,
  unvisitedDays,
  selected,
  onSelect,
}: {
  rows: readonly RankingRow[];
  level: GridLevel;
  onLevel: (level: GridLevel) => void;
  sort: SortSpec<RankingSortKey>;
  onSort: (sort: SortSpec<RankingSortKey>) => void;
  unvisitedDays: number;
  selected: GridCode | null;
  onSelect: (code: GridCode) => void;
}) {
  const { t } = useTranslation('patrol');
  const bars = rankingBars(rows, RANKING_BARS);
  return (
    <section className="panel__section dash-section" aria-labelledby="patrol-ranking-title">
      <h3 id="patrol-ranking-title" className="panel__title dash-title-row">
        <span>{t('ranking.title')}</span>
        <select className="select dash-select" data-testid="patrol-ranking-level" aria-label={t('layers.level')} value={level} onChange={(e) => onLevel(Number(e.target.value) as GridLevel)}>
          <option value={3}>{t('layers.level3')}</option>
          <option value={4}>{t('layers.level4')}</option>
        </select>
      </h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid="patrol-ranking-none">
          {t('ranking.none')}
        </p>
      ) : (
        <div data-testid="patrol-ranking" data-level={level} data-rows={rows.length}>
          <p className="patrol-subtitle">{t('ranking.chartTitle', { n: bars.length })}</p>
          <CoverageRankingChart bars={bars} onPick={(code) => onSelect(code as GridCode)} />
          <div className="patrol-table-wrap patrol-table-wrap--ranking">
            <table className="patrol-table" data-testid="patrol-ranking-table" aria-label={t('ranking.tableLabel')}>
              <thead>
                <tr>
                  <SortableTh column="name" label={t('ranking.name')} sort={sort} onSort={onSort} firstDir="asc" className="patrol-table__name-col" />
                  <SortableTh column="coverage" label={t('ranking.coverage')} sort={sort} onSort={onSort} firstDir="asc" className="num" />
                  <SortableTh column="visited" label={t('ranking.visited')} sort={sort} onSort={onSort} firstDir="asc" className="num" />
                  <SortableTh column="unvisited" label={t('ranking.unvisited', { days: unvisitedDays })} sort={sort} onSort={onSort} className="num" />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={r.code}
                    data-code={r.code}
                    data-pct={r.coveredPct}
                    className={r.code === selected ? 'is-selected' : ''}
                    tabIndex={0}
                    onClick={() => onSelect(r.code)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onSelect(r.code);
                      }
                    }}
                  >
                    <td className="patrol-table__name" title={r.name}>
                      {r.name}
                    </td>
                    <td className="num tabular">
                      <span className="patrol-meter" aria-hidden="true">
                        <span className="patrol-meter__fill" style={{ width: `${Math.min(100, r.coveredPct)}%` }} />
                      </span>
                      {r.coveredPct}%
                    </td>
                    <td className="num tabular">{r.visitedPct === null ? '—' : `${r.visitedPct}%`}</td>
                    <td className={`num tabular ${r.unvisited > 0 ? 'is-warn' : ''}`}>{r.unvisited}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
});
