/**
 * i18next for the renderer: Chinese first, English switchable, every resource bundled (the app
 * makes no network request, so there is no HTTP backend). Namespaces: 'app' (shell and panels,
 * owned here), 'map' (owned by the map), 'dashboard' (the incident dashboard), 'feeds' (feed
 * connectors, their settings and rejected messages), 'incident-import' (incident files) and 'patrol'
 * (the patrol coverage tab).
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@core/state';
import enApp from './locales/en/app.json';
import enDashboard from './locales/en/dashboard.json';
import enFeeds from './locales/en/feeds.json';
import enIncidentImport from './locales/en/incident-import.json';
import enMap from './locales/en/map.json';
import enPatrol from './locales/en/patrol.json';
import zhApp from './locales/zh/app.json';
import zhDashboard from './locales/zh/dashboard.json';
import zhFeeds from './locales/zh/feeds.json';
import zhIncidentImport from './locales/zh/incident-import.json';
import zhMap from './locales/zh/map.json';
import zhPatrol from './locales/zh/patrol.json';

export const NAMESPACES = ['app', 'map', 'dashboard', 'feeds', 'incident-import', 'patrol'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const RESOURCES = {
  zh: { app: zhApp, map: zhMap, dashboard: zhDashboard, feeds: zhFeeds, 'incident-import': zhIncidentImport, patrol: zhPatrol },
  en: { app: enApp, map: enMap, dashboard: enDashboard, feeds: enFeeds, 'incident-import': enIncidentImport, patrol: enPatrol },
} as const;

/** `lang` attribute per UI language: screen readers and CJK line breaking go by it. */
export const HTML_LANG: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

/**
 * A ready instance (synchronous init: resources are in memory). A fresh instance, not the global
 * one, so tests and several windows do not share language state.
 */
export function createI18n(language: Language = 'zh'): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: 'zh',
    supportedLngs: ['zh', 'en'],
    ns: [...NAMESPACES],
    defaultNS: 'app',
    initAsync: false,
    // React already escapes text; double escaping would show &lt; in names.
    interpolation: { escapeValue: false },
    returnNull: false,
    // A detail a message names but a problem lacks shows as "?" rather than as "{{name}}".
    missingInterpolationHandler: () => '?',
  });
  return instance;
}

/** Switches the UI language and the document's `lang`. */
export function applyLanguage(instance: I18n, language: Language): void {
  if (instance.language !== language) void instance.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = HTML_LANG[language];
}
