import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersistentMap, toPersistentMap } from './persistent-map';

describe('PersistentMap', () => {
  it('behaves as a ReadonlyMap', () => {
    const m = PersistentMap.empty<string, number>().set('a', 1).set('b', 2);
    expect(m.size).toBe(2);
    expect(m.get('a')).toBe(1);
    expect(m.has('b')).toBe(true);
    expect(m.has('c')).toBe(false);
    expect([...m]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect([...m.values()]).toEqual([1, 2]);
    const seen: [string, number][] = [];
    m.forEach((v, k, map) => {
      expect(map).toBe(m);
      seen.push([k, v]);
    });
    expect(seen).toEqual([...m.entries()]);
    expect(Object.prototype.toString.call(m)).toBe('[object PersistentMap]');
    expect(new Map(m)).toEqual(new Map([['a', 1], ['b', 2]]));
  });

  it('returns itself when nothing changes', () => {
    const m = PersistentMap.from([['a', 1]]);
    expect(m.set('a', 1)).toBe(m);
    expect(m.delete('zz')).toBe(m);
    expect(toPersistentMap(m)).toBe(m);
    const plain = new Map([['a', 1]]);
    const copy = toPersistentMap(plain);
    plain.set('b', 2);
    expect(copy.has('b')).toBe(false);
  });

  it('old versions keep reading as they were, even after a long chain of changes', () => {
    const versions = [PersistentMap.empty<number, number>()];
    for (let i = 0; i < 100_000; i++) versions.push(versions[i].set(i % 1000, i));
    expect(versions[0].size).toBe(0);
    expect(versions[0].get(5)).toBeUndefined();
    expect(versions[100_000].get(999)).toBe(99_999);
    expect(versions[1500].get(499)).toBe(1499);
    expect(versions[1500].get(500)).toBe(500);
    expect(versions[1500].get(998)).toBe(998);
    expect(versions[100_000].get(500)).toBe(99_500);
    expect(versions[500].size).toBe(500);
  });

  it('iterating while a callback reads another version sees a consistent map', () => {
    const a = PersistentMap.from([['x', 1], ['y', 2]]);
    const b = a.set('x', 10).delete('y');
    const seen: [string, number][] = [];
    a.forEach((v, k) => {
      seen.push([k, v]);
      b.get('x'); // reroots to b under the loop
    });
    expect(seen).toEqual([['x', 1], ['y', 2]]);
    expect([...b]).toEqual([['x', 10]]);
  });

  it('matches a model of copied Maps under any mix of set, delete and reads of old versions', () => {
    type Op = { op: 'set'; from: number; key: number; value: number } | { op: 'delete'; from: number; key: number } | { op: 'read'; at: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('set' as const), from: fc.nat(), key: fc.nat(7), value: fc.nat(3) }),
      fc.record({ op: fc.constant('delete' as const), from: fc.nat(), key: fc.nat(7) }),
      fc.record({ op: fc.constant('read' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const versions = [PersistentMap.empty<number, number>()];
        const models = [new Map<number, number>()];
        const check = (i: number) => {
          expect(versions[i].size).toBe(models[i].size);
          expect([...versions[i]].sort((p, q) => p[0] - q[0])).toEqual([...models[i]].sort((p, q) => p[0] - q[0]));
          for (let k = 0; k < 8; k++) expect(versions[i].get(k)).toBe(models[i].get(k));
        };
        for (const o of ops) {
          if (o.op === 'read') {
            check(o.at % versions.length);
            continue;
          }
          const i = o.from % versions.length;
          const model = new Map(models[i]);
          if (o.op === 'set') {
            versions.push(versions[i].set(o.key, o.value));
            model.set(o.key, o.value);
          } else {
            versions.push(versions[i].delete(o.key));
            model.delete(o.key);
          }
          models.push(model);
        }
        for (let i = 0; i < versions.length; i++) check(i);
      }),
      { numRuns: 300 },
    );
  });
});
