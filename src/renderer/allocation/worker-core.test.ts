import { beforeAll, describe, expect, it } from 'vitest';
import { allocateBuildings, type BuildingItem } from '@core/allocate/district';
import type { District } from '@core/model';
import type { WorkerResponse } from './protocol';
import { createWorkerState, handleMessage } from './worker-core';
import { demoDistrict, demoItems } from './test-items';

let district: District;
let items: BuildingItem[];
beforeAll(() => {
  district = demoDistrict();
  items = demoItems(district, 1500);
});

/** Runs a message through the core, collecting what it posts. */
function collect(): { posted: WorkerResponse[]; post: (m: WorkerResponse) => void } {
  const posted: WorkerResponse[] = [];
  return { posted, post: (m) => posted.push(m) };
}

describe('worker core', () => {
  it('posts monotonic progress about every 1% and then the result allocateBuildings gives', async () => {
    const { posted, post } = collect();
    // Structured clone, as postMessage would do.
    await handleMessage(structuredClone({ type: 'run', id: 'a', district, items, options: { nearestM: 150 } }), post, createWorkerState());
    const progress = posted.filter((m) => m.type === 'progress');
    const dones = progress.map((m) => (m.type === 'progress' ? m.done : -1));
    expect(dones[0]).toBe(0);
    expect(dones.at(-1)).toBe(items.length);
    for (let i = 1; i < dones.length; i++) {
      expect(dones[i]).toBeGreaterThan(dones[i - 1]);
      // Every step at most ~2% of the items.
      expect(dones[i] - dones[i - 1]).toBeLessThanOrEqual(Math.ceil(items.length * 0.02));
    }
    expect(progress.every((m) => m.type === 'progress' && m.total === items.length && m.id === 'a')).toBe(true);
    const last = posted.at(-1);
    expect(last?.type).toBe('result');
    if (last?.type !== 'result') return;
    expect(last.id).toBe('a');
    expect(last.allocation).toStrictEqual(allocateBuildings(district, items, { nearestM: 150 }));
    expect(last.allocation.items.find((a) => a.id === 'bad-bowtie')?.result.status).toBe('invalid');
  });

  it('stops promptly on cancel: no result, progress ends early, state is cleaned up', async () => {
    const { posted, post } = collect();
    const state = createWorkerState();
    let chunks = 0;
    // The test's "event loop": the cancel arrives while the run yields after its third chunk.
    const yieldToEvents = async (): Promise<void> => {
      chunks += 1;
      if (chunks === 3) await handleMessage({ type: 'cancel', id: 'c' }, post, state);
    };
    await handleMessage({ type: 'run', id: 'c', district, items }, post, state, yieldToEvents);
    expect(posted.some((m) => m.type === 'result')).toBe(false);
    const dones = posted.map((m) => (m.type === 'progress' ? m.done : -1));
    expect(Math.max(...dones)).toBeLessThan(items.length * 0.05);
    expect(chunks).toBe(3);
    expect(state.running.size).toBe(0);
    expect(state.cancelled.size).toBe(0);
  });

  it('cancel waits for the chunk boundary with the real macrotask yield', async () => {
    const { posted, post } = collect();
    const state = createWorkerState();
    const run = handleMessage({ type: 'run', id: 'm', district, items }, post, state);
    setTimeout(() => void handleMessage({ type: 'cancel', id: 'm' }, post, state), 0);
    await run;
    expect(posted.some((m) => m.type === 'result')).toBe(false);
    expect(posted.filter((m) => m.type === 'progress').length).toBeLessThan(100);
  });

  it('ignores a cancel for an unknown run and leaves no trace', async () => {
    const { posted, post } = collect();
    const state = createWorkerState();
    await handleMessage({ type: 'cancel', id: 'nope' }, post, state);
    expect(posted).toEqual([]);
    expect(state.cancelled.size).toBe(0);
  });

  it.each([
    ['not an object', 42],
    ['unknown type', { type: 'explode', id: 'x' }],
    ['run without district', { type: 'run', id: 'x', items: [] }],
    ['item with a line geometry', { type: 'run', id: 'x', district: { formatVersion: 1, grids: [], buildings: [] }, items: [{ id: 'i', households: 1, geometry: { type: 'LineString', coordinates: [] } }] }],
    ['options with a callback name', { type: 'run', id: 'x', district: { formatVersion: 1, grids: [], buildings: [] }, items: [], options: { onProgress: 1 } }],
  ])('answers an invalid message (%s) with an error and runs nothing', async (_label, message) => {
    const { posted, post } = collect();
    await handleMessage(message, post, createWorkerState());
    expect(posted).toHaveLength(1);
    expect(posted[0].type).toBe('error');
    if (posted[0].type !== 'error') return;
    expect(posted[0].message).toMatch(/Invalid message/);
    expect(posted[0].id).toBe(typeof message === 'object' && 'id' in message ? message.id : null);
  });

  it('takes items in parts and streams the result in parts; together they equal the direct result', async () => {
    const { posted, post } = collect();
    const state = createWorkerState();
    await handleMessage({ type: 'run', id: 'p', district, items: items.slice(0, 400), more: true, resultChunk: 500 }, post, state);
    expect(posted).toEqual([]);
    expect(state.pending.has('p')).toBe(true);
    await handleMessage({ type: 'items', id: 'p', items: items.slice(400, 1000), more: true }, post, state);
    expect(posted).toEqual([]);
    await handleMessage({ type: 'items', id: 'p', items: items.slice(1000), more: false }, post, state);
    expect(state.pending.size).toBe(0);
    // One part is posted; each further one (and the final result) on 'next'.
    expect(posted.filter((m) => m.type === 'result-items')).toHaveLength(1);
    for (let i = 0; i < 4; i++) await handleMessage({ type: 'next', id: 'p' }, post, state);
    expect(state.outbox.size).toBe(0);
    await handleMessage({ type: 'next', id: 'p' }, post, state);
    expect(posted.pop()).toMatchObject({ type: 'error', id: 'p' });
    const parts = posted.filter((m) => m.type === 'result-items');
    expect(parts.map((m) => (m.type === 'result-items' ? m.items.length : 0))).toEqual([500, 500, 500, items.length - 1500]);
    const last = posted.at(-1);
    expect(last?.type).toBe('result');
    if (last?.type !== 'result') return;
    const joined = { ...last.allocation, items: parts.flatMap((m) => (m.type === 'result-items' ? m.items : [])) };
    expect(joined).toStrictEqual(allocateBuildings(district, items));
    const progress = posted.filter((m) => m.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ done: items.length, total: items.length });
  });

  it('drops a run still receiving items on cancel, and refuses items for an unknown run', async () => {
    const { posted, post } = collect();
    const state = createWorkerState();
    await handleMessage({ type: 'run', id: 'q', district, items: items.slice(0, 10), more: true }, post, state);
    await handleMessage({ type: 'cancel', id: 'q' }, post, state);
    expect(state.pending.size).toBe(0);
    await handleMessage({ type: 'items', id: 'q', items: items.slice(10, 20), more: false }, post, state);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ type: 'error', id: 'q' });
  });

  it('handles an empty run: progress 0 of 0 and an empty result', async () => {
    const { posted, post } = collect();
    await handleMessage({ type: 'run', id: 'e', district, items: [] }, post, createWorkerState());
    expect(posted[0]).toEqual({ type: 'progress', id: 'e', done: 0, total: 0 });
    const last = posted.at(-1);
    expect(last?.type === 'result' && last.allocation.items).toEqual([]);
  });
});
