import { describe, expect, it } from 'vitest';
import { ingestMessage, initialIngestState, type Rejection } from '@core/feed';
import { initialFeedView } from '@core/state';
import { feedRows, newestRejections, rejectionField, secondsSince } from './feed-status-view';

const rejectionOf = (raw: string): Rejection => {
  const r = ingestMessage(initialIngestState(), raw, '2024-05-01T08:30:00+08:00');
  if (r.outcome.kind !== 'rejected') throw new Error('accepted');
  return r.outcome.rejection;
};
const AT = '2024-05-01T08:30:00+08:00';

describe('feed status view', () => {
  it('reads the field out of a rejection', () => {
    expect(rejectionField(rejectionOf(JSON.stringify({ kind: 'incident', seq: 1, at: AT, id: 'i', version: 1, category: '0101', title: 't', lon: 113, lat: 123 })))).toBe('lat');
    expect(rejectionField(rejectionOf(JSON.stringify({ kind: 'incident', seq: 1, at: AT, id: 'i', version: 1, category: '0101', lon: 113, lat: 34 })))).toBe('title');
    expect(rejectionField(rejectionOf(JSON.stringify({ kind: 'heartbeat', seq: 1, at: '2024-05-01T08:30:00' })))).toBe('at');
    expect(rejectionField(rejectionOf(JSON.stringify({ kind: 'alarm', seq: 1, at: AT })))).toBe('kind');
    expect(rejectionField(rejectionOf('{"kind":'))).toBeNull();
    expect(rejectionField(rejectionOf('[1]'))).toBeNull();
  });

  it('lists the newest rejections first and ages in whole seconds', () => {
    const list = ['a', 'b', 'c'].map((raw) => ({ kind: 'not_json' as const, reason: 'x', raw }));
    expect(newestRejections(list, 2).map((r) => r.raw)).toEqual(['c', 'b']);
    expect(secondsSince('2024-05-01T08:30:00+08:00', Date.parse('2024-05-01T00:30:12.900Z'))).toBe(12);
    expect(secondsSince(null, 0)).toBeNull();
  });

  it('shows the demo feed only while it runs or has delivered, then the configured feeds', () => {
    const demo = initialFeedView('demo', 'demo', 'feed.demo');
    const config = { id: 'f1', kind: 'websocket' as const, label: 'WS', url: 'ws://h/', enabled: true };
    expect(feedRows({ demo }, [config]).map((r) => r.id)).toEqual(['f1']);
    expect(feedRows({ demo: { ...demo, connection: 'live' } }, [config]).map((r) => r.id)).toEqual(['demo', 'f1']);
    // Imported files are listed after the configured feeds, so their rejected rows can be read.
    const file = { ...initialFeedView('file:a.csv', 'file', 'a.csv') };
    expect(feedRows({ demo, 'file:a.csv': file }, [config]).map((r) => r.id)).toEqual(['f1', 'file:a.csv']);
    expect(feedRows({ demo }, [config])[0].view.connection).toBe('offline');
  });
});
