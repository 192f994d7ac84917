/**
 * A fully persistent map with O(1) `set` and `get` on the newest version: the rerooting trick of
 * Baker's persistent arrays (used by Conchon & Filliâtre's persistent union-find, 2007).
 *
 * Why it exists: the feed's ingest state must be a value (a pure `(state, message) => state`
 * updater, for undo, replay and tests) and must also take a million messages in linear time.
 * Copying a Map per message is quadratic; a hash trie is a lot of code for two maps. Here exactly
 * one version, the *root*, owns a real `Map`; every other version holds one difference (key, value
 * before) and points at a newer version. `set` on the root writes into the Map and turns the old
 * root into a difference pointing at the new one: O(1). Reading an older version first *reroots*:
 * it walks to the root undoing differences and inverts them so the older version now owns the Map
 * (cost: the number of changes between the two, paid once). Every version therefore always reads
 * as it did when it was made; the mutation is internal and invisible, so users see plain values.
 *
 * Memory: older versions point at newer ones, never the reverse, so a dropped old version (and
 * its difference) is garbage collected. Use: hold the newest version; reading or updating an old
 * one is correct, only slower the further back it is. Not for structuredClone / IndexedDB: store
 * `[...map]` and rebuild with `PersistentMap.from`.
 */

type Data<K, V> = { readonly map: Map<K, V> } | Diff<K, V>;

interface Diff<K, V> {
  readonly key: K;
  /** Whether this version has the key, and its value here. */
  readonly had: boolean;
  readonly value: V | undefined;
  /** A newer (or at least other) version, one change away. */
  readonly next: PersistentMap<K, V>;
}

export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  #data: Data<K, V>;
  readonly size: number;

  private constructor(data: Data<K, V>, size: number) {
    this.#data = data;
    this.size = size;
  }

  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>({ map: new Map() }, 0);
  }

  /** A map holding `entries` (copied; later changes to the source are not seen). */
  static from<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    const map = new Map<K, V>(entries);
    return new PersistentMap<K, V>({ map }, map.size);
  }

  /** The map with `key` set to `value`; this same map when it already held that value. */
  set(key: K, value: V): PersistentMap<K, V> {
    const map = this.#reroot();
    const had = map.has(key);
    const before = map.get(key);
    if (had && Object.is(before, value)) return this;
    map.set(key, value);
    const next = new PersistentMap<K, V>({ map }, had ? this.size : this.size + 1);
    this.#data = { key, had, value: before, next };
    return next;
  }

  /** The map without `key`; this same map when it did not hold it. */
  delete(key: K): PersistentMap<K, V> {
    const map = this.#reroot();
    if (!map.has(key)) return this;
    const before = map.get(key);
    map.delete(key);
    const next = new PersistentMap<K, V>({ map }, this.size - 1);
    this.#data = { key, had: true, value: before, next };
    return next;
  }

  get(key: K): V | undefined {
    return this.#reroot().get(key);
  }

  has(key: K): boolean {
    return this.#reroot().has(key);
  }

  // Iteration works on a copy: a callback that reads another version would reroot the shared Map
  // under a live iterator. Iterating is O(n) anyway.
  entries(): MapIterator<[K, V]> {
    return new Map(this.#reroot()).entries();
  }

  keys(): MapIterator<K> {
    return new Map(this.#reroot()).keys();
  }

  values(): MapIterator<V> {
    return new Map(this.#reroot()).values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }

  get [Symbol.toStringTag](): string {
    return 'PersistentMap';
  }

  /** Makes this version own the Map, inverting the differences on the way (iteratively: chains can be long). */
  #reroot(): Map<K, V> {
    const data = this.#data;
    if ('map' in data) return data.map;
    const path: PersistentMap<K, V>[] = [this];
    let node = data.next;
    for (let d = node.#data; !('map' in d); d = node.#data) {
      path.push(node);
      node = d.next;
    }
    const map = (node.#data as { map: Map<K, V> }).map;
    let root = node;
    for (let i = path.length - 1; i >= 0; i--) {
      const version = path[i];
      const diff = version.#data as Diff<K, V>;
      const had = map.has(diff.key);
      const current = map.get(diff.key);
      if (diff.had) map.set(diff.key, diff.value as V);
      else map.delete(diff.key);
      root.#data = { key: diff.key, had, value: current, next: version };
      version.#data = { map };
      root = version;
    }
    return map;
  }
}

/** `map` as a PersistentMap: itself when it is one, otherwise a copy (O(n), once). */
export function toPersistentMap<K, V>(map: ReadonlyMap<K, V>): PersistentMap<K, V> {
  return map instanceof PersistentMap ? (map as PersistentMap<K, V>) : PersistentMap.from(map);
}
