/**
 * The patrol tab's header: the coverage period, the run's status (progress, when computed and how
 * long it took, or why it failed), the map's patrol layers and the settings. Settings are checked
 * with core isPatrolSettingValid before anything is dispatched; a bad value shows its range.
 */
import { chinaIso } from '@core/china-time';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridLevel } from '@core/model';
import type { CoverageReport } from '@core/patrol/coverage-report';
import { COVERAGE_PERIODS, isPatrolSettingValid, PATROL_LAYERS, PATROL_SETTING_BOUNDS, type CoveragePeriod, type PatrolSettings, type PatrolViewState } from '@core/state';
import { useDispatch } from '../../app/app-context';
import { ChinaTimeInput } from './ChinaTimeInput';
import { chinaClock } from './patrol-view-model';

const SETTING_KEYS: readonly (keyof PatrolSettings)[] = ['radiusM', 'visitRadiusM', 'visitMinStayMin', 'unvisitedDays', 'reportCutoffHour'];

export function PatrolHeader({ view, report, window }: { view: PatrolViewState; report: CoverageReport | null; window: { from: number; to: number } | null }) {
  const { t } = useTranslation('patrol');
  const dispatch = useDispatch();
  const [draft, setDraft] = useState<Partial<Record<keyof PatrolSettings, string>>>({});

  const setPeriod = (period: CoveragePeriod): void => {
    if (period !== 'custom' || !window) {
      dispatch({ type: 'patrolPeriodChanged', period });
      return;
    }
    // A custom period starts as the window on screen, so switching to it changes nothing until edited.
    dispatch({ type: 'patrolPeriodChanged', period, from: view.customFrom ?? chinaIso(window.from), to: view.customTo ?? chinaIso(window.to) });
  };
  const commitSetting = (key: keyof PatrolSettings, text: string): void => {
    const value = Number(text);
    if (text.trim() === '' || !isPatrolSettingValid(key, value)) return;
    dispatch({ type: 'patrolSettingsChanged', settings: { [key]: value } });
    setDraft((d) => ({ ...d, [key]: undefined }));
  };

  const run = view.run;
  return (
    <header className="patrol-header">
      <div className="patrol-period" role="group" aria-label={t('period.label')}>
        <select className="select" data-testid="patrol-period" aria-label={t('period.label')} value={view.period} onChange={(e) => setPeriod(e.target.value as CoveragePeriod)}>
          {COVERAGE_PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`period.${p}`)}
            </option>
          ))}
        </select>
        {view.period === 'custom' && (
          <>
            <ChinaTimeInput label={t('period.from')} testId="patrol-custom-from" value={view.customFrom} onChange={(from) => dispatch({ type: 'patrolPeriodChanged', period: 'custom', from })} />
            <ChinaTimeInput label={t('period.to')} testId="patrol-custom-to" value={view.customTo} onChange={(to) => dispatch({ type: 'patrolPeriodChanged', period: 'custom', to })} />
          </>
        )}
      </div>

      <div className="patrol-run" data-testid="patrol-run" data-status={run.status} role="status">
        {run.status === 'running' && (
          <>
            <progress max={1} value={run.fraction} aria-label={t('run.progressLabel')} data-testid="patrol-progress" />
            <span className="muted">{t('run.computing', { pct: Math.round(run.fraction * 100) })}</span>
          </>
        )}
        {run.status === 'failed' && (
          <span className="patrol-error" data-testid="patrol-run-error">
            {t('run.failed', { message: run.error ?? '' })}
          </span>
        )}
        {run.status !== 'running' && report && (
          <span className="muted">{t('run.done', { time: chinaClock(report.nowMs), ms: Math.round(report.elapsedMs).toLocaleString(), fixes: report.fixesInWindow.toLocaleString() })}</span>
        )}
        {run.status === 'idle' && !report && <span className="muted">{t('run.idle')}</span>}
      </div>

      <div className="patrol-layers" role="group" aria-label={t('layers.title')}>
        {PATROL_LAYERS.map((layer) => (
          <label key={layer} className="patrol-check">
            <input type="checkbox" data-testid={`patrol-layer-${layer}`} checked={view.layers[layer]} onChange={(e) => dispatch({ type: 'patrolLayerToggled', layer, on: e.target.checked })} />
            {t(`layers.${layer}`)}
          </label>
        ))}
        <label className="patrol-inline">
          <span className="patrol-inline__label">{t('layers.level')}</span>
          <select
            className="select dash-select"
            data-testid="patrol-coverage-level"
            value={view.coverageLevel}
            onChange={(e) => dispatch({ type: 'coverageLevelChanged', level: Number(e.target.value) as GridLevel })}
          >
            <option value={3}>{t('layers.level3')}</option>
            <option value={4}>{t('layers.level4')}</option>
          </select>
        </label>
      </div>

      <details className="patrol-settings" data-testid="patrol-settings">
        <summary>{t('settings.title')}</summary>
        {SETTING_KEYS.map((key) => {
          const text = draft[key] ?? String(view.settings[key]);
          const [min, max] = PATROL_SETTING_BOUNDS[key];
          const valid = text.trim() !== '' && isPatrolSettingValid(key, Number(text));
          const errorId = `patrol-setting-${key}-error`;
          return (
            <label key={key} className="patrol-setting">
              <span>{t(`settings.${key}`)}</span>
              <input
                type="number"
                className="input"
                inputMode="decimal"
                min={min}
                max={max}
                step={key === 'reportCutoffHour' ? 1 : 'any'}
                data-testid={`patrol-setting-${key}`}
                aria-invalid={!valid}
                aria-describedby={valid ? undefined : errorId}
                value={text}
                onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
                onBlur={(e) => commitSetting(key, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') commitSetting(key, e.currentTarget.value);
                }}
              />
              {!valid && (
                <span className="patrol-error" id={errorId} data-testid={errorId}>
                  {t(key === 'reportCutoffHour' ? 'settings.wholeHour' : 'settings.range', { min, max })}
                </span>
              )}
            </label>
          );
        })}
      </details>
    </header>
  );
}
