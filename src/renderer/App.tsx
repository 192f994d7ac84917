/**
 * The operator window: top bar, map, side panel, live strip, toasts and dialogs. App wires the
 * services (local store, bridge, i18n) to the app store; the parts below only read state and
 * dispatch.
 */
import { useEffect, useMemo, useState } from 'react';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { GridroomBridge, MenuCommand } from '@shared/bridge';
import { AppServicesContext, useAppState, useDispatch, useServices, type AppServices } from './app/app-context';
import type { AppStore } from './app/app-store';
import { chooseImportFile, describeError, exportGrids, importIncidents, startApp } from './app/commands';
import { focusSearch } from './app/focus';
import { startIncidentClock } from './app/incident-clock';
import { interpretKey } from './app/keyboard';
import { LiveStrip } from './app/LiveStrip';
import { MapArea } from './app/MapArea';
import { persistIncidents } from './app/persist-incidents';
import { persistPatrol } from './app/persist-patrol';
import { startCoverageRunner } from './patrol/coverage-runner';
import { loadFeedSettings, persistSettings } from './app/persist-settings';
import { demoFeedOptionsFromUrl, startDemoFeed } from './feed/demo-feed-runner';
import { startFeedConnectors } from './feed/feed-connectors';
import { StatusToasts } from './app/StatusToasts';
import { TopBar } from './app/TopBar';
import { startUrgentNotifications } from './app/urgent-notifications';
import { useCommands } from './app/use-commands';
import { applyLanguage } from './i18n';
import { BasemapDialog } from './panels/BasemapDialog';
import { ConfirmResetDialog } from './panels/ConfirmResetDialog';
import { FeedsDialog } from './panels/FeedsDialog';
import { SignInDialog } from './panels/SignInDialog';
import { ImportDialog } from './panels/ImportDialog';
import { SidePanel } from './panels/SidePanel';
import { openStore, type GridroomStore } from './storage';

export interface AppProps {
  appStore: AppStore;
  bridge: GridroomBridge;
  i18n: I18n;
}

export function App({ appStore, bridge, i18n }: AppProps) {
  const [store, setStore] = useState<GridroomStore | null>(null);

  // Open the local database once; everything that needs it waits for it.
  useEffect(() => {
    let cancelled = false;
    let opened: GridroomStore | null = null;
    let stopLive = (): void => undefined;
    // The patrol writer's last flush, which must land before the database closes.
    let stopPatrolPersistence = (): Promise<void> => Promise.resolve();
    const t = i18n.t.bind(i18n);
    openStore()
      .then((s) => {
        if (cancelled) {
          s.close();
          return;
        }
        opened = s;
        setStore(s);
        void startApp({ appStore, bridge, store: s, t }).then(() => {
          if (cancelled) return;
          // Persist first, so the demo feed's first batch is written like every later one.
          const persistence = persistIncidents(appStore, s, (err) =>
            appStore.dispatch({ type: 'statusShown', kind: 'error', key: 'status.incidentsSaveFailed', params: { message: describeError(err, t) } }),
          );
          // Tracks, visits and daily reports, written at most every 5 s (restored by startApp).
          const patrolPersistence = persistPatrol(appStore, s, (err) =>
            appStore.dispatch({ type: 'statusShown', kind: 'error', key: 'status.patrolSaveFailed', params: { message: describeError(err, t) } }),
          );
          stopPatrolPersistence = async () => {
            patrolPersistence.stop();
            await patrolPersistence.flush();
          };
          const stopNotifications = startUrgentNotifications(appStore, bridge, t);
          // Patrol coverage in a Web Worker, only while the patrol tab or a coverage layer is shown.
          const stopCoverage = startCoverageRunner(appStore);
          const district = appStore.getState().district;
          const feedOptions = demoFeedOptionsFromUrl(window.location.search);
          // One clock for deadlines whatever feeds run; the demo's (possibly shifted) clock when it runs.
          const stopClock = startIncidentClock(appStore, { clock: feedOptions.clock });
          const feed = district && feedOptions.enabled !== false ? startDemoFeed(appStore, district, { ...feedOptions, historyAfterMapReady: true }) : null;
          let connectors: { stop(): void } | null = null;
          stopLive = () => {
            feed?.stop();
            connectors?.stop();
            stopClock();
            stopNotifications();
            stopCoverage();
            persistence.stop();
          };
          // The operator's own feeds, once their resume points are back (startApp restored them).
          // With none configured nothing connects anywhere.
          void loadFeedSettings(appStore, s).then(() => {
            if (!cancelled && appStore.getState().district) connectors = startFeedConnectors(appStore, { bridge });
          });
        });
      })
      .catch((err: unknown) => appStore.dispatch({ type: 'districtLoadFailed', message: describeError(err, t) }));
    return () => {
      cancelled = true;
      stopLive();
      const closing = opened;
      void stopPatrolPersistence().finally(() => closing?.close());
    };
  }, [appStore, bridge, i18n]);

  useEffect(() => {
    if (!store) return;
    return persistSettings(appStore, store, (err) =>
      appStore.dispatch({
        type: 'statusShown',
        kind: 'error',
        key: 'status.settingsFailed',
        params: { message: describeError(err, i18n.t.bind(i18n)) },
      }),
    );
  }, [appStore, store, i18n]);

  const services = useMemo<AppServices>(() => ({ appStore, store, bridge }), [appStore, store, bridge]);

  return (
    <I18nextProvider i18n={i18n}>
      <AppServicesContext.Provider value={services}>
        <Shell />
      </AppServicesContext.Provider>
    </I18nextProvider>
  );
}

