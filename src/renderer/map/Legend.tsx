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
import { GAP_RGBA } from '@core/patrol/coverage-report';
import {
  FOLLOW_COLOR,
  GAP_BUILDING_COLOR,
  HEADING_COLOR,
  MISSING_REPORT_COLOR,
  NO_COVERAGE_COLOR,
  PENDING_REPORT_COLOR,
  TRACK_COLOR,
  TRACK_END_COLOR,
  TRACK_START_COLOR,
  coverageClasses,
} from './patrol-layers';

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
  patrol?: LegendPatrol;
}

/** What the patrol part of the legend explains: each key only while the map shows it. */
export interface LegendPatrol {
  coverage: boolean;
  gaps: boolean;
  missingReports: boolean;
  pendingReports: boolean;
  track: boolean;
  stops: boolean;
  /** A worker is followed (their ring). */
  followed: boolean;
  /** Some worker carries a heading arrow. */
  heading: boolean;
}

const [GR, GG, GB, GA] = GAP_RGBA;
/** The gap image's pixel colour as the map shows it (raster opacity 0.85 on top of its alpha). */
const GAP_SWATCH = `rgba(${GR}, ${GG}, ${GB}, ${((GA / 255) * 0.85).toFixed(2)})`;

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
                {patrol?.heading && (
                  <li className="gr-map-legend__row" data-testid="legend-worker-heading">
                    <span className="gr-map-legend__heading" aria-hidden="true">
                      <span className="gr-map-legend__heading-arrow" style={{ borderBottomColor: HEADING_COLOR }} />
                      <span className="gr-map-legend__dot gr-map-legend__dot--inline" style={{ background: WORKER.fill }} />
                    </span>
                    <span>{t('legend.workerHeading')}</span>
                  </li>
                )}
                {patrol?.followed && (
                  <li className="gr-map-legend__row" data-testid="legend-worker-followed">
                    <span className="gr-map-legend__ring" style={{ borderColor: FOLLOW_COLOR, background: `${FOLLOW_COLOR}2e` }} aria-hidden="true" />
                    <span>{t('legend.workerFollowed')}</span>
                  </li>
                )}
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
      {patrol && (patrol.coverage || patrol.gaps || patrol.missingReports || patrol.pendingReports || patrol.track || patrol.stops) && (
        <div className="gr-map-legend__group" data-testid="legend-patrol">
          <h3 className="gr-map-legend__title">{t('legend.patrol.title')}</h3>
          <ul className="gr-map-legend__list">
            {patrol.coverage && (
              <>
                {coverageClasses().map((c, i) => (
                  <li key={c.color} className="gr-map-legend__row" data-testid={`legend-patrol-coverage-${i}`}>
                    <span className="gr-map-legend__swatch" style={{ background: c.color }} aria-hidden="true" />
                    <span>{t('legend.patrol.coverage', { from: Math.round(c.from * 100), to: Math.round(c.to * 100) })}</span>
                  </li>
                ))}
                <li className="gr-map-legend__row" data-testid="legend-patrol-no-coverage">
                  <span className="gr-map-legend__swatch" style={{ background: NO_COVERAGE_COLOR, opacity: 0.5 }} aria-hidden="true" />
                  <span>{t('legend.patrol.noCoverage')}</span>
                </li>
              </>
            )}
            {patrol.gaps && (
              <>
                <li className="gr-map-legend__row" data-testid="legend-patrol-gap">
                  <span className="gr-map-legend__swatch" style={{ background: GAP_SWATCH }} aria-hidden="true" />
                  <span>{t('legend.patrol.gap')}</span>
                </li>
                <li className="gr-map-legend__row" data-testid="legend-patrol-unvisited">
                  <span className="gr-map-legend__swatch gr-map-legend__swatch--dashed" style={{ borderColor: GAP_BUILDING_COLOR, background: `${GAP_BUILDING_COLOR}38` }} aria-hidden="true" />
                  <span>{t('legend.patrol.unvisited')}</span>
                </li>
              </>
            )}
            {patrol.missingReports && (
              <li className="gr-map-legend__row" data-testid="legend-patrol-missing">
                <span className="gr-map-legend__pill" style={{ background: MISSING_REPORT_COLOR }} aria-hidden="true">
                  {t('patrol.reportMissing')}
                </span>
                <span>{t('legend.patrol.missing')}</span>
              </li>
            )}
            {patrol.pendingReports && (
              <li className="gr-map-legend__row" data-testid="legend-patrol-pending">
                <span className="gr-map-legend__pill" style={{ background: PENDING_REPORT_COLOR }} aria-hidden="true">
                  {t('patrol.reportPending')}
                </span>
                <span>{t('legend.patrol.pending')}</span>
              </li>
            )}
            {patrol.track && (
              <>
                <li className="gr-map-legend__row" data-testid="legend-patrol-track">
                  <span className="gr-map-legend__line" style={{ borderTopColor: TRACK_COLOR, borderTopWidth: 3 }} aria-hidden="true" />
                  <span>{t('legend.patrol.track')}</span>
                </li>
                <li className="gr-map-legend__row" data-testid="legend-patrol-track-gap">
                  <span className="gr-map-legend__line gr-map-legend__line--dashed" style={{ borderTopColor: TRACK_COLOR, background: 'transparent', opacity: 0.7 }} aria-hidden="true" />
                  <span>{t('legend.patrol.trackGap')}</span>
                </li>
                <li className="gr-map-legend__row" data-testid="legend-patrol-track-ends">
                  <span className="gr-map-legend__ends" aria-hidden="true">
                    <span className="gr-map-legend__dot gr-map-legend__dot--inline" style={{ background: TRACK_START_COLOR }} />
                    <span className="gr-map-legend__dot gr-map-legend__dot--inline" style={{ background: TRACK_END_COLOR }} />
                  </span>
                  <span>{t('legend.patrol.trackEnds')}</span>
                </li>
              </>
            )}
            {patrol.stops && (
              <li className="gr-map-legend__row" data-testid="legend-patrol-stops">
                <span className="gr-map-legend__ring" style={{ borderColor: TRACK_COLOR, background: '#fff' }} aria-hidden="true" />
                <span>{t('legend.patrol.stops')}</span>
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}
