/**
 * The map's legend, in the lower-left corner (the right side belongs to the detail panel): the
 * active choropleth's classes, the boundary key for the levels on screen, then the incidents'
 * key while incidents are on the map.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OPEN_STATUSES, type IncidentStatus } from '@core/incidents/model';
import type { GridLevel } from '@core/model';
import type { ChoroplethMode } from '@core/stats';
import type { LegendItem } from './choropleth';
import { DEDICATED, GRID_LINE, INCIDENT, INCIDENT_STATUS_COLORS, WORKER } from './map-colors';
import type { VisibleLevels } from './map-layers';
import { COVERAGE_BREAKS, COVERAGE_COLORS, GAP_BUILDING_COLOR, MISSING_REPORT_COLOR, TRACK_COLOR } from './patrol-layers';

export interface LegendProps {
  choropleth: ChoroplethMode;
  items: readonly LegendItem[];
  visibleLevels: VisibleLevels;
  showWorkers: boolean;
  /** Whether incidents are on the map (their key is shown only then). */
  showIncidents?: boolean;
  /** Statuses to explain, in workflow order; the open ones when absent. */
  incidentStatuses?: readonly IncidentStatus[];
  /** Which patrol layers are drawn (their keys are shown only then). */
  patrol?: { coverage: boolean; gaps: boolean; reports: boolean; track: boolean };
}

const LEVELS: readonly GridLevel[] = [1, 2, 3, 4];

/**
 * Below this window height the legend starts folded: at 1280×800 the open legend (choropleth,
 * lines, incidents) covered a third of the map's height.
 */
export const LEGEND_FOLDED_BELOW_PX = 900;

