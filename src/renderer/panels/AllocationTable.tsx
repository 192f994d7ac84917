/**
 * The review table: one row per building of the file (100,000 and more), virtualised so only the
 * rows in view are in the DOM. Click or arrow keys pick a row; the map flies to it.
 */
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { AllocationRow } from '@core/state';
import { useDispatch } from '../app/app-context';

/** Row height in px; fixed so the virtualiser needs no measuring. */
const ROW_PX = 30;

export function statusKey(row: AllocationRow): string {
  if (row.record.reason !== undefined || !row.allocation) return 'invalid';
  const { status, gridId } = row.allocation.result;
  // A footprint outside every unit but within reach of one was placed by distance, like a point.
  return status === 'outside' && gridId !== null ? 'nearest' : status;
}

export function AllocationTable({ rows, selectedId }: { rows: readonly AllocationRow[]; selectedId: string | null }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.record.id === selectedId && r.record.reason === undefined);

  // Keep the picked row in view when it was picked elsewhere (on the map, by keys).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const pick = (index: number): void => {
    const row = rows[index];
    if (row) dispatch({ type: 'allocationItemSelected', id: row.record.id, fly: true });
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (rows.length === 0) return;
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (e.key in step) {
      e.preventDefault();
      e.stopPropagation();
      pick(Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + step[e.key])));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      pick(e.key === 'Home' ? 0 : rows.length - 1);
    }
  };

  return (
    <div className="alloc-table" data-testid="allocation-table" data-rows={rows.length}>
      <div className="alloc-table__head" role="row">
        <span role="columnheader">{t('allocation.col.id')}</span>
        <span role="columnheader">{t('allocation.col.name')}</span>
        <span role="columnheader" className="num">
          {t('allocation.col.households')}
        </span>
        <span role="columnheader">{t('allocation.col.status')}</span>
        <span role="columnheader">{t('allocation.col.unit')}</span>
      </div>
      <div
        ref={scrollRef}
        className="alloc-table__scroll"
        role="grid"
        aria-rowcount={rows.length}
        aria-label={t('allocation.tableLabel')}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 ? (
          <p className="muted alloc-table__empty">{t('allocation.noRows')}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              const status = statusKey(row);
              const a = row.allocation;
              const selected = v.index === selectedIndex;
              return (
                <div
                  key={v.key}
                  role="row"
                  aria-rowindex={v.index + 1}
                  aria-selected={selected}
                  className={`alloc-table__row ${selected ? 'is-selected' : ''}`}
                  data-testid="allocation-row"
                  data-id={row.record.id}
                  data-status={status}
                  style={{ height: ROW_PX, transform: `translateY(${v.start}px)` }}
                  onClick={() => pick(v.index)}
                >
                  <span role="gridcell" className="mono" title={row.record.id}>
                    {row.record.id}
                  </span>
                  <span role="gridcell" title={row.record.name}>
                    {row.record.name || '—'}
                  </span>
                  <span role="gridcell" className="num tabular">
                    {row.record.households}
                  </span>
                  <span role="gridcell">
                    <span className={`status-badge status-badge--${status}`}>{t(`allocation.status.${status}`)}</span>
                  </span>
                  <span role="gridcell" className="mono" title={a?.unitCode ?? ''}>
                    {a?.unitCode ? (a.overridden ? `✎ ${a.unitCode}` : a.unitCode) : '—'}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
