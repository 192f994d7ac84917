/**
 * Reports and closures per hour over the last 24 hours, side by side. A click on an hour (either
 * bar, or the gap between) lists the cases reported in it: the list can single out a report
 * window, not a closing one, so the reported bar is the one that drills.
 */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from 'recharts';
import type { HourBucket } from '@core/incidents/dashboard';

export const HOUR_CHART_COLORS = { reported: '#1971c2', closed: '#2b8a3e' } as const;

/** Hour of an ISO time as written ('2026-11-22T15:00:00+08:00' → '15:00'). */
const clock = (iso: string): string => iso.slice(11, 16);

export function HourChart({ hours, onPick, height = 150 }: { hours: readonly HourBucket[]; onPick: (bucket: HourBucket) => void; height?: number }) {
  const { t } = useTranslation('dashboard');
  const pickIndex = (index: unknown): void => {
    const bucket = hours[Number(index)];
    if (bucket) onPick(bucket);
  };
  return (
    <figure className="dash-chart" data-testid="dashboard-hour-chart" aria-label={t('perHour.label')}>
      <p className="dash-legend" aria-hidden="true">
        <span className="dash-legend__item">
          <span className="dash-legend__swatch" style={{ background: HOUR_CHART_COLORS.reported }} />
          {t('perHour.reported')}
        </span>
        <span className="dash-legend__item">
          <span className="dash-legend__swatch" style={{ background: HOUR_CHART_COLORS.closed }} />
          {t('perHour.closed')}
        </span>
      </p>
      <BarChart
        responsive
        width="100%"
        height={height}
        data={hours as HourBucket[]}
        margin={{ top: 6, right: 4, bottom: 0, left: 0 }}
        barCategoryGap="18%"
        barGap={1}
        onClick={(state) => pickIndex(state?.activeTooltipIndex)}
        className="dash-chart__clickable"
      >
        <CartesianGrid vertical={false} stroke="#e3e7ed" />
        <XAxis
          dataKey="hour"
          interval={0}
          tickLine={false}
          axisLine={{ stroke: '#c9ced6' }}
          tick={{ fontSize: 11, fill: '#5b6474' }}
          // Every third hour: 24 labels do not fit a side column.
          tickFormatter={(hour: number, index: number) => ((hours.length - 1 - index) % 3 === 0 ? t('perHour.hour', { hour }) : '')}
        />
        <YAxis allowDecimals={false} width={30} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#5b6474' }} />
        <Tooltip cursor={{ fill: 'rgba(20, 40, 80, 0.06)' }} isAnimationActive={false} content={(props) => <HourTooltip {...props} />} />
        <Bar
          dataKey="reported"
          name={t('perHour.reported')}
          fill={HOUR_CHART_COLORS.reported}
          isAnimationActive={false}
          shape={(props: BarShapeProps) => <HourRect {...props} onPick={onPick} />}
        />
        <Bar dataKey="closed" name={t('perHour.closed')} fill={HOUR_CHART_COLORS.closed} isAnimationActive={false} radius={[2, 2, 0, 0]} />
      </BarChart>
    </figure>
  );
}

/** The reported bar of an hour: a button carrying the hour and its count for tests. */
function HourRect(props: BarShapeProps & { onPick: (bucket: HourBucket) => void }) {
  const { t } = useTranslation('dashboard');
  const { x, y, width, height, payload, onPick } = props;
  const bucket = payload as HourBucket | undefined;
  if (!bucket) return null;
  const title = t('perHour.tooltip', { from: clock(bucket.from), to: clock(bucket.to), reported: bucket.reported, closed: bucket.closed });
  return (
    <rect
      x={x}
      y={y}
      width={Math.max(0, width)}
      height={Math.max(0, height)}
      fill={HOUR_CHART_COLORS.reported}
      role="button"
      tabIndex={0}
      aria-label={title}
      className="dash-chart__bar"
      data-testid="dashboard-hour-bar"
      data-from={bucket.from}
      data-count={bucket.reported}
      onClick={(e) => {
        e.stopPropagation();
        onPick(bucket);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(bucket);
        }
      }}
    />
  );
}

function HourTooltip({ active, payload }: TooltipContentProps) {
  const { t } = useTranslation('dashboard');
  const bucket = payload?.[0]?.payload as HourBucket | undefined;
  if (!active || !bucket) return null;
  return <div className="chart-tooltip">{t('perHour.tooltip', { from: clock(bucket.from), to: clock(bucket.to), reported: bucket.reported, closed: bucket.closed })}</div>;
}
