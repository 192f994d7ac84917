/**
 * One worker's time per hour (per China day for long windows) in their own grid, outside it, and
 * without a fix, stacked (panels/patrol/worker-activity.ts says why this is the chart a supervisor
 * needs). The distance of each bucket is in its tooltip.
 */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { ActivityBucket } from '../panels/patrol/worker-activity';
import { chinaClock, formatDuration, formatKm } from '../panels/patrol/patrol-view-model';

export const ACTIVITY_COLORS = { inside: '#2f9e44', outside: '#e67700', untracked: '#ced4da' } as const;

const HOUR_MS = 3_600_000;

interface Datum extends ActivityBucket {
  label: string;
  inside: number;
  outside: number;
  untracked: number;
}

export function WorkerActivityChart({ buckets, height = 150 }: { buckets: readonly ActivityBucket[]; height?: number }) {
  const { t } = useTranslation('patrol');
  // Per-hour buckets in minutes, day buckets in hours: the axis reads 0–60 or 0–24.
  const daily = buckets.some((b) => b.to - b.from > HOUR_MS);
  const scale = daily ? HOUR_MS : 60_000;
  const data: Datum[] = buckets.map((b) => ({
    ...b,
    label: daily ? new Date(b.from + 8 * HOUR_MS).toISOString().slice(5, 10) : t('activity.hour', { h: Number(chinaClock(b.from).slice(0, 2)) }),
    inside: b.insideMs / scale,
    outside: b.outsideMs / scale,
    untracked: b.untrackedMs / scale,
  }));
  const every = Math.max(1, Math.ceil(data.length / 8));
  return (
    <figure className="dash-chart" data-testid="patrol-activity" data-buckets={buckets.length} aria-label={t('activity.label')}>
      <p className="dash-legend" aria-hidden="true">
        {(['inside', 'outside', 'untracked'] as const).map((k) => (
          <span key={k} className="dash-legend__item">
            <span className="dash-legend__swatch" style={{ background: ACTIVITY_COLORS[k] }} />
            {t(`activity.${k}`)}
          </span>
        ))}
      </p>
      <BarChart responsive width="100%" height={height} data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap="12%">
        <CartesianGrid vertical={false} stroke="#e3e7ed" />
        <XAxis dataKey="label" interval={0} tickLine={false} axisLine={{ stroke: '#c9ced6' }} tick={{ fontSize: 10, fill: '#5b6474' }} tickFormatter={(v: string, i: number) => (i % every === 0 ? v : '')} />
        <YAxis width={30} domain={[0, daily ? 24 : 60]} allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 10, fill: '#5b6474' }} unit={daily ? t('activity.unitH') : ''} />
        <Tooltip cursor={{ fill: 'rgba(20, 40, 80, 0.06)' }} isAnimationActive={false} content={(props) => <ActivityTooltip {...props} daily={daily} />} />
        <Bar dataKey="inside" stackId="a" fill={ACTIVITY_COLORS.inside} isAnimationActive={false} />
        <Bar dataKey="outside" stackId="a" fill={ACTIVITY_COLORS.outside} isAnimationActive={false} />
        <Bar dataKey="untracked" stackId="a" fill={ACTIVITY_COLORS.untracked} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

function ActivityTooltip({ active, payload, daily }: TooltipContentProps & { daily: boolean }) {
  const { t } = useTranslation('patrol');
  const b = payload?.[0]?.payload as Datum | undefined;
  if (!active || !b) return null;
  return (
    <div className="chart-tooltip">
      {t('activity.tooltip', {
        // A day bucket is named by its date, an hour by its clock times.
        span: daily ? b.label : `${chinaClock(b.from)}–${chinaClock(b.to)}`,
        inside: formatDuration(b.insideMs),
        outside: formatDuration(b.outsideMs),
        untracked: formatDuration(b.untrackedMs),
        km: formatKm(b.distanceM),
      })}
    </div>
  );
}
