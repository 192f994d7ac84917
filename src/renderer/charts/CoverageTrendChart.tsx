/**
 * Daily coverage of a few units over the last days, one line each (panels/patrol/patrol-view-model.ts
 * trendView picks the units). Percent on a fixed 0–100 axis, so two days' lines compare at a glance.
 */
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendView } from '../panels/patrol/patrol-view-model';

/** Line colours in series order: the district first (dark), then the grids. */
export const TREND_COLORS = ['#34435c', '#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9'] as const;

export function CoverageTrendChart({ trend, nameOf, height = 190 }: { trend: TrendView; nameOf: (code: string) => string; height?: number }) {
  const { t } = useTranslation('patrol');
  return (
    <figure className="dash-chart" data-testid="patrol-trend" data-series={trend.codes.join(',')} aria-label={t('trend.label')}>
      <LineChart responsive width="100%" height={height} data={trend.points} margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e3e7ed" vertical={false} />
        <XAxis dataKey="date" tick={{ fontSize: 11, fill: '#5b6474' }} tickLine={false} axisLine={{ stroke: '#c9ced6' }} />
        <YAxis domain={[0, 100]} unit="%" width={40} tick={{ fontSize: 11, fill: '#5b6474' }} tickLine={false} axisLine={false} />
        <Tooltip isAnimationActive={false} formatter={(v) => (v === null || v === undefined ? '—' : `${String(v)}%`)} />
        <Legend wrapperStyle={{ fontSize: 11, lineHeight: '14px' }} />
        {trend.codes.map((code, i) => (
          <Line
            key={code}
            type="monotone"
            dataKey={code}
            name={nameOf(code)}
            stroke={TREND_COLORS[i % TREND_COLORS.length]}
            strokeWidth={i === 0 ? 2.5 : 1.75}
            dot={{ r: 2 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}
