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
  let feedDirty = false;
  let writing: Promise<void> | null = null;

  const write = (): Promise<void> => {
    if (writing) return writing;
    if (pending.size === 0 && !feedDirty) return Promise.resolve();
    const state = appStore.getState();
    const rows: Incident[] = [];
    for (const id of pending) {
      const incident = state.incidents.byId.get(id);
      if (incident) rows.push(incident);
    }
    pending.clear();
    feedDirty = false;
    const feed = state.incidents.feed;
    writing = store
      .putIncidents(rows, { id: feed.id, ingest: feed.ingest })
      .catch(onError)
      .finally(() => {
        writing = null;
        // Whatever changed while this write was in flight goes next.
        if (pending.size > 0 || feedDirty) void write();
      });
    return writing;
  };

  const unsubscribe = appStore.subscribe(() => {
    const state = appStore.getState();
    const before = previous;
    previous = state;
    if (state.incidents === before.incidents) return;
    if (state.incidents.revision !== before.incidents.revision) for (const id of state.incidents.lastChanged) pending.add(id);
    if (state.incidents.feed.ingest !== before.incidents.feed.ingest) feedDirty = true;
    if (pending.size > 0 || feedDirty) void write();
  });

  return {
    async flush() {
      while (writing || pending.size > 0 || feedDirty) await write();
    },
    stop: unsubscribe,
  };
}
