import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '../feed/feed-config';
import type { AppAction } from './actions';
import { initialAppState, type AppState } from './app-state';
import { appReducer } from './reducer';
import { SETTING_KEYS, parseStoredFeeds } from './settings';

const run = (state: AppState, ...actions: AppAction[]): AppState => actions.reduce(appReducer, state);
const ws: FeedConfig = { id: 'f1', kind: 'websocket', label: 'WS', url: 'ws://127.0.0.1:8765/feed', enabled: true };

describe('configured feeds in the settings', () => {
  it('are stored under their own key and read back without bad entries', () => {
    expect(SETTING_KEYS.feeds).toBe('feeds');
    expect(parseStoredFeeds({})).toBeNull();
    expect(parseStoredFeeds([ws, { ...ws, id: 'f2', kind: 'mqtt' }])).toEqual([ws]);
  });

  it('settingsLoaded brings them in; absent, none', () => {
    expect(initialAppState().feedConfigs).toEqual([]);
    expect(run(initialAppState(), { type: 'settingsLoaded', settings: { feeds: [ws] } }).feedConfigs).toEqual([ws]);
    expect(run(initialAppState(), { type: 'settingsLoaded', settings: {} }).feedConfigs).toEqual([]);
  });
});

describe('feed config updaters', () => {
  it('feedConfigSaved adds, replaces by id, and refuses what does not validate', () => {
    const s1 = run(initialAppState(), { type: 'feedConfigSaved', config: ws });
    expect(s1.feedConfigs).toEqual([ws]);
    const s2 = run(s1, { type: 'feedConfigSaved', config: { ...ws, label: 'Renamed' } });
    expect(s2.feedConfigs).toEqual([{ ...ws, label: 'Renamed' }]);
    expect(run(s2, { type: 'feedConfigSaved', config: { ...ws, url: 'http://x/' } })).toBe(s2);
  });

  it('a new endpoint resets the feed\'s status and resume point; a new label does not', () => {
    const s1 = run(
      initialAppState(),
      { type: 'feedConfigSaved', config: ws },
      { type: 'feedStatusChanged', feedId: 'f1', status: { connection: 'live', kind: 'websocket', label: 'WS' } },
    );
    expect(s1.incidents.feeds.f1).toBeDefined();
    expect(run(s1, { type: 'feedConfigSaved', config: { ...ws, label: 'New' } }).incidents.feeds.f1).toBeDefined();
    expect(run(s1, { type: 'feedConfigSaved', config: { ...ws, url: 'ws://other/feed' } }).incidents.feeds.f1).toBeUndefined();
  });

  it('feedConfigToggled switches, feedConfigRemoved removes the config and its status', () => {
    const s1 = run(initialAppState(), { type: 'feedConfigSaved', config: ws }, { type: 'feedStatusChanged', feedId: 'f1', status: { connection: 'live' } });
    const off = run(s1, { type: 'feedConfigToggled', feedId: 'f1' });
    expect(off.feedConfigs[0].enabled).toBe(false);
    expect(run(off, { type: 'feedConfigToggled', feedId: 'f1', enabled: false })).toBe(off);
    expect(run(off, { type: 'feedConfigToggled', feedId: 'f1' }).feedConfigs[0].enabled).toBe(true);
    const gone = run(s1, { type: 'feedConfigRemoved', feedId: 'f1' });
    expect(gone.feedConfigs).toEqual([]);
    expect(gone.incidents.feeds.f1).toBeUndefined();
    expect(run(gone, { type: 'feedConfigRemoved', feedId: 'f1' })).toBe(gone);
  });
});
