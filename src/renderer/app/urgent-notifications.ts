/**
 * OS notifications for new urgent incidents, next to the in-app toast the reducer raises: the
 * operator may be in another window when a priority 1 case comes in. It watches the store and
 * decides what is news by the reducer's rule (new, priority 1, reported within URGENT_NEWS_MS of
 * the incidents clock, so a catch-up after a restart is not news), each incident at most once.
 * Clicking a notification selects its incident and flies the map to it.
 */
import type { TFunction } from 'i18next';
import type { GridroomBridge } from '@shared/bridge';
import { caseClass } from '@core/incidents/classes';
import type { Incident } from '@core/incidents/model';
import { URGENT_NEWS_MS, type IncidentsState } from '@core/state';
import type { AppStore } from './app-store';

/** Notifications for single incidents per store change; beyond that, one summary. */
export const MAX_URGENT_NOTIFICATIONS = 3;

/** Ids remembered as notified; the oldest are forgotten beyond this (they are long past news). */
export const NOTIFIED_IDS_KEPT = 1000;

/** The i18n function of the caller, e.g. `i18n.t.bind(i18n)`, or a plain function (tests). */
export type Translate = TFunction | ((key: string, params?: Record<string, string | number>) => string);

/**
 * The urgent incidents that `after` has and `before` did not, in arrival order, that count as news
 * at `after.now` and are not in `notified`. Pure, for tests.
 */
export function newUrgentIncidents(before: IncidentsState, after: IncidentsState, notified: ReadonlySet<string>): Incident[] {
  if (after === before || (after.revision === before.revision && after.recent === before.recent)) return [];
  const nowMs = Date.parse(after.now);
  const found: Incident[] = [];
  const seen = new Set<string>();
  // lastChanged holds the whole last batch; recent only its newest RECENT_KEPT new ids.
  for (const id of [...after.lastChanged, ...after.recent]) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (before.byId.has(id) || notified.has(id)) continue;
    const incident = after.byId.get(id);
    if (!incident || incident.priority !== 1) continue;
    // The reducer's test, written the same way so toast and notification always agree.
    if (nowMs - Date.parse(incident.reportedAt) > URGENT_NEWS_MS) continue;
    found.push(incident);
  }
  return found;
}

/**
 * Starts the notifications; returns the function that stops them.
 *
 * Text keys (looked up through `t`): notifications.urgentTitle, notifications.urgentBody
 * ({{title}}, {{category}}, {{categoryEn}}, {{id}}), notifications.moreUrgentTitle and
 * notifications.moreUrgentBody ({{count}}).
 */
export function startUrgentNotifications(appStore: AppStore, bridge: GridroomBridge, t: Translate): () => void {
  const notified = new Set<string>();
  let previous = appStore.getState().incidents;

  const remember = (id: string): void => {
    notified.add(id);
    // A Set iterates in insertion order: the first is the oldest.
    if (notified.size > NOTIFIED_IDS_KEPT) notified.delete(notified.values().next().value as string);
  };

  const show = (title: string, body: string, incidentId?: string): void => {
    const request = incidentId === undefined ? { title, body } : { title, body, incidentId };
    bridge.notify(request).catch((error: unknown) => {
      console.warn('[notifications] could not show an urgent-incident notification', error);
    });
  };

  const unsubscribeStore = appStore.subscribe(() => {
    const incidents = appStore.getState().incidents;
    if (incidents === previous) return;
    const news = newUrgentIncidents(previous, incidents, notified);
    previous = incidents;
    for (const incident of news) remember(incident.id);
    for (const incident of news.slice(0, MAX_URGENT_NOTIFICATIONS)) {
      const cls = caseClass(incident.category);
      show(
        t('notifications.urgentTitle'),
        t('notifications.urgentBody', {
          title: incident.title,
          category: cls?.zh ?? incident.category,
          categoryEn: cls?.en ?? incident.category,
          id: incident.id,
        }),
        incident.id,
      );
    }
    const more = news.length - MAX_URGENT_NOTIFICATIONS;
    if (more > 0) show(t('notifications.moreUrgentTitle', { count: more }), t('notifications.moreUrgentBody', { count: more }));
  });

  const unsubscribeClicks = bridge.onNotificationClick((id) => {
    appStore.dispatch({ type: 'incidentSelected', id, fly: true });
  });

  return () => {
    unsubscribeStore();
    unsubscribeClicks();
  };
}
