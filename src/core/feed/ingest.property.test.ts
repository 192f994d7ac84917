/**
 * Property tests of ingest: whatever the network does to a set of incident versions (duplicates
 * from QoS 1 redelivery, reordering, replays after a resume, renumbered seqs after a server
 * restart, junk in between), what ingest keeps as newest is exactly the highest version per id,
 * each (id, version) is accepted at most once, and every id's highest version is accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestMessage, initialIngestState, toIngestSnapshot, type FeedIngestState, type IngestOutcome } from './ingest';

const AT = '2024-05-01T08:30:00+08:00';

interface Version {
  id: string;
  version: number;
}

const versionArb: fc.Arbitrary<Version> = fc.record({
  id: fc.constantFrom('i-1', 'i-2', 'i-3', 'i-4', 'i-5'),
  version: fc.integer({ min: 1, max: 6 }),
});

/** What arrives: an incident (maybe as text), or noise that must not disturb the incidents. */
type Arrival =
  | { t: 'incident'; v: Version; seq: number; asText: boolean }
  | { t: 'position'; worker: string; second: number; seq: number }
  | { t: 'heartbeat'; seq: number }
  | { t: 'junk'; text: string };

/**
 * A message set and an arrival order: every distinct version at least once, plus duplicates, in an
 * order fast-check shuffles, with arbitrary seqs (so seq says nothing about order or identity).
 */
const arrivalsArb: fc.Arbitrary<Arrival[]> = fc
  .uniqueArray(versionArb, { minLength: 1, maxLength: 20, selector: (v) => `${v.id}@${v.version}` })
  .chain((set) =>
    fc
      .tuple(
        fc.array(fc.constantFrom(...set), { maxLength: 30 }),
        fc.array(
          fc.oneof(
            fc.record({ t: fc.constant('position' as const), worker: fc.constantFrom('s-1', 's-2', 'i-1'), second: fc.nat(59), seq: fc.nat(1000) }),
            fc.record({ t: fc.constant('heartbeat' as const), seq: fc.nat(1000) }),
            fc.record({ t: fc.constant('junk' as const), text: fc.string({ maxLength: 20 }) }),
          ),
          { maxLength: 10 },
        ),
      )
      .chain(([dups, noise]) =>
        fc.tuple(
          fc.constant([...set, ...dups]),
          fc.constant(noise),
          fc.array(fc.nat(1000), { minLength: set.length + dups.length, maxLength: set.length + dups.length }),
          fc.array(fc.boolean(), { minLength: set.length + dups.length, maxLength: set.length + dups.length }),
        ),
      )
      .chain(([versions, noise, seqs, asText]) => {
        const incidents: Arrival[] = versions.map((v, i) => ({ t: 'incident', v, seq: seqs[i], asText: asText[i] }));
        const all = [...incidents, ...noise];
        return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
      }),
  );

function raw(a: Arrival): unknown {
  switch (a.t) {
    case 'incident': {
      const m = { kind: 'incident', seq: a.seq, at: AT, id: a.v.id, version: a.v.version, category: '0101', title: 't', lon: 113.6, lat: 34.75 };
      return a.asText ? JSON.stringify(m) : m;
    }
    case 'position':
      return { kind: 'position', seq: a.seq, at: `2024-05-01T08:30:${String(a.second).padStart(2, '0')}+08:00`, worker_id: a.worker, lon: 113.6, lat: 34.75 };
    case 'heartbeat':
      return { kind: 'heartbeat', seq: a.seq, at: AT };
    case 'junk':
      return a.text;
  }
}

function ingestAll(arrivals: Arrival[], start: FeedIngestState = initialIngestState()) {
  let state = start;
  const outcomes: IngestOutcome[] = [];
  for (const a of arrivals) {
    const r = ingestMessage(state, raw(a), '2024-05-01T08:31:00+08:00');
    state = r.state;
    outcomes.push(r.outcome);
  }
  return { state, outcomes };
}

function maxVersions(arrivals: Arrival[]): Map<string, number> {
  const max = new Map<string, number>();
  for (const a of arrivals) if (a.t === 'incident') max.set(a.v.id, Math.max(max.get(a.v.id) ?? 0, a.v.version));
  return max;
}

const sorted = (m: ReadonlyMap<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));

describe('ingest under duplication and reordering', () => {
  it('keeps exactly the max version per id: no loss, no double', () => {
    fc.assert(
      fc.property(arrivalsArb, (arrivals) => {
        const { state, outcomes } = ingestAll(arrivals);
        const max = maxVersions(arrivals);
        expect(sorted(state.incidentVersions)).toEqual(sorted(max));

        const accepted = outcomes.flatMap((o) => (o.kind === 'accepted' && o.message.kind === 'incident' ? [`${o.message.id}@${o.message.version}`] : []));
        // No (id, version) accepted twice.
        expect(new Set(accepted).size).toBe(accepted.length);
        // Every id's newest version accepted.
        for (const [id, v] of max) expect(accepted).toContain(`${id}@${v}`);
        // Each accepted version is higher than anything accepted for its id before it.
        const seen = new Map<string, number>();
        for (const o of outcomes) {
          if (o.kind !== 'accepted' || o.message.kind !== 'incident') continue;
          expect(o.message.version).toBeGreaterThan(seen.get(o.message.id) ?? 0);
          seen.set(o.message.id, o.message.version);
        }
        // Every message is counted exactly once.
        const c = state.counts;
        expect(c.accepted + c.duplicate + c.stale + c.rejected).toBe(c.received);
        expect(c.received).toBe(arrivals.length);
        // lastSeq is the max seq of everything that parsed.
        const seqs = arrivals.flatMap((a) => (a.t === 'junk' ? [] : [a.seq]));
        expect(state.lastSeq).toBe(seqs.length > 0 ? Math.max(...seqs) : -1);
      }),
      { numRuns: 300 },
    );
  });

  it('is pure under branching: resuming twice from a mid state gives the same result, the mid state unchanged', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.nat(), (arrivals, cut) => {
        const k = cut % (arrivals.length + 1);
        const mid = ingestAll(arrivals.slice(0, k)).state;
        const before = toIngestSnapshot(mid);
        const a = ingestAll(arrivals.slice(k), mid);
        // A detour from the same mid state, then the same rest again.
        ingestAll([...arrivals].reverse(), mid);
        const b = ingestAll(arrivals.slice(k), mid);
        expect(toIngestSnapshot(mid)).toEqual(before);
        expect(toIngestSnapshot(b.state)).toEqual(toIngestSnapshot(a.state));
        expect(b.outcomes).toEqual(a.outcomes);
        // And the same as ingesting all in one go.
        expect(toIngestSnapshot(a.state)).toEqual(toIngestSnapshot(ingestAll(arrivals).state));
      }),
      { numRuns: 200 },
    );
  });

  it('a full replay after the live run (a resume from since=-1) changes nothing', () => {
    fc.assert(
      fc.property(arrivalsArb, (arrivals) => {
        const live = ingestAll(arrivals).state;
        const replayed = ingestAll(arrivals, live);
        expect(sorted(replayed.state.incidentVersions)).toEqual(sorted(live.incidentVersions));
        expect(replayed.outcomes.filter((o) => o.kind === 'accepted' && o.message.kind === 'incident')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
