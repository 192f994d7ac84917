import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readBuildingInput } from '@core/allocate/building-input';
import type { Crs } from '@core/crs';
import { READ_PART, readBuildingsOffThread, type ReadWorkerLike } from './read-client';
import { readBuildingFile } from './read-building-file';
import type { ReadRequest, ReadResponse } from './read-protocol';
import { footprintsText } from './test-items';
import { createReadWorkerState, handleReadMessage } from './read-worker-core';

const SHAPEFILE = resolve(import.meta.dirname, '../../../test/fixtures/allocate/new-buildings.zip');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const footprints = (n: number): string => footprintsText(n, { repeatIds: true });

/** What the UI thread gave before the worker: readBuildingFile, then readBuildingInput with the .prj rule. */
async function inThread(name: string, bytes: Uint8Array, crs: Crs) {
  const file = await readBuildingFile(name, bytes);
  if (!file.ok) return { file, read: null };
  return { file, read: readBuildingInput(file.source, { crs: file.reprojectedFrom !== undefined ? 'wgs84' : crs }) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

/** A Worker stand-in that runs the real worker core, with structured clones (and transfers) both ways. */
class FakeWorker implements ReadWorkerLike {
  onmessage: ((event: MessageEvent<ReadResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  received: ReadRequest[] = [];
  readonly state = createReadWorkerState();
  postMessage(message: ReadRequest, transfer: Transferable[] = []): void {
    const copy = structuredClone(message, { transfer });
    this.received.push(copy);
    setTimeout(() => {
      if (this.terminated) return;
      void handleReadMessage(copy, (out) => {
        if (!this.terminated) this.onmessage?.({ data: structuredClone(out) } as MessageEvent<ReadResponse>);
      }, this.state);
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The kinds of request sent, 'next' left out. */
  sent(): string[] {
    return this.received.filter((m) => m.type !== 'next').map((m) => m.type);
  }
}

describe('readBuildingsOffThread in this thread (no Worker, as in Node)', () => {
  it('uses the in-thread path where Worker is missing', () => {
    expect(typeof Worker).toBe('undefined');
  });

  it('gives what the in-thread reading gives, rereads with another system, and stops after close', async () => {
    const bytes = encode(footprints(300));
    const opened = await readBuildingsOffThread('new.geojson', bytes, 'wgs84');
    const direct = await inThread('new.geojson', bytes, 'wgs84');
    expect(opened.ok).toBe(true);
    expect(opened.read).toStrictEqual(direct.read);
    expect(opened.file).toMatchObject({ ok: true, format: 'geojson', encoding: 'utf-8', notes: [] });
    expect(await opened.reread('gcj02')).toStrictEqual((await inThread('new.geojson', bytes, 'gcj02')).read);
    opened.close();
    await expect(opened.reread('wgs84')).rejects.toThrow(/no longer open/);
  });

  it('rejects with an AbortError when aborted, before or during the read', async () => {
    const before = new AbortController();
    before.abort();
    expect(await rejection(readBuildingsOffThread('a.geojson', encode(footprints(3)), 'wgs84', { signal: before.signal }))).toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const read = readBuildingsOffThread('a.geojson', encode(footprints(3)), 'wgs84', { signal: during.signal });
    during.abort();
    expect(await rejection(read)).toMatchObject({ name: 'AbortError' });
  });

  it('reports a file that cannot be read as ok: false', async () => {
    const opened = await readBuildingsOffThread('part.dbf', encode('x'), 'wgs84', { createWorker: null });
    expect(opened).toMatchObject({ ok: false, file: { ok: false, reason: expect.stringMatching(/one part of a Shapefile/) }, read: null });
    await expect(opened.reread('wgs84')).rejects.toThrow(/no longer open/);
  });
});

describe('readBuildingsOffThread through a worker', () => {
  it('gives exactly what the in-thread path gives: records, columns, properties, warnings, summary', async () => {
    const bytes = encode(footprints(1000));
    const worker = new FakeWorker();
    const opened = await readBuildingsOffThread('new.geojson', bytes, 'bd09', { createWorker: () => worker });
    const direct = await inThread('new.geojson', bytes, 'bd09');
    expect(opened.read).toStrictEqual(direct.read);
    expect(opened.read?.ok && opened.read.summary.duplicateIds).toEqual(['B0']);
    if (!direct.file.ok) throw new Error('expected a readable file');
    const { source: _source, ...info } = direct.file;
    expect(opened.file).toStrictEqual(info);
    expect(worker.terminated).toBe(false);
  });

  it('reassembles records sent in parts of READ_PART, pulled one per next', async () => {
    const n = READ_PART * 2 + 10;
    const bytes = encode(footprints(n));
    const worker = new FakeWorker();
    const opened = await readBuildingsOffThread('many.geojson', bytes, 'wgs84', { createWorker: () => worker });
    if (!opened.read?.ok) throw new Error('expected records');
    expect(opened.read.records).toHaveLength(n);
    expect(opened.read.records.map((r) => r.index)).toEqual([...Array(n).keys()]);
    expect(opened.read).toStrictEqual((await inThread('many.geojson', bytes, 'wgs84')).read);
    // Three parts of records, then the result: one 'next' after each part.
    expect(worker.received.filter((m) => m.type === 'next')).toHaveLength(3);
    expect(worker.received[0]).toMatchObject({ type: 'read', resultChunk: READ_PART });
  });

  it('rereads the kept file with another system without sending the bytes again', async () => {
    const bytes = encode(footprints(READ_PART + 5));
    const worker = new FakeWorker();
    const opened = await readBuildingsOffThread('new.geojson', bytes, 'wgs84', { createWorker: () => worker });
    const again = await opened.reread('gcj02');
    expect(again).toStrictEqual((await inThread('new.geojson', bytes, 'gcj02')).read);
    expect(worker.sent()).toEqual(['read', 'reread']);
    expect(worker.received[worker.received.length - 1]).not.toHaveProperty('bytes');
    opened.close();
    expect(worker.terminated).toBe(true);
    await expect(opened.reread('wgs84')).rejects.toThrow(/no longer open/);
  });

  it('keeps a Shapefile reprojected by its .prj in WGS-84 whatever system is picked, as before', async () => {
    const zip = new Uint8Array(readFileSync(SHAPEFILE));
    const opened = await readBuildingsOffThread('new-buildings.zip', zip, 'gcj02', { createWorker: () => new FakeWorker() });
    const direct = await inThread('new-buildings.zip', zip, 'gcj02');
    expect(opened.read).toStrictEqual(direct.read);
    expect(opened.file).toMatchObject({ ok: true, format: 'zip', reprojectedFrom: expect.any(String) });
    expect(await opened.reread('bd09')).toStrictEqual(direct.read);
  });

  it('copies the bytes unless they are given up; given up, their buffer is transferred', async () => {
    const kept = encode(footprints(3));
    await readBuildingsOffThread('a.geojson', kept, 'wgs84', { createWorker: () => new FakeWorker() });
    expect(kept.byteLength).toBeGreaterThan(0);
    const given = encode(footprints(3));
    const opened = await readBuildingsOffThread('a.geojson', given, 'wgs84', { createWorker: () => new FakeWorker(), transferBytes: true });
    expect(given.byteLength).toBe(0);
    expect(opened.read?.ok && opened.read.summary.total).toBe(3);
    // A view on part of a larger buffer is copied even when given up: the rest is not ours to move.
    const big = encode(`xx${footprints(2)}`);
    const view = big.subarray(2);
    const fromView = await readBuildingsOffThread('a.geojson', view, 'wgs84', { createWorker: () => new FakeWorker(), transferBytes: true });
    expect(big.byteLength).toBeGreaterThan(0);
    expect(fromView.read?.ok && fromView.read.summary.total).toBe(2);
  });

  it('a file that cannot be read resolves ok: false and lets its worker go', async () => {
    const worker = new FakeWorker();
    const opened = await readBuildingsOffThread('empty.geojson', new Uint8Array(0), 'wgs84', { createWorker: () => worker });
    expect(opened).toMatchObject({ ok: false, file: { ok: false, reason: 'empty.geojson is empty.' }, read: null });
    expect(worker.terminated).toBe(true);
    await expect(opened.reread('wgs84')).rejects.toThrow(/no longer open/);
  });

  it('on abort during the read: rejects with AbortError and terminates the worker', async () => {
    const worker = new FakeWorker();
    const controller = new AbortController();
    const read = readBuildingsOffThread('many.geojson', encode(footprints(READ_PART * 2)), 'wgs84', { createWorker: () => worker, signal: controller.signal });
    // Abort once the first part has arrived.
    const onmessage = worker.onmessage;
    worker.onmessage = (event) => {
      onmessage?.(event);
      controller.abort();
    };
    expect(await rejection(read)).toMatchObject({ name: 'AbortError' });
    expect(worker.terminated).toBe(true);
    expect(worker.sent()).toEqual(['read', 'cancel']);
  });

  it('on abort during a reread: rejects with AbortError, cancels it, and keeps the file open', async () => {
    const worker = new FakeWorker();
    const opened = await readBuildingsOffThread('a.geojson', encode(footprints(20)), 'wgs84', { createWorker: () => worker });
    const controller = new AbortController();
    const again = opened.reread('gcj02', { signal: controller.signal });
    controller.abort();
    expect(await rejection(again)).toMatchObject({ name: 'AbortError' });
    expect(worker.sent()).toEqual(['read', 'reread', 'cancel']);
    expect(worker.terminated).toBe(false);
    const aborted = new AbortController();
    aborted.abort();
    expect(await rejection(opened.reread('gcj02', { signal: aborted.signal }))).toMatchObject({ name: 'AbortError' });
    await expect(opened.reread('gcj02')).resolves.toMatchObject({ ok: true, summary: { total: 20 } });
    // Nothing was left behind in the worker.
    await new Promise((r) => setTimeout(r, 10));
    expect(worker.state.outbox.size).toBe(0);
  });

  it('rejects with the error the worker reports, and lets the worker go', async () => {
    const failing: ReadWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        setTimeout(() => this.onmessage?.({ data: { type: 'error', id: message.id, message: 'reader exploded' } } as MessageEvent<ReadResponse>), 0);
      },
      terminate: vi.fn(),
    };
    await expect(readBuildingsOffThread('a.geojson', encode(footprints(2)), 'wgs84', { createWorker: () => failing })).rejects.toThrow('reader exploded');
    expect(failing.terminate).toHaveBeenCalled();
  });

  it('rejects with a clear Error when the worker cannot load or cannot start', async () => {
    const broken: ReadWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage() {
        // What Chromium fires for a module worker script that does not load: a plain Event.
        setTimeout(() => this.onerror?.(new Event('error') as ErrorEvent), 0);
      },
      terminate: vi.fn(),
    };
    await expect(readBuildingsOffThread('a.geojson', encode(footprints(2)), 'wgs84', { createWorker: () => broken })).rejects.toThrow(
      'The building file reader (a Web Worker) failed: it could not load or crashed',
    );
    expect(broken.terminate).toHaveBeenCalled();

    const refused = () => {
      throw new DOMException("Refused to create a worker from 'x' (Content Security Policy)", 'SecurityError');
    };
    await expect(readBuildingsOffThread('a.geojson', encode(footprints(2)), 'wgs84', { createWorker: refused })).rejects.toThrow(
      /could not start: Refused to create a worker/,
    );
  });

  it('a worker that fails after the read closes the file: the reread says why', async () => {
    const worker = new FakeWorker();
    const opened = await readBuildingsOffThread('a.geojson', encode(footprints(4)), 'wgs84', { createWorker: () => worker });
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    expect(worker.terminated).toBe(true);
    await expect(opened.reread('wgs84')).rejects.toThrow(/failed: out of memory/);
  });

  it('does not start a worker when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const factory = vi.fn(() => new FakeWorker());
    expect(await rejection(readBuildingsOffThread('a.geojson', encode(footprints(2)), 'wgs84', { createWorker: factory, signal: controller.signal }))).toMatchObject({
      name: 'AbortError',
    });
    expect(factory).not.toHaveBeenCalled();
  });
});
