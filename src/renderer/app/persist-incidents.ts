/**
 * Writes incidents to the store as they change (feed batches, operator actions), with the feed's
 * resume point in the same transaction. Changes are coalesced: at most one write is in flight,
 * and everything changed meanwhile goes in the next one, so a burst of 200 messages a second is a
 * few writes, not hundreds. What a write covers is acknowledged (in the store) when it resolves.
 */
import type { Incident } from '@core/incidents';
import type { AppState } from '@core/state';
import type { GridroomStore } from '../storage';
import type { AppStore } from './app-store';

export interface IncidentPersistence {
  /** Resolves when everything changed so far is written. */
  flush(): Promise<void>;
  stop(): void;
}

export function persistIncidents(appStore: AppStore, store: GridroomStore, onError: (err: unknown) => void = () => undefined): IncidentPersistence {
  let previous: AppState = appStore.getState();
  const pending = new Set<string>();
  /** Feeds whose ingest state moved since the last write. */
  const dirtyFeeds = new Set<string>();
  let writing: Promise<void> | null = null;

  const write = (): Promise<void> => {
    if (writing) return writing;
    if (pending.size === 0 && dirtyFeeds.size === 0) return Promise.resolve();
    const state = appStore.getState();
    const rows: Incident[] = [];
    for (const id of pending) {
      const incident = state.incidents.byId.get(id);
      if (incident) rows.push(incident);
    }
    pending.clear();
    const feeds = [...dirtyFeeds].flatMap((id) => {
      const feed = state.incidents.feeds[id];
      return feed ? [{ id, ingest: feed.ingest }] : [];
    });
    dirtyFeeds.clear();
    // The incidents go with the first feed's resume point in one transaction; other feeds that
    // moved in the same batch window follow, each in its own (rare: two live feeds at once).
    const [first, ...rest] = feeds;
    writing = store
      .putIncidents(rows, first)
      .then(async () => {
        for (const feed of rest) await store.putIncidents([], feed);
      })
      .catch(onError)
      .finally(() => {
        writing = null;
        // Whatever changed while this write was in flight goes next.
        if (pending.size > 0 || dirtyFeeds.size > 0) void write();
      });
    return writing;
  };

  const unsubscribe = appStore.subscribe(() => {
    const state = appStore.getState();
    const before = previous;
    previous = state;
    if (state.incidents === before.incidents) return;
    if (state.incidents.revision !== before.incidents.revision) for (const id of state.incidents.lastChanged) pending.add(id);
    if (state.incidents.feeds !== before.incidents.feeds) {
      for (const [id, feed] of Object.entries(state.incidents.feeds)) if (feed.ingest !== before.incidents.feeds[id]?.ingest) dirtyFeeds.add(id);
    }
    if (pending.size > 0 || dirtyFeeds.size > 0) void write();
  });

  return {
    async flush() {
      while (writing || pending.size > 0 || dirtyFeeds.size > 0) await write();
    },
    stop: unsubscribe,
  };
}
