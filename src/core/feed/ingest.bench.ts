/**
 * Ingest throughput (npm run bench): 100,000 messages of a busy district (incidents with new
 * versions and redeliveries, 500 workers' fixes, heartbeats, some junk) through ingestMessage.
 * Per-message cost must not grow with the messages already seen: compare the 10k and 100k runs.
 */
import { bench, describe } from 'vitest';
import { ingestMessage, initialIngestState } from './ingest';

function workload(n: number): string[] {
  const out: string[] = [];
  const t0 = Date.UTC(2024, 4, 1);
  for (let i = 0; i < n; i++) {
    const at = new Date(t0 + i * 100).toISOString();
    switch (i % 10) {
      case 0:
      case 1:
        out.push(JSON.stringify({ kind: 'incident', seq: i, at, id: `i-${i % 20_000}`, version: 1 + Math.floor(i / 20_000), category: '0101', title: '井盖缺失', lon: 113.6, lat: 34.75 }));
        break;
      case 2:
        out.push(out[out.length - 1]); // redelivery
        break;
      case 9:
        out.push(i % 20 === 9 ? '{"kind":"incident",' : JSON.stringify({ kind: 'heartbeat', seq: i, at }));
        break;
      default:
        out.push(JSON.stringify({ kind: 'position', seq: i, at, worker_id: `s-${i % 500}`, lon: 113.6, lat: 34.75, speed: 1.1 }));
    }
  }
  return out;
}

const RECEIVED = '2024-05-01T08:30:00+08:00';

describe('feed ingest', () => {
  for (const n of [10_000, 100_000]) {
    const messages = workload(n);
    bench(`${n.toLocaleString('en')} messages`, () => {
      let state = initialIngestState();
      for (const m of messages) state = ingestMessage(state, m, RECEIVED).state;
    }, { iterations: 3, warmupIterations: 1 });
  }
});
