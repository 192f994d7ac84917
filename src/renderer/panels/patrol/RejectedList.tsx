/**
 * Refused patrol messages: counts per code and the last few with their reasons (codes from core
 * positions.ts). A code this build does not know (a newer feed, a newer core) shows as the code
 * itself with its parameters, rather than disappearing.
 */
import { useTranslation } from 'react-i18next';
import type { PositionRejection } from '@core/patrol/positions';
import { chinaDayClock } from './patrol-view-model';

export function RejectedList({ counts, recent, workerName }: { counts: readonly { code: string; count: number }[]; recent: readonly PositionRejection[]; workerName: (id: string) => string }) {
  const { t, i18n } = useTranslation('patrol');
  const reason = (r: PositionRejection): string => {
    const key = `rejected.reason.${r.code}`;
    if (i18n.exists(key, { ns: 'patrol' })) return t(key, r.params);
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`);
    return params.length > 0 ? `${r.code} (${params.join(', ')})` : r.code;
  };
  return (
    <section className="panel__section dash-section" aria-labelledby="patrol-rejected-title">
      <h3 id="patrol-rejected-title" className="panel__title">
        {t('rejected.title')}
      </h3>
      {counts.length === 0 ? (
        <p className="muted" data-testid="patrol-rejected-none">
          {t('rejected.none')}
        </p>
      ) : (
        <div data-testid="patrol-rejected">
          <ul className="patrol-list patrol-list--counts" data-testid="patrol-rejected-counts">
            {counts.map(({ code, count }) => (
              <li key={code} className="patrol-list__row" data-code={code} data-count={count}>
                <span className="patrol-list__main">{t(`rejected.code.${code}`, { defaultValue: code })}</span>
                <span className="tabular">{count}</span>
              </li>
            ))}
          </ul>
          {recent.length > 0 && (
            <>
              <h4 className="patrol-subtitle">{t('rejected.recent')}</h4>
              <ul className="patrol-list" data-testid="patrol-rejected-recent">
                {recent.map((r, i) => (
                  <li key={`${r.at}-${r.workerId}-${i}`} className="patrol-list__row" data-code={r.code}>
                    <span className="patrol-list__main">
                      <span className="patrol-list__sub muted">
                        {t('rejected.row', { time: chinaDayClock(r.at), kind: t(`rejected.kind.${r.kind ?? 'position'}`, { defaultValue: r.kind ?? '' }), worker: workerName(r.workerId) })}
                      </span>
                      <span className="patrol-list__sub">{reason(r)}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
