/**
 * The selected grid: identity, where it sits in the hierarchy (clickable breadcrumb), its
 * figures, its people, and its children. Clicking a parent or child selects it and flies there.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCode, GridUnit, Staff } from '@core/model';
import { DEFAULT_INCIDENT_FILTER, incidentMatches, selectionView } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { formatCount } from '../app/format';
import { Icon } from '../app/Icon';
import { BandBadge } from './BandBadge';

export function SelectionPanel() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const selected = useAppState((s) => s.selected);
  const hierarchy = useAppState((s) => s.hierarchy);
  const stats = useAppState((s) => s.stats);
  const staffById = useAppState((s) => s.staffById);
  const language = useAppState((s) => s.language);
  const view = useMemo(
    () => selectionView({ selected, hierarchy, stats, staffById }),
    [selected, hierarchy, stats, staffById],
  );
  // Open incidents in the unit or below it, for the button that lists them.
  const incidents = useAppState((s) => s.incidents.byId);
  const now = useAppState((s) => s.incidents.now);
  const openHere = useMemo(() => {
    if (!selected || !hierarchy) return 0;
    const parentOf = (c: GridCode): GridCode | null => hierarchy.get(c)?.parentCode ?? null;
    const filter = { ...DEFAULT_INCIDENT_FILTER, grid: selected };
    let count = 0;
    for (const i of incidents.values()) if (incidentMatches(i, filter, now, parentOf)) count++;
    return count;
  }, [incidents, now, selected, hierarchy]);
  if (!view) return null;
  const { unit, ancestors, chief, workers, children } = view;
  const fly = (code: GridCode): void => dispatch({ type: 'gridSelected', code, fly: true });
  const n = (value: number | undefined): string => (value === undefined ? '—' : formatCount(value, language));

  return (
    <section className="panel selection" data-testid="selection-panel" data-code={unit.code} aria-labelledby="selection-name">
      <header className="selection__head">
        <div className="selection__kicker">
          <span className={`badge badge--level-${unit.level}`} data-testid="panel-level" data-level={unit.level}>
            {t(`level.${unit.level}`)}
          </span>
          {unit.kind === 'dedicated' && (
            <span className="badge badge--dedicated" data-testid="panel-kind" data-kind={unit.dedicatedKind ?? 'dedicated'}>
              {unit.dedicatedKind
                ? t('kind.dedicatedWith', { kind: t(`dedicatedKind.${unit.dedicatedKind}`) })
                : t('kind.dedicated')}
            </span>
          )}
          <span className="selection__spacer" />
          <button
            type="button"
            className="icon-btn"
            data-testid="panel-close"
            aria-label={t('panel.close')}
            title={t('panel.closeTitle')}
            onClick={() => dispatch({ type: 'selectionCleared' })}
          >
            <Icon name="close" />
          </button>
        </div>
        <h2 className="selection__name" id="selection-name" data-testid="panel-name" title={unit.name}>
          {unit.name}
        </h2>
        <div className="selection__code">
          <span className="code" data-testid="panel-code">
            {unit.code}
          </span>
          {view.siblingCount > 1 && (
            <span className="selection__pos" title={t('panel.siblingsHint')}>
              {t('panel.siblingPosition', { position: view.siblingPosition, count: view.siblingCount })}
            </span>
          )}
        </div>
        {ancestors.length > 0 && (
          <nav className="breadcrumb" data-testid="breadcrumb" aria-label={t('panel.breadcrumb')}>
            <ol>
              {ancestors.map((a) => (
                <li key={a.code}>
                  <button
                    type="button"
                    className="breadcrumb__item"
                    data-testid="breadcrumb-item"
                    data-code={a.code}
                    title={`${a.name} · ${a.code}`}
                    onClick={() => fly(a.code)}
                  >
                    {a.name}
                  </button>
                  <Icon name="chevron" size={12} />
                </li>
              ))}
              <li aria-current="page" className="breadcrumb__current">
                {unit.name}
              </li>
            </ol>
          </nav>
        )}
      </header>

      <div className="panel__scroll">
        <dl className="metrics">
          <div className="metric">
            <dt>{t('metric.households')}</dt>
            <dd data-testid="panel-households" data-value={view.stats?.households ?? ''}>
              {n(view.stats?.households)}
            </dd>
          </div>
          <div className="metric">
            <dt>{t('metric.residents')}</dt>
            <dd data-testid="panel-residents" data-value={view.stats?.residents ?? ''}>
              {n(view.stats?.residents)}
            </dd>
          </div>
          <div className="metric">
            <dt>{t('metric.buildings')}</dt>
            <dd data-testid="panel-buildings" data-value={view.stats?.buildings ?? ''}>
              {n(view.stats?.buildings)}
            </dd>
          </div>
        </dl>

        <button
          type="button"
          className="btn btn--small selection__incidents"
          data-testid="panel-incidents"
          data-count={openHere}
          onClick={() => {
            dispatch({ type: 'incidentFilterChanged', filter: { ...DEFAULT_INCIDENT_FILTER, grid: unit.code } });
            dispatch({ type: 'sideTabChanged', tab: 'incidents' });
          }}
        >
          {t('panel.openIncidents', { count: openHere })}
        </button>

        {view.stats?.band && (
          <div className="selection__band" data-testid="panel-band">
            <BandBadge status={view.stats.band} households={view.stats.households} />
            <span className="selection__band-note">{t('band.note')}</span>
          </div>
        )}

        <section className="panel__section" aria-labelledby="people-title">
          <h3 id="people-title" className="panel__title">
            {t('panel.people')}
          </h3>
          <div className="person person--chief" data-testid="panel-chief">
            {chief ? <PersonRow person={chief} chief /> : <span className="muted">{t('panel.noChief')}</span>}
          </div>
          {workers.length > 0 && (
            <ul className="people" data-testid="panel-workers">
              {workers.map((w) => (
                <li key={w.id} className="person">
                  <PersonRow person={w} />
                </li>
              ))}
            </ul>
          )}
        </section>

        {children.length > 0 && (
          <section className="panel__section" aria-labelledby="children-title">
            <h3 id="children-title" className="panel__title">
              {t('panel.children', { count: children.length })}
            </h3>
            <ul className="children">
              {children.map(({ unit: child, stats: childStats }) => (
                <li key={child.code}>
                  <ChildRow
                    unit={child}
                    households={childStats?.households}
                    band={childStats?.band ?? null}
                    label={n(childStats?.households)}
                    onPick={() => dispatch({ type: 'childSelected', code: child.code })}
                  />
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </section>
  );
}

function PersonRow({ person, chief = false }: { person: Staff; chief?: boolean }) {
  const { t } = useTranslation('app');
  return (
    <>
      <span className="person__name" title={person.name}>
        {person.name}
      </span>
      <span className={`person__role ${chief ? 'is-chief' : ''}`}>{t(`role.${person.role}`)}</span>
      <span className="person__phone tabular" title={t('panel.phone')}>
        <Icon name="phone" size={12} />
        {person.phone}
      </span>
    </>
  );
}

function ChildRow({
  unit,
  households,
  band,
  label,
  onPick,
}: {
  unit: GridUnit;
  households: number | undefined;
  band: 'under' | 'in' | 'over' | null;
  label: string;
  onPick: () => void;
}) {
  const { t } = useTranslation('app');
  return (
    <button type="button" className="child" data-testid="panel-child" data-code={unit.code} onClick={onPick} title={`${unit.name} · ${unit.code}`}>
      <span className="child__text">
        <span className="child__name">{unit.name}</span>
        <span className="child__code">
          {unit.code}
          {unit.kind === 'dedicated' && (
            <span className="child__kind">
              {' · '}
              {unit.dedicatedKind ? t(`dedicatedKind.${unit.dedicatedKind}`) : t('kind.dedicated')}
            </span>
          )}
        </span>
      </span>
      <span className="child__figures">
        <span className="child__households tabular">{t('panel.householdsShort', { count: households ?? 0, value: label })}</span>
        {band && households !== undefined && <BandBadge status={band} households={households} compact />}
      </span>
    </button>
  );
}
