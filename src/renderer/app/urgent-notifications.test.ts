import { beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import type { District } from '@core/model';
import type { AppNotification, GridroomBridge } from '@shared/bridge';
import { createAppStore, type AppStore } from './app-store';
import { MAX_URGENT_NOTIFICATIONS, startUrgentNotifications, type Translate } from './urgent-notifications';

let district: District;
let inside: [number, number];

beforeAll(() => {
  district = generateDemoDistrict();
  const mg = district.grids.find((g) => g.level === 4 && g.kind === 'base');
  if (!mg) throw new Error('no micro-grid');
  const ring = (mg.geometry.type === 'Polygon' ? mg.geometry.coordinates : mg.geometry.coordinates[0])[0];
  const n = ring.length - 1;
  inside = [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n];
});

const NOW = '2026-11-22T09:05:00+08:00';
const receivedAt = '2026-11-22T09:05:01+08:00';
let seq = 0;

/** An incident message; priority 1 and reported a minute before NOW unless told otherwise. */
function incident(id: string, over: Record<string, unknown> = {}) {
  return {
    kind: 'incident',
    seq: ++seq,
    at: '2026-11-22T09:04:00+08:00',
    id,
    version: 1,
    category: 'E0150',
    title: `楼道堆物 ${id}`,
    priority: 1,
    lon: inside[0],
    lat: inside[1],
    ...over,
  };
}

function fakeBridge(answer: Promise<boolean> = Promise.resolve(true)) {
  const shown: AppNotification[] = [];
  let click: ((id: string) => void) | null = null;
  const bridge = {
    notify: vi.fn((n: AppNotification) => {
      shown.push(n);
      return answer;
    }),
    onNotificationClick: (listener: (id: string) => void) => {
      click = listener;
      return () => {
        click = null;
      };
    },
  } as unknown as GridroomBridge;
  return { bridge, shown, click: (id: string) => click?.(id), listening: () => click !== null };
}

/** A t() that shows the key and its params, so tests read what would be translated. */
const t: Translate = (key: string, params?: Record<string, string | number>) => (params ? `${key} ${JSON.stringify(params)}` : key);

function loadedStore(): AppStore {
  const store = createAppStore();
  store.dispatch({ type: 'districtLoaded', district });
  store.dispatch({ type: 'incidentClockTicked', now: NOW });
  return store;
}

const batch = (...messages: object[]) => ({ type: 'feedBatchReceived' as const, batch: messages.map((raw) => ({ raw, receivedAt })) });

describe('startUrgentNotifications', () => {
  it('notifies a new urgent incident once, with its translated texts and id', () => {
    const store = loadedStore();
    const fake = fakeBridge();
    startUrgentNotifications(store, fake.bridge, t);
    store.dispatch(batch(incident('u-1')));
    expect(fake.shown).toEqual([
      {
        title: 'notifications.urgentTitle',
        body: 'notifications.urgentBody {"title":"楼道堆物 u-1","category":"楼道堆物","categoryEn":"Stairwell clutter","id":"u-1"}',
        incidentId: 'u-1',
      },
    ]);
    // A newer version of the same incident, and the same message again: no second notification.
    store.dispatch(batch(incident('u-1', { version: 2, title: '楼道堆物（已更新）' }), incident('u-1', { version: 2 })));
    store.dispatch({ type: 'incidentClockTicked', now: '2026-11-22T09:06:00+08:00' });
    expect(fake.shown).toHaveLength(1);
  });

  it('ignores incidents that are not urgent, not news (reported too long ago), or already there', () => {
    const store = loadedStore();
    const fake = fakeBridge();
    store.dispatch(batch(incident('old-known')));
    startUrgentNotifications(store, fake.bridge, t);
    store.dispatch(
      batch(
        incident('p2', { priority: 2 }),
        incident('news'),
        incident('stale', { at: '2026-11-22T08:50:00+08:00' }), // 15 minutes before NOW
        incident('old-known', { version: 2 }),
      ),
    );
    // Without a priority an incident is not urgent.
    const noPriority = { ...incident('no-priority') } as Record<string, unknown>;
    delete noPriority.priority;
    store.dispatch(batch(noPriority));
    expect(fake.shown.map((n) => n.incidentId)).toEqual(['news']);
  });

  it('agrees with the in-app toast about what is news', () => {
    const store = loadedStore();
    const fake = fakeBridge();
    startUrgentNotifications(store, fake.bridge, t);
    store.dispatch(batch(incident('fresh'), incident('at-limit', { at: '2026-11-22T08:55:00+08:00' }), incident('late', { at: '2026-11-22T08:54:59+08:00' })));
    const toasts = store
      .getState()
      .status.filter((s) => s.key === 'status.urgentIncident')
      .map((s) => s.params?.id);
    expect(fake.shown.map((n) => n.incidentId)).toEqual(toasts);
    expect(toasts).toEqual(['fresh', 'at-limit']);
  });

  it('shows at most three per batch, then one summary without an incident', () => {
    const store = loadedStore();
    const fake = fakeBridge();
    startUrgentNotifications(store, fake.bridge, t);
    store.dispatch(batch(...['a', 'b', 'c', 'd', 'e'].map((id) => incident(id))));
    expect(MAX_URGENT_NOTIFICATIONS).toBe(3);
    expect(fake.shown.map((n) => n.incidentId)).toEqual(['a', 'b', 'c', undefined]);
    expect(fake.shown[3]).toEqual({ title: 'notifications.moreUrgentTitle {"count":2}', body: 'notifications.moreUrgentBody {"count":2}' });
    // The two in the summary count as notified too.
    store.dispatch(batch(incident('d', { version: 2 }), incident('f')));
    expect(fake.shown.slice(4).map((n) => n.incidentId)).toEqual(['f']);
  });

  it('finds every urgent incident of a batch larger than the recent list', () => {
    const store = loadedStore();
    const fake = fakeBridge();
    startUrgentNotifications(store, fake.bridge, t);
    const messages = Array.from({ length: 60 }, (_, i) => incident(`n-${i}`, { priority: i === 0 ? 1 : 3 }));
    store.dispatch(batch(...messages));
    expect(fake.shown.map((n) => n.incidentId)).toEqual(['n-0']);
  });

  it('a click selects the incident and flies to it; stop ends both', () => {
    const store = loadedStore();
    const fake = fakeBridge();
    const stop = startUrgentNotifications(store, fake.bridge, t);
    store.dispatch(batch(incident('u-9')));
    const before = store.getState().incidents.flyToken;
    fake.click('u-9');
    expect(store.getState().incidents.selectedId).toBe('u-9');
    expect(store.getState().incidents.flyToken).toBe(before + 1);
    stop();
    expect(fake.listening()).toBe(false);
    store.dispatch(batch(incident('u-10')));
    expect(fake.shown).toHaveLength(1);
  });

  it('logs a notification the platform refused', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = loadedStore();
    const fake = fakeBridge(Promise.reject(new Error('[invalid-payload] notification:show: invalid request')));
    startUrgentNotifications(store, fake.bridge, t);
    store.dispatch(batch(incident('u-11')));
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not show/), expect.any(Error));
    warn.mockRestore();
  });
});
