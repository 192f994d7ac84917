import { describe, expect, it } from 'vitest';
import { asGridCode } from '../model';
import { initialPatrolState, patrolRestored, positionsReceived } from './patrol-state';
import { fixesBetween } from './tracks';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const locate = () => asGridCode('G-1');

describe('patrolRestored', () => {
  it('puts stored fixes into tracks in time order and makes each worker\'s newest the latest', () => {
    const s = patrolRestored(
      initialPatrolState(),
      {
        fixes: [
          { workerId: 'w1', lon: 113.1, lat: 34.1, t: T0 + 20_000 },
          { workerId: 'w1', lon: 113.0, lat: 34.0, t: T0 },
          { workerId: 'w2', lon: 113.2, lat: 34.2, t: T0 + 5_000 },
        ],
        visits: [{ workerId: 'w1', buildingId: 'b1', t: T0, durationMs: null }],
        reports: [],
      },
      locate,
    );
    expect(Array.from(fixesBetween(s.tracks, 'w1').t)).toEqual([T0, T0 + 20_000]);
    expect(s.latest.get('w1')).toMatchObject({ lngLat: [113.1, 34.1], t: T0 + 20_000, unit: 'G-1' });
    expect(s.latest.get('w2')?.t).toBe(T0 + 5_000);
    expect(s.visits).toHaveLength(1);
    expect(s.accepted).toBe(3);
  });

  it('drops stored fixes at or before what a track already holds, and duplicates', () => {
    const live = positionsReceived(initialPatrolState(), [{ kind: 'position', seq: 1, at: '2026-11-22T09:00:10+08:00', worker_id: 'w1', lon: 113, lat: 34 }], {
      knownWorker: () => true,
      locate,
      nowMs: T0 + 60_000,
    });
    const s = patrolRestored(
      live,
      {
        fixes: [
          { workerId: 'w1', lon: 113, lat: 34, t: T0 },
          { workerId: 'w1', lon: 113, lat: 34, t: T0 + 10_000 },
          { workerId: 'w1', lon: 113, lat: 34, t: T0 + 30_000 },
          { workerId: 'w1', lon: 113, lat: 34, t: T0 + 30_000 },
        ],
        visits: [],
        reports: [],
      },
      locate,
    );
    expect(Array.from(fixesBetween(s.tracks, 'w1').t)).toEqual([T0 + 10_000, T0 + 30_000]);
  });

  it('returns the state itself when nothing was stored', () => {
    const s = initialPatrolState();
    expect(patrolRestored(s, { fixes: [], visits: [], reports: [] }, locate)).toBe(s);
  });
});
