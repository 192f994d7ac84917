/**
 * The district at a glance, when nothing is selected: grids per level, people and buildings, and
 * how the micro-grids sit against the 50–70 households band.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { GRID_LEVELS } from '@core/model';
import { districtOverview } from '@core/state';
import type { BandStatus } from '@core/stats';
import { useAppState } from '../app/app-context';
import { formatCount } from '../app/format';
import { BAND_CHART_COLORS, BandHistogram } from './BandHistogram';

/** Panel width (360) less its border, padding and scrollbar gutter. */
const CHART_WIDTH = 316;

export function DistrictOverview() {
  const { t } = useTranslation('app');
  const district = useAppState((s) => s.district);
  const bandSummary = useAppState((s) => s.bandSummary);
  const band = useAppState((s) => s.band);
  const language = useAppState((s) => s.language);
  const overview = useMemo(() => districtOverview({ district, bandSummary }), [district, bandSummary]);
  if (!overview) return null;
  const n = (v: number): string => formatCount(v, language);
  const b = overview.band;
  const share = (count: number): number => (b && b.microGrids > 0 ? (count / b.microGrids) * 100 : 0);
  const bandRows: { status: BandStatus; count: number }[] = b
    ? [
        { status: 'under', count: b.under },
        { status: 'in', count: b.inBand },
        { status: 'over', count: b.over },
      ]
    : [];

  return (
    <section className="panel overview" data-testid="district-overview" aria-labelledby="overview-title">
      <header className="overview__head">
        <span className="panel__eyebrow">{t('overview.eyebrow')}</span>
        <h2 id="overview-title" className="selection__name" title={overview.name}>
          {overview.name}
        </h2>
        <p className="muted overview__hint">{t('overview.hint')}</p>
      </header>
      <div className="panel__scroll">
        <section className="panel__section" aria-labelledby="levels-title">
          <h3 id="levels-title" className="panel__title">
            {t('overview.gridsTitle')}
          </h3>
          <dl className="counts">
            {GRID_LEVELS.map((level) => (
              <div key={level} className="count" data-testid={`overview-level-${level}`} data-value={overview.levelCounts[level]}>
                <dt>
                  <span className={`level-swatch level-swatch--${level}`} aria-hidden="true" />
                  {t(`levelShort.${level}`)}
                </dt>
                <dd className="tabular">{n(overview.levelCounts[level])}</dd>
              </div>
            ))}
            <div className="count" data-testid="overview-dedicated" data-value={overview.dedicated}>
              <dt>
                <span className="level-swatch level-swatch--dedicated" aria-hidden="true" />
                {t('kind.dedicated')}
              </dt>
              <dd className="tabular">{n(overview.dedicated)}</dd>
            </div>
          </dl>
        </section>

        <dl className="metrics">
          <div className="metric">
            <dt>{t('metric.households')}</dt>
            <dd>{n(overview.households)}</dd>
          </div>
          <div className="metric">
            <dt>{t('metric.residents')}</dt>
            <dd>{n(overview.residents)}</dd>
          </div>
          <div className="metric">
            <dt>{t('metric.buildings')}</dt>
            <dd>{n(overview.buildings)}</dd>
          </div>
        </dl>
        <p className="overview__staff muted">{t('overview.staff', { count: overview.staff, value: n(overview.staff) })}</p>

        {b && (
          <section className="panel__section" aria-labelledby="band-title">
            <h3 id="band-title" className="panel__title">
              {t('overview.bandTitle', { min: band.min, max: band.max, count: b.microGrids })}
            </h3>
            <ul className="band-bars" data-testid="overview-band">
              {bandRows.map(({ status, count }) => (
                <li key={status} className="band-bar" data-band={status} data-value={count}>
                  <span className="band-bar__label">{t(`band.status.${status}`)}</span>
                  <span className="band-bar__track" aria-hidden="true">
                    <span className="band-bar__fill" style={{ width: `${share(count)}%`, background: BAND_CHART_COLORS[status] }} />
                  </span>
                  <span className="band-bar__value tabular">
                    {n(count)}
                    <span className="muted"> · {Math.round(share(count))}%</span>
                  </span>
                </li>
              ))}
            </ul>
            <BandHistogram summary={b} band={band} width={CHART_WIDTH} />
          </section>
        )}
      </div>
    </section>
  );
}
