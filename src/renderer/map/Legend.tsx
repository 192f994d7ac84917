/**
 * The map's legend, in the lower-left corner (the right side belongs to the detail panel): the
 * active choropleth's classes, then the boundary key for the levels on screen.
 */
import { useTranslation } from 'react-i18next';
import type { GridLevel } from '@core/model';
import type { ChoroplethMode } from '@core/stats';
import type { LegendItem } from './choropleth';
import { DEDICATED, GRID_LINE, WORKER } from './map-colors';
import type { VisibleLevels } from './map-layers';

export interface LegendProps {
  choropleth: ChoroplethMode;
  items: readonly LegendItem[];
  visibleLevels: VisibleLevels;
  showWorkers: boolean;
}

const LEVELS: readonly GridLevel[] = [1, 2, 3, 4];

/** Renders nothing to fetch: swatches are CSS, text comes from the `map` namespace. */
export function Legend({ choropleth, items, visibleLevels, showWorkers }: LegendProps): React.JSX.Element {
  const { t } = useTranslation('map');
  const levels = LEVELS.filter((l) => visibleLevels[l]);
  return (
    <section className="gr-map-legend" aria-label={t('aria.legend')}>
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
              <li className="gr-map-legend__row">
                <span className="gr-map-legend__dot" style={{ background: WORKER.fill }} aria-hidden="true" />
                <span>{t('legend.workers')}</span>
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}
