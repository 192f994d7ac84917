/**
 * A compact horizontal bar chart whose bars drill down: labels on the left (they are long, Chinese
 * or English, and a narrow side column has no room for them under columns), the count at each
 * bar's end. A click anywhere on a bar's row, or Enter/Space on a focused bar, picks it.
 * Animation is off: on a live wall it is noise and costs frames.
 */
import type { KeyboardEvent, MouseEvent } from 'react';
import { Bar, BarChart, LabelList, XAxis, YAxis, type BarShapeProps, type YAxisTickContentProps } from 'recharts';

/** One bar. */
export interface HBarDatum {
  /** What `onPick` receives (a status, a major code). */
  key: string;
  label: string;
  value: number;
  color: string;
  /** Accessible name of the bar, e.g. "已派遣：12 件，点击查看". */
  title: string;
}

/** Longest label shown whole; longer ones end in an ellipsis (the full text is in the bar's title). */
const MAX_LABEL_CHARS = 16;

const truncate = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function HBarChart({
  data,
  onPick,
  testId,
  barTestId,
  ariaLabel,
  labelWidth = 104,
  rowHeight = 24,
  maxLabelChars = MAX_LABEL_CHARS,
}: {
  data: readonly HBarDatum[];
  onPick: (key: string) => void;
  testId: string;
  barTestId: string;
  ariaLabel: string;
  labelWidth?: number;
  rowHeight?: number;
  maxLabelChars?: number;
}) {
  const height = data.length * rowHeight + 8;
  const pickIndex = (index: unknown): void => {
    const datum = data[Number(index)];
    if (datum) onPick(datum.key);
  };
  return (
    <figure className="dash-chart" data-testid={testId} aria-label={ariaLabel}>
      <BarChart
        layout="vertical"
        responsive
        width="100%"
        height={height}
        data={data as HBarDatum[]}
        margin={{ top: 4, right: 40, bottom: 4, left: 0 }}
        barCategoryGap={5}
        onClick={(state) => pickIndex(state?.activeTooltipIndex)}
        className="dash-chart__clickable"
      >
        <XAxis type="number" hide allowDecimals={false} domain={[0, (max: number) => Math.max(1, max)]} />
        <YAxis
          type="category"
          dataKey="label"
          width={labelWidth}
          interval={0}
          tickLine={false}
          axisLine={false}
          tick={(props: YAxisTickContentProps) => <LabelTick {...props} maxChars={maxLabelChars} />}
        />
        <Bar dataKey="value" isAnimationActive={false} minPointSize={2} shape={(props: BarShapeProps) => <DrillRect {...props} testId={barTestId} onPick={onPick} />}>
          <LabelList dataKey="value" position="right" offset={6} fontSize={12} fill="#182130" />
        </Bar>
      </BarChart>
    </figure>
  );
}

/** A category label, shortened to `maxChars` with the whole name as its tooltip. */
function LabelTick({ x, y, payload, maxChars }: YAxisTickContentProps & { maxChars: number }) {
  const full = String(payload.value);
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#465164">
      {full.length > maxChars && <title>{full}</title>}
      {truncate(full, maxChars)}
    </text>
  );
}

/** A bar that is also a button: focusable, named, and carrying its key and count for tests. */
export function DrillRect(props: BarShapeProps & { testId: string; onPick: (key: string) => void }) {
  const { x, y, width, height, payload, testId, onPick } = props;
  const datum = payload as HBarDatum | undefined;
  if (!datum) return null;
  const pick = (e: MouseEvent | KeyboardEvent): void => {
    // The chart's own click handler would pick the same bar again.
    e.stopPropagation();
    onPick(datum.key);
  };
  return (
    <rect
      x={x}
      y={y}
      width={Math.max(0, width)}
      height={Math.max(0, height)}
      rx={2}
      fill={datum.color}
      role="button"
      tabIndex={0}
      aria-label={datum.title}
      className="dash-chart__bar"
      data-testid={testId}
      data-key={datum.key}
      data-count={datum.value}
      onClick={pick}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          pick(e);
        }
      }}
    >
      <title>{datum.title}</title>
    </rect>
  );
}