/** The layout and the window-wide behaviour (language, keyboard, native menu). */
function Shell() {
  const { t, i18n } = useTranslation('app');
  const dispatch = useDispatch();
  const { appStore, bridge } = useServices();
  const run = useCommands();
  const language = useAppState((s) => s.language);
  const phase = useAppState((s) => s.phase);
  const loadError = useAppState((s) => s.loadError);
  const dialog = useAppState((s) => s.dialog);
  const allocating = useAppState((s) => s.allocation.open);

  useEffect(() => {
    applyLanguage(i18n, language);
    document.title = t('app.windowTitle');
  }, [i18n, language, t]);

  // Keyboard on the window, in the capture phase, so an arrow step is not also a map pan.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const verdict = interpretKey(
        {
          key: e.key,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          targetTag: target?.tagName ?? 'BODY',
          targetEditable: target?.isContentEditable ?? false,
        },
        appStore.getState(),
      );
      if (!verdict) return;
      if (verdict.kind === 'focus-search') {
        e.preventDefault();
        focusSearch();
        return;
      }
      const before = appStore.getState();
      appStore.dispatch(verdict.action);
      // Only swallow the key when it did something, so Esc still reaches inputs otherwise.
      if (appStore.getState() !== before && e.key !== 'Escape') {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [appStore]);

  // Commands from the native menu (Electron); the browser adapter never sends any.
  useEffect(() => {
    const onCommand = (command: MenuCommand): void => {
      switch (command) {
        case 'import-grids':
          run(chooseImportFile);
          break;
        case 'export-grids':
          run(exportGrids);
          break;
        case 'reset-demo':
          dispatch({ type: 'dialogOpened', dialog: 'confirm-reset' });
          break;
        case 'toggle-language':
          dispatch({ type: 'languageToggled' });
          break;
        case 'focus-search':
          focusSearch();
          break;
        case 'open-basemap-settings':
          dispatch({ type: 'dialogOpened', dialog: 'basemap' });
          break;
        case 'allocate-buildings':
          dispatch({ type: 'allocationOpened' });
          break;
        case 'import-incidents':
          run(importIncidents);
          break;
      }
    };
    return bridge.onMenuCommand(onCommand);
  }, [bridge, dispatch, run]);

  return (
    <div className="app" data-testid="app-root" data-phase={phase}>
      <TopBar />
      <main className={`app__main ${allocating ? 'is-allocating' : ''}`}>
        <section className="app__map" aria-label={t('map.regionLabel')}>
          {phase === 'ready' ? (
            <MapArea />
          ) : (
            <div className={`app__placeholder ${phase === 'error' ? 'is-error' : ''}`} role={phase === 'error' ? 'alert' : 'status'}>
              {phase === 'error' ? (
                <>
                  <strong>{t('load.failed')}</strong>
                  <span>{loadError}</span>
                </>
              ) : (
                t('load.loading')
              )}
            </div>
          )}
          <StatusToasts />
        </section>
        <SidePanel />
      </main>
      <LiveStrip />
      {dialog === 'import' && <ImportDialog />}
      {dialog === 'basemap' && <BasemapDialog />}
      {dialog === 'confirm-reset' && <ConfirmResetDialog />}
      {dialog === 'feeds' && <FeedsDialog />}
      {dialog === 'sign-in' && <SignInDialog />}
    </div>
  );
}
