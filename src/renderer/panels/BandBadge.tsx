/**
 * A micro-grid's households against the 50–70 band, e.g. "63 户 · 在范围内".
 */
import { useTranslation } from 'react-i18next';
import type { BandStatus } from '@core/stats';

export function BandBadge({ status, households, compact = false }: { status: BandStatus; households: number; compact?: boolean }) {
  const { t } = useTranslation('app');
  return (
    <span className={`band band--${status}`} data-band={status} title={t('band.title', { households, status: t(`band.status.${status}`) })}>
      <span className="band__dot" aria-hidden="true" />
      {compact ? t(`band.short.${status}`) : t('band.label', { households, status: t(`band.status.${status}`) })}
    </span>
  );
}
