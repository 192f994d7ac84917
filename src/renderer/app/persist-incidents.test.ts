import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import type { Incident } from '@core/incidents';
import type { GridroomStore, StoredFeed } from '../storage';
import { createAppStore } from './app-store';
import { persistIncidents } from './persist-incidents';

const district = generateDemoDistrict();
const mg = district.grids.find((g) => g.level === 4 && g.kind === 'base');
if (!mg) throw new Error('no micro-grid');
const ring = (mg.geometry.type === 'Polygon' ? mg.geometry.coordinates : mg.geometry.coordinates[0])[0];
const msg = (id: string, seq: number) => ({ kind: 'incident', seq, at: '2026-11-22T09:00:00+08:00', id, version: 1, category: 'E0150', title: id, lon: ring[0][0] + 1e-5, lat: ring[0][1] + 1e-5 });

function recordingStore(): { store: GridroomStore; writes: { ids: string[]; feed?: StoredFeed }[]; release: () => void } {
  const writes: { ids: string[]; feed?: StoredFeed }[] = [];
  let gate: (() => void) | null = null;
  const store = {
    putIncidents: (incidents: readonly Incident[], feed?: StoredFeed) => {
      writes.push({ ids: incidents.map((i) => i.id), feed });
      // The first write stays in flight until released, so later changes must coalesce.
      return writes.length === 1 ? new Promise<void>((resolve) => (gate = resolve)) : Promise.resolve();
    },
  } as unknown as GridroomStore;
  return { store, writes, release: () => gate?.() };
}

describe('persistIncidents', () => {
  it('writes changed incidents with the feed state, coalescing what changes during a write', async () => {
    const app = createAppStore();
    app.dispatch({ type: 'districtLoaded', district });
    const { store, writes, release } = recordingStore();
    const p = persistIncidents(app, store);
    const at = '2026-11-22T09:00:01+08:00';
    app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: msg('a', 1), receivedAt: at }] });
    app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: msg('b', 2), receivedAt: at }] });
    app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: msg('c', 3), receivedAt: at }] });
    expect(writes.map((w) => w.ids)).toEqual([['a']]);
    release();
    await p.flush();
    expect(writes.map((w) => w.ids)).toEqual([['a'], ['b', 'c']]);
    expect(writes[1].feed?.id).toBe('demo');
    expect(writes[1].feed?.ingest.lastSeq).toBe(3);
    // An operator action writes that incident.
    app.dispatch({ type: 'incidentActed', id: 'b', action: { type: 'register', by: 'op', at: '2026-11-22T09:02:00+08:00' } });
    await p.flush();
    expect(writes.at(-1)?.ids).toEqual(['b']);
    p.stop();
    app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: msg('d', 4), receivedAt: at }] });
    await p.flush();
    expect(writes.flatMap((w) => w.ids)).not.toContain('d');
  });
});
