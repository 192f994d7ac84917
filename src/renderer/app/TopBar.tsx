/**
 * The top bar: product name, search, what the map shows (levels, colouring), the file and data
 * actions, and the language switch. Every control dispatches; none computes.
 */
import { useTranslation } from 'react-i18next';
import { GRID_LEVELS } from '@core/model';
import { CHOROPLETH_MODES, type ChoroplethMode } from '@core/stats';
import { useAppState, useDispatch } from './app-context';
import { chooseImportFile, exportGrids } from './commands';
import { Icon } from './Icon';
import { SearchBox } from './SearchBox';
import { useCommands } from './use-commands';

export function TopBar() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const run = useCommands();
  const visibleLevels = useAppState((s) => s.visibleLevels);
  const choropleth = useAppState((s) => s.choropleth);
  const language = useAppState((s) => s.language);
  const ready = useAppState((s) => s.phase === 'ready');
  const busy = useAppState((s) => s.busy);
  const allocating = useAppState((s) => s.allocation.open);

  return (
    <header className="topbar" data-testid="topbar">
      <div className="topbar__brand">
        <span className="brand__mark" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </span>
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__latin" lang="en">
          {t('app.latinName')}
        </span>
      </div>

      <div className="topbar__search">
        <SearchBox />
      </div>

      <div className="topbar__layers">
        <div className="segmented" role="group" aria-label={t('levels.groupLabel')}>
          {GRID_LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              className="segmented__item"
              data-testid={`level-toggle-${level}`}
              aria-pressed={visibleLevels[level]}
              title={t('levels.toggleTitle', { level: t(`level.${level}`) })}
              onClick={() => dispatch({ type: 'levelToggled', level })}
            >
              <span className={`level-swatch level-swatch--${level}`} aria-hidden="true" />
              {t(`levelShort.${level}`)}
            </button>
          ))}
        </div>
        <label className="field-inline">
          <span className="field-inline__label">{t('choropleth.label')}</span>
          <select
            className="select"
            data-testid="choropleth-select"
            value={choropleth}
            onChange={(e) => dispatch({ type: 'choroplethChanged', mode: e.target.value as ChoroplethMode })}
          >
            {CHOROPLETH_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`choropleth.${mode}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="topbar__actions">
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="import-button"
          disabled={!ready || busy}
          onClick={() => run(chooseImportFile)}
        >
          <Icon name="upload" />
          <span>{t('actions.import')}</span>
        </button>
        <button
          type="button"
          className={`btn btn--ghost ${allocating ? 'is-on' : ''}`}
          data-testid="allocate-button"
          aria-pressed={allocating}
          disabled={!ready}
          onClick={() => dispatch({ type: allocating ? 'allocationClosed' : 'allocationOpened' })}
        >
          <Icon name="building" />
          <span>{t('actions.allocate')}</span>
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="export-button"
          disabled={!ready || busy}
          onClick={() => run(exportGrids)}
        >
          <Icon name="download" />
          <span>{t('actions.export')}</span>
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="basemap-button"
          onClick={() => dispatch({ type: 'dialogOpened', dialog: 'basemap' })}
        >
          <Icon name="layers" />
          <span>{t('actions.basemap')}</span>
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--quiet-danger"
          data-testid="reset-demo-button"
          disabled={!ready || busy}
          onClick={() => dispatch({ type: 'dialogOpened', dialog: 'confirm-reset' })}
        >
          <Icon name="reset" />
          <span>{t('actions.resetDemo')}</span>
        </button>
      </div>

      <button
        type="button"
        className="lang-toggle"
        data-testid="language-toggle"
        lang={language === 'zh' ? 'en' : 'zh-CN'}
        aria-label={t('language.switchTo')}
        title={t('language.switchTo')}
        onClick={() => dispatch({ type: 'languageToggled' })}
      >
        <span className={language === 'zh' ? 'is-on' : ''} lang="zh-CN">
          {t('language.zh')}
        </span>
        <span className={language === 'en' ? 'is-on' : ''} lang="en">
          {t('language.en')}
        </span>
      </button>
    </header>
  );
}
