/**
 * Households per micro-grid as a histogram, the 50–70 band shaded, bars coloured by where their
 * bucket falls. Fixed size: the side panel has a fixed width, and a fixed chart avoids a resize
 * observer and layout jumps.
 */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Cell, ReferenceArea, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { HouseholdBand } from '@core/model';
import type { BandStatus, BandSummary } from '@core/stats';

/** Same hues as the map's band choropleth, a step darker so thin bars read on white. */
export const BAND_CHART_COLORS: Record<BandStatus, string> = {
  under: '#6a9fcf',
  in: '#5fa874',
  over: '#d9804d',
};

interface Bucket {
  from: number;
  to: number;
  mid: number;
  count: number;
  status: BandStatus;
}

function bucketStatus(from: number, to: number, band: HouseholdBand): BandStatus {
  // A bucket counts as in the band when its middle is: edges straddle, the middle decides.
  const mid = (from + to) / 2;
  return mid < band.min ? 'under' : mid > band.max + 1 ? 'over' : 'in';
}

export function BandHistogram({
  summary,
  band,
  width,
  height = 150,
}: {
  summary: BandSummary;
  band: HouseholdBand;
  width: number;
  height?: number;
}) {
  const { t } = useTranslation('app');
  const data: Bucket[] = summary.histogram.map((h) => ({
    ...h,
    mid: (h.from + h.to) / 2,
    status: bucketStatus(h.from, h.to, band),
  }));
  if (data.length === 0) return <p className="muted">{t('overview.noMicroGrids')}</p>;
  const lo = Math.min(data[0].from, band.min);
  const hi = Math.max(data[data.length - 1].to, band.max);
  return (
    <figure className="histogram" data-testid="band-histogram">
      <BarChart width={width} height={height} data={data} margin={{ top: 16, right: 8, bottom: 0, left: -18 }} barCategoryGap={1}>
        <ReferenceArea
          x1={band.min}
          x2={band.max}
          fill={BAND_CHART_COLORS.in}
          fillOpacity={0.12}
          stroke={BAND_CHART_COLORS.in}
          strokeOpacity={0.5}
          strokeDasharray="3 3"
          ifOverflow="extendDomain"
          label={{ value: t('overview.bandLabel', { min: band.min, max: band.max }), position: 'insideTop', fontSize: 11, fill: '#3e7a50', offset: -13 }}
        />
        <XAxis
          dataKey="mid"
          type="number"
          domain={[lo, hi]}
          ticks={tickValues(lo, hi, band)}
          tick={{ fontSize: 11, fill: '#5b6474' }}
          tickLine={false}
          axisLine={{ stroke: '#c9ced6' }}
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#5b6474' }} tickLine={false} axisLine={false} width={44} />
        <Tooltip cursor={{ fill: 'rgba(20, 40, 80, 0.06)' }} content={(props) => <HistogramTooltip {...props} />} isAnimationActive={false} />
        <Bar dataKey="count" isAnimationActive={false} radius={[2, 2, 0, 0]}>
          {data.map((d) => (
            <Cell key={d.from} fill={BAND_CHART_COLORS[d.status]} />
          ))}
        </Bar>
      </BarChart>
      <figcaption className="histogram__caption">{t('overview.histogramCaption')}</figcaption>
    </figure>
  );
}

/** Ticks at the band's edges and round numbers around them, so 50 and 70 are always labelled. */
function tickValues(lo: number, hi: number, band: HouseholdBand): number[] {
  const step = hi - lo > 120 ? 50 : hi - lo > 60 ? 20 : 10;
  const ticks = new Set<number>([band.min, band.max]);
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    if (Math.abs(v - band.min) >= step / 2 && Math.abs(v - band.max) >= step / 2) ticks.add(v);
  }
  return [...ticks].sort((a, b) => a - b);
}

function HistogramTooltip({ active, payload }: TooltipContentProps) {
  const { t } = useTranslation('app');
  const bucket = payload?.[0]?.payload as Bucket | undefined;
  if (!active || !bucket) return null;
  return (
    <div className="chart-tooltip">
      {t('overview.histogramTooltip', { from: bucket.from, to: bucket.to - 1, count: bucket.count })}
    </div>
  );
}
