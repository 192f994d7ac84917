/**
 * The grid coverage ranking as horizontal bars, lowest coverage first (the table beside it is
 * built from the same rows: panels/patrol/patrol-view-model.ts rankingBars). A bar picks its unit.
 */
import { useTranslation } from 'react-i18next';
import type { RankingBar } from '../panels/patrol/patrol-view-model';
import { HBarChart } from './HBarChart';

/** Bar colour by coverage: the same three steps the coverage layer's legend reads as low / partial / good. */
export function coverageColor(pct: number): string {
  return pct < 20 ? '#c92a2a' : pct < 50 ? '#e67700' : '#2f9e44';
}

export function CoverageRankingChart({ bars, onPick }: { bars: readonly RankingBar[]; onPick: (code: string) => void }) {
  const { t } = useTranslation('patrol');
  return (
    <HBarChart
      testId="patrol-ranking-chart"
      barTestId="patrol-ranking-bar"
      ariaLabel={t('ranking.label')}
      labelWidth={128}
      maxLabelChars={9}
      data={bars.map((b) => ({
        key: b.code,
        label: b.name,
        value: b.pct,
        color: coverageColor(b.pct),
        title: t('ranking.bar', { name: b.name, share: `${b.pct}%` }),
      }))}
      onPick={onPick}
    />
  );
}