/** Renders nothing to fetch: swatches are CSS, text comes from the `map` namespace. */
export function Legend({
  choropleth,
  items,
  visibleLevels,
  showWorkers,
  showIncidents = false,
  incidentStatuses = OPEN_STATUSES,
  patrol,
}: LegendProps): React.JSX.Element {
  const { t } = useTranslation('map');
  const levels = LEVELS.filter((l) => visibleLevels[l]);
  // Folded on short windows unless the operator opened it (and the other way round).
  const [choice, setOpen] = useState<boolean | null>(null);
  const [tall, setTall] = useState(() => typeof window === 'undefined' || window.innerHeight >= LEGEND_FOLDED_BELOW_PX);
  useEffect(() => {
    const onResize = (): void => setTall(window.innerHeight >= LEGEND_FOLDED_BELOW_PX);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const open = choice ?? tall;
  if (!open) {
    return (
      <section className="gr-map-legend gr-map-legend--folded" aria-label={t('aria.legend')} data-testid="map-legend" data-open="false">
        <button type="button" className="gr-map-legend__toggle" aria-expanded="false" onClick={() => setOpen(true)}>
          {t('aria.legend')} ▸
        </button>
      </section>
    );
  }
  return (
    <section className="gr-map-legend" aria-label={t('aria.legend')} data-testid="map-legend" data-open="true">
      <button type="button" className="gr-map-legend__toggle gr-map-legend__toggle--fold" aria-expanded="true" aria-label={t('legendFold')} title={t('legendFold')} onClick={() => setOpen(false)}>
        ▾
      </button>
      {/* The choropleth colours micro-grids only: with them hidden, its key would describe nothing. */}
      {choropleth !== 'none' && visibleLevels[4] && items.length > 0 && (
        <div className="gr-map-legend__group">
          <h3 className="gr-map-legend__title">{t(`legend.title.${choropleth}`)}</h3>
          <ul className="gr-map-legend__list">
            {items.map((item, i) => (
              <li key={i} className="gr-map-legend__row">
                <span className="gr-map-legend__swatch" style={{ background: item.color }} aria-hidden="true" />
                <span>{t(item.labelKey, item.values)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {(levels.length > 0 || showWorkers) && (
        <div className="gr-map-legend__group">
          <h3 className="gr-map-legend__title">{t('legend.lines')}</h3>
          <ul className="gr-map-legend__list">
            {levels.map((l) => (
              <li key={l} className="gr-map-legend__row">
                <span
                  className="gr-map-legend__line"
                  style={{ borderTopColor: GRID_LINE[l].color, borderTopWidth: Math.max(1, GRID_LINE[l].width) }}
                  aria-hidden="true"
                />
                <span>{t(`legend.level.${l}`)}</span>
              </li>
            ))}
            {visibleLevels[3] && (
              <li className="gr-map-legend__row">
                <span
                  className="gr-map-legend__line gr-map-legend__line--dashed"
                  style={{ borderTopColor: DEDICATED.line, background: 'transparent' }}
                  aria-hidden="true"
                />
                <span>{t('legend.dedicated')}</span>
              </li>
            )}
            {showWorkers && (
              <>
                <li className="gr-map-legend__row" data-testid="legend-worker-fresh">
                  <span className="gr-map-legend__dot" style={{ background: WORKER.fill }} aria-hidden="true" />
                  <span>{t('legend.workers')}</span>
                </li>
                <li className="gr-map-legend__row" data-testid="legend-worker-outside">
                  <span className="gr-map-legend__dot" style={{ background: WORKER.outside }} aria-hidden="true" />
                  <span>{t('legend.workerOutside')}</span>
                </li>
                <li className="gr-map-legend__row" data-testid="legend-worker-stale">
                  <span className="gr-map-legend__dot" style={{ background: WORKER.stale }} aria-hidden="true" />
                  <span>{t('legend.workerStale')}</span>
                </li>
              </>
            )}
          </ul>
        </div>
      )}
      {showIncidents && (
        <div className="gr-map-legend__group" data-testid="legend-incidents">
          <h3 className="gr-map-legend__title">{t('legend.incidents.title')}</h3>
          <ul className="gr-map-legend__list gr-map-legend__list--cols">
            {incidentStatuses.map((status) => (
              <li key={status} className="gr-map-legend__row">
                <span className="gr-map-legend__incident" style={{ background: INCIDENT_STATUS_COLORS[status] }} aria-hidden="true" />
                <span>{t(`legend.incidents.status.${status}`)}</span>
              </li>
            ))}
          </ul>
          <ul className="gr-map-legend__list">
            <li className="gr-map-legend__row">
              <span
                className="gr-map-legend__incident gr-map-legend__incident--ring"
                style={{ boxShadow: `0 0 0 3px ${INCIDENT.overdue}` }}
                aria-hidden="true"
              />
              <span>{t('legend.incidents.overdue')}</span>
            </li>
            <li className="gr-map-legend__row">
              <span
                className="gr-map-legend__incident gr-map-legend__incident--ring"
                style={{ boxShadow: `0 0 0 2px ${INCIDENT.nearDue}` }}
                aria-hidden="true"
              />
              <span>{t('legend.incidents.nearDue')}</span>
            </li>
            <li className="gr-map-legend__row">
              <span className="gr-map-legend__cluster" style={{ background: INCIDENT.cluster }} aria-hidden="true">
                3!
              </span>
              <span>{t('legend.incidents.cluster')}</span>
            </li>
          </ul>
        </div>
      )}
      {patrol && (patrol.coverage || patrol.gaps || patrol.reports || patrol.track) && (
        <div className="gr-map-legend__group" data-testid="legend-patrol">
          <h3 className="gr-map-legend__title">{t('legend.patrol.title')}</h3>
          <ul className="gr-map-legend__list">
            {patrol.coverage &&
              COVERAGE_COLORS.map((color, i) => (
                <li key={color} className="gr-map-legend__row">
                  <span className="gr-map-legend__swatch" style={{ background: color }} aria-hidden="true" />
                  <span>{t('legend.patrol.coverage', { from: i === 0 ? 0 : Math.round(COVERAGE_BREAKS[i - 1] * 100), to: i < COVERAGE_BREAKS.length ? Math.round(COVERAGE_BREAKS[i] * 100) : 100 })}</span>
                </li>
              ))}
            {patrol.gaps && (
              <>
                <li className="gr-map-legend__row">
                  <span className="gr-map-legend__swatch" style={{ background: 'rgba(220, 38, 38, 0.45)' }} aria-hidden="true" />
                  <span>{t('legend.patrol.gap')}</span>
                </li>
                <li className="gr-map-legend__row">
                  <span className="gr-map-legend__line gr-map-legend__line--dashed" style={{ borderTopColor: GAP_BUILDING_COLOR, background: 'transparent' }} aria-hidden="true" />
                  <span>{t('legend.patrol.unvisited')}</span>
                </li>
              </>
            )}
            {patrol.reports && (
              <li className="gr-map-legend__row">
                <span className="gr-map-legend__dot" style={{ background: MISSING_REPORT_COLOR }} aria-hidden="true" />
                <span>{t('legend.patrol.missing')}</span>
              </li>
            )}
            {patrol.track && (
              <li className="gr-map-legend__row">
                <span className="gr-map-legend__line" style={{ borderTopColor: TRACK_COLOR, borderTopWidth: 3 }} aria-hidden="true" />
                <span>{t('legend.patrol.track')}</span>
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}
