/**
 * Every field worker with the coverage report's figures: distance, time in and outside the own
 * grid, untracked time, visits, buildings visited, and a status dot from the latest fix. Sortable
 * by any column; a row selects the worker. Over VIRTUAL_FROM rows only the visible ones are
 * rendered (spacer rows keep the scroll height), because a district's 2,000 workers re-rendered
 * with every position batch would cost frames.
 */
import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { SortableTh } from './SortableTh';
import { formatDuration, formatKm, type SortSpec, type WorkerRow, type WorkerSortKey } from './patrol-view-model';

/** Rows from which the table renders only what is in view. */
export const VIRTUAL_FROM = 100;
const ROW_PX = 25;

export const WorkersTable = memo(function WorkersTable({
  rows,
  sort,
  onSort,
  selected,
  onSelect,
}: {
  rows: readonly WorkerRow[];
  sort: SortSpec<WorkerSortKey>;
  onSort: (sort: SortSpec<WorkerSortKey>) => void;
  selected: string | null;
  onSelect: (workerId: string) => void;
}) {
  const { t } = useTranslation('patrol');
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_PX, overscan: 10, enabled: virtual });
  const items = virtual ? virtualizer.getVirtualItems() : null;
  const shown = items ? items.map((v) => rows[v.index]) : rows;
  const top = items && items.length > 0 ? items[0].start : 0;
  const bottom = items && items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const th = (column: WorkerSortKey, label: string, title?: string) => <SortableTh column={column} label={label} title={title} sort={sort} onSort={onSort} className="num" />;

  return (
    <div className="patrol-table-wrap patrol-table-wrap--workers" ref={scrollRef}>
      <table className="patrol-table" data-testid="patrol-workers" data-rows={rows.length} data-virtual={virtual} aria-label={t('workers.label')} aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <SortableTh column="name" label={t('workers.name')} sort={sort} onSort={onSort} firstDir="asc" className="patrol-table__name-col" />
            {th('distance', t('workers.km'))}
            {th('inside', t('workers.inside'))}
            {th('outside', t('workers.outside'))}
            {th('untracked', t('workers.untracked'))}
            {th('visits', t('workers.visits'))}
            {th('buildings', t('workers.buildings'))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr className="patrol-table__spacer" aria-hidden="true">
              <td colSpan={7} style={{ height: top }} />
            </tr>
          )}
          {shown.map((r, k) => {
            const a = r.activity;
            const name = r.staff?.name ?? r.workerId;
            const stateLabel = t(`workers.state.${r.state}`);
            return (
              <tr
                key={r.workerId}
                className={r.workerId === selected ? 'is-selected' : ''}
                data-worker={r.workerId}
                data-state={r.state}
                aria-rowindex={(items ? items[k].index : k) + 2}
                aria-selected={r.workerId === selected}
                tabIndex={0}
                onClick={() => onSelect(r.workerId)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(r.workerId);
                  }
                }}
              >
                <td className="patrol-table__name" title={`${name} · ${stateLabel}`}>
                  <span className={`patrol-dot is-${r.state}`} role="img" aria-label={stateLabel} />
                  {name}
                </td>
                <td className="num tabular">{a ? formatKm(a.distanceM) : '—'}</td>
                <td className="num tabular">{a ? formatDuration(a.insideOwnGridMs) : '—'}</td>
                <td className={`num tabular ${a && a.outsideOwnGridMs > 0 ? 'is-warn' : ''}`}>{a ? formatDuration(a.outsideOwnGridMs) : '—'}</td>
                <td className="num tabular">{a ? formatDuration(a.untrackedMs) : '—'}</td>
                <td className="num tabular">{a ? a.visits : '—'}</td>
                <td className="num tabular">{a ? a.buildingsVisited : '—'}</td>
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr className="patrol-table__spacer" aria-hidden="true">
              <td colSpan={7} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
});
