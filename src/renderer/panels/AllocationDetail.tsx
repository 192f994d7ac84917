/**
 * The picked building: why it went where it did (status, share, distance, the rule that
 * decided), the units it joins at every level, and a hand override to another unit.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCode } from '@core/model';
import type { AllocationRow, AllocationWizardState } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { statusKey } from './AllocationTable';

const pct = (share: number): string => (share * 100).toFixed(share >= 0.995 || share <= 0.005 ? 0 : 1);

export function AllocationDetail({ wizard, rows }: { wizard: AllocationWizardState; rows: readonly AllocationRow[] }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const district = useAppState((s) => s.district);
  const hierarchy = useAppState((s) => s.hierarchy);
  const id = wizard.selectedItem;
  const row = useMemo(() => (id === null ? undefined : rows.find((r) => r.record.id === id && r.record.reason === undefined) ?? rows.find((r) => r.record.id === id)), [rows, id]);

  // Leaf units to override to, grouped under their level-3 grid's name.
  const groups = useMemo(() => {
    if (!district) return [];
    const byParent = new Map<string, { code: GridCode; name: string }[]>();
    for (const g of district.grids) {
      const leaf = (g.level === 4 && g.kind === 'base') || g.kind === 'dedicated';
      if (!leaf) continue;
      const parent = g.kind === 'dedicated' ? (g.parentCode ?? '') : (g.parentCode ?? '');
      const list = byParent.get(parent) ?? [];
      list.push({ code: g.code, name: g.name });
      byParent.set(parent, list);
    }
    return [...byParent.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([parent, units]) => ({ parent, label: hierarchy?.get(parent as GridCode)?.name ?? parent, units: units.sort((a, b) => (a.code < b.code ? -1 : 1)) }));
  }, [district, hierarchy]);

  if (!row) {
    return (
      <div className="alloc-detail is-empty" data-testid="allocation-detail">
        <p className="muted">{t('allocation.pickHint')}</p>
      </div>
    );
  }
  const a = row.allocation;
  const r = a?.result;
  const status = statusKey(row);
  const name = (code: string | null | undefined): string => (code ? `${hierarchy?.get(code as GridCode)?.name ?? code} (${code})` : '—');
  let why: string;
  if (row.record.reason !== undefined) why = row.record.reason;
  else if (!a || !r) why = t('allocation.why.notRun');
  else if (r.status === 'invalid') why = t('allocation.why.invalid', { reason: r.reason ?? '' });
  else if (r.status === 'inside') why = t('allocation.why.inside', { unit: name(r.gridId) });
  else if (r.status === 'straddles')
    why = t('allocation.why.straddles', {
      count: r.overlaps?.length ?? 2,
      share: pct(r.share),
      unit: name(r.gridId),
      point: name(r.pointGridId),
      others: (r.overlaps ?? []).slice(1, 4).map((o) => `${o.gridId} ${pct(o.share)}%`).join(', '),
    });
  else if (r.status === 'partly_outside') why = t('allocation.why.partlyOutside', { share: pct(r.share), unit: name(r.gridId) });
  else if (r.status === 'nearest' || (r.status === 'outside' && r.gridId !== null)) why = t('allocation.why.nearest', { unit: name(r.gridId), distance: r.distanceM.toFixed(0) });
  else why = t('allocation.why.outside');
  const dedicated = a?.unitKind === 'dedicated' && !a.overridden;
  const flaggedNoDedicated = row.record.use !== undefined && ['school', 'hospital', 'market', 'enterprise'].includes(row.record.use) && a?.unitKind === 'micro_grid' && !a.overridden;
  const current = a?.unitCode ?? '';

  return (
    <div className="alloc-detail" data-testid="allocation-detail" data-id={row.record.id} data-status={status}>
      <div className="alloc-detail__head">
        <strong className="mono">{row.record.id}</strong>
        {row.record.name && <span>{row.record.name}</span>}
        <span className="muted">{t('allocation.householdsShort', { count: row.record.households })}</span>
        {row.record.use && row.record.use !== 'residential' && <span className="chip chip--muted">{t(`allocation.use.${row.record.use}`)}</span>}
      </div>
      <p className="alloc-detail__why" data-testid="allocation-why">
        {why}
        {dedicated && <> {t('allocation.why.dedicated', { use: t(`allocation.use.${row.record.use ?? 'residential'}`) })}</>}
        {flaggedNoDedicated && <> {t('allocation.why.flaggedNoDedicated', { use: t(`allocation.use.${row.record.use ?? 'residential'}`) })}</>}
        {a?.overridden && <> {t('allocation.why.overridden')}</>}
      </p>
      {a?.unitCode && (
        <p className="muted alloc-detail__levels" data-testid="allocation-levels">
          {[a.levels.microGrid, a.levels.grid, a.levels.community, a.levels.subDistrict]
            .filter((c): c is GridCode => c !== null)
            .map((c) => hierarchy?.get(c)?.name ?? c)
            .join(' ‹ ')}
        </p>
      )}
      {a && r?.status !== 'invalid' && (
        <div className="alloc-detail__override">
          <label className="field-inline">
            <span className="field-inline__label">{t('allocation.assignTo')}</span>
            <select
              className="select"
              data-testid="allocation-override"
              value={current}
              onChange={(e) => dispatch({ type: 'allocationOverridden', id: row.record.id, code: (e.target.value || null) as GridCode | null })}
            >
              {current === '' && <option value="">{t('allocation.unassignedOption')}</option>}
              {groups.map((g) => (
                <optgroup key={g.parent} label={g.label}>
                  {g.units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name} · {u.code}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          {a.overridden && (
            <button type="button" className="btn btn--small" data-testid="allocation-override-reset" onClick={() => dispatch({ type: 'allocationOverridden', id: row.record.id, code: null })}>
              {t('allocation.resetOverride')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
