import { beforeAll, describe, expect, it, vi } from 'vitest';
import { allocateBuildings, type BuildingItem } from '@core/allocate/district';
import type { District } from '@core/model';
import { MESSAGE_PART, runAllocation, type WorkerLike } from './allocate-client';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { demoDistrict, demoItems } from './test-items';
import { createWorkerState, handleMessage } from './worker-core';

let district: District;
let items: BuildingItem[];
beforeAll(() => {
  district = demoDistrict();
  items = demoItems(district, 1200);
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

/** A Worker stand-in that runs the real worker core, with structured clones both ways. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  received: WorkerRequest[] = [];
  private readonly state = createWorkerState();
  postMessage(message: WorkerRequest): void {
    const copy = structuredClone(message);
    this.received.push(copy);
    setTimeout(() => {
      if (this.terminated) return;
      void handleMessage(copy, (out) => {
        if (!this.terminated) this.onmessage?.({ data: structuredClone(out) } as MessageEvent<WorkerResponse>);
      }, this.state);
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('runAllocation in this thread (no Worker, as in Node)', () => {
  it('uses the in-thread path where Worker is missing', () => {
    expect(typeof Worker).toBe('undefined');
  });

  it('resolves to what allocateBuildings gives, with monotonic progress ending at the total', async () => {
    const seen: number[] = [];
    const result = await runAllocation(district, items, { suggestFor: 'all' }, { onProgress: (done, total) => {
      expect(total).toBe(items.length);
      seen.push(done);
    } });
    expect(result).toStrictEqual(allocateBuildings(district, items, { suggestFor: 'all' }));
    expect(seen.at(-1)).toBe(items.length);
    expect(seen.length).toBeGreaterThanOrEqual(50);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  it('yields to the event loop between chunks (a timer fires mid-run)', async () => {
    let timerFiredAt = -1;
    let done = 0;
    setTimeout(() => {
      timerFiredAt = done;
    }, 0);
    await runAllocation(district, items, {}, { onProgress: (d) => (done = d) });
    expect(timerFiredAt).toBeGreaterThanOrEqual(0);
    expect(timerFiredAt).toBeLessThan(items.length);
  });

  it('rejects with an AbortError when aborted mid-run, and stops early', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const err = await rejection(
      runAllocation(district, items, {}, {
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done > 0 && seen.length === 3) controller.abort();
        },
      }),
    );
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    expect(Math.max(...seen)).toBeLessThan(items.length * 0.05);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const onProgress = vi.fn();
    const err = await rejection(runAllocation(district, items, {}, { signal: controller.signal, onProgress }));
    expect((err as DOMException).name).toBe('AbortError');
    expect(onProgress).not.toHaveBeenCalled();
  });
});

describe('runAllocation through a worker', () => {
  it('sends only serialisable options, forwards progress and resolves to the direct result', async () => {
    const worker = new FakeWorker();
    const seen: number[] = [];
    const options = { nearestM: 100, band: { min: 40, max: 80 } };
    const result = await runAllocation(district, items, options, { createWorker: () => worker, onProgress: (d) => seen.push(d) });
    expect(result).toStrictEqual(allocateBuildings(district, items, options));
    expect(worker.received[0]).toMatchObject({ type: 'run', options });
    expect(seen.at(-1)).toBe(items.length);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(worker.terminated).toBe(true);
  });

  it('sends a large input in parts and joins a result sent in parts', async () => {
    const many = demoItems(district, MESSAGE_PART * 2 + 10);
    const worker = new FakeWorker();
    const result = await runAllocation(district, many, {}, { createWorker: () => worker });
    expect(worker.received.map((m) => `${m.type}:${m.type === 'run' || m.type === 'items' ? m.items.length : 0}`).filter((x) => !x.startsWith('next'))).toEqual([
      `run:${MESSAGE_PART}`,
      `items:${MESSAGE_PART}`,
      `items:${many.length - 2 * MESSAGE_PART}`,
    ]);
    expect(result).toStrictEqual(allocateBuildings(district, many));
    // Result parts were pulled, one 'next' per part after the first, then one for the result.
    expect(worker.received.filter((m) => m.type === 'next')).toHaveLength(Math.ceil(many.length / MESSAGE_PART));
  });

  it('on abort: rejects with AbortError, sends cancel and terminates the worker', async () => {
    const worker = new FakeWorker();
    const controller = new AbortController();
    const seen: number[] = [];
    const err = await rejection(
      runAllocation(district, items, {}, {
        createWorker: () => worker,
        signal: controller.signal,
        onProgress: (d) => {
          seen.push(d);
          if (seen.length === 2) controller.abort();
        },
      }),
    );
    expect((err as DOMException).name).toBe('AbortError');
    expect(worker.terminated).toBe(true);
    expect(worker.received.map((m) => m.type)).toEqual(['run', 'cancel']);
    expect(seen.length).toBe(2);
  });

  it('rejects with the worker error message, and on a worker load failure', async () => {
    const failing: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        setTimeout(() => this.onmessage?.({ data: { type: 'error', id: message.id, message: 'engine exploded' } } as MessageEvent<WorkerResponse>), 0);
      },
      terminate: vi.fn(),
    };
    await expect(runAllocation(district, items, {}, { createWorker: () => failing })).rejects.toThrow('engine exploded');
    expect(failing.terminate).toHaveBeenCalled();

    const broken: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage() {
        setTimeout(() => this.onerror?.({ message: 'script 404' } as ErrorEvent), 0);
      },
      terminate: vi.fn(),
    };
    await expect(runAllocation(district, items, {}, { createWorker: () => broken })).rejects.toThrow(/worker failed: script 404/);
  });
});
