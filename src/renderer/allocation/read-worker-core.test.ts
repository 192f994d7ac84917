import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuildingInput } from '@core/allocate/building-input';
import { readBuildingFile } from './read-building-file';
import type { ReadResponse } from './read-protocol';
import { footprintsText } from './test-items';
import { createReadWorkerState, decodeBuildingFile, effectiveCrs, handleReadMessage, readKeptFile, resultMessages } from './read-worker-core';

const SHAPEFILE = resolve(import.meta.dirname, '../../../test/fixtures/allocate/new-buildings.zip');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const footprints = (n: number): string => footprintsText(n);

/** Drives the core like the worker shell does, collecting what it posts. */
function harness() {
  const state = createReadWorkerState();
  const posted: ReadResponse[] = [];
  const send = (message: unknown) => handleReadMessage(message, (m) => posted.push(m), state);
  return { state, posted, send };
}

describe('decodeBuildingFile and readKeptFile', () => {
  it('give what readBuildingFile and readBuildingInput give, without the source in the info', async () => {
    const bytes = encode(footprints(30));
    const { info, kept } = await decodeBuildingFile('new.geojson', bytes);
    const direct = await readBuildingFile('new.geojson', bytes);
    if (!direct.ok || !kept) throw new Error('expected a readable file');
    expect(info).toStrictEqual({ ok: true, format: 'geojson', encoding: 'utf-8', notes: [] });
    expect(info).not.toHaveProperty('source');
    expect(readKeptFile(kept, 'gcj02')).toStrictEqual(readBuildingInput(direct.source, { crs: 'gcj02' }));
  });

  it('keeps nothing for a file that cannot be read', async () => {
    const { info, kept } = await decodeBuildingFile('parts.shp', encode('x'));
    expect(info.ok).toBe(false);
    expect(kept).toBeNull();
  });

  it('reads a Shapefile reprojected by its .prj as WGS-84 whatever system is picked', async () => {
    const { info, kept } = await decodeBuildingFile('new-buildings.zip', new Uint8Array(readFileSync(SHAPEFILE)));
    if (!info.ok || !kept) throw new Error('expected a readable zip');
    expect(info.format).toBe('zip');
    expect(info.reprojectedFrom).toBeTruthy();
    expect(effectiveCrs(info, 'gcj02')).toBe('wgs84');
    expect(readKeptFile(kept, 'gcj02')).toStrictEqual(readKeptFile(kept, 'wgs84'));
    expect(effectiveCrs({ ok: true, format: 'csv', notes: [] }, 'bd09')).toBe('bd09');
  });
});

describe('resultMessages', () => {
  it('sends a small result whole, a large one as record and warning parts then a result without them', async () => {
    const { info, kept } = await decodeBuildingFile('b.geojson', encode(footprints(25)));
    if (!kept) throw new Error('expected a readable file');
    const read = readKeptFile(kept, 'wgs84');
    expect(resultMessages('r', info, read, 100)).toStrictEqual([{ type: 'result', id: 'r', file: info, read }]);
    expect(resultMessages('r', info, read, undefined)).toHaveLength(1);
    if (!read.ok) throw new Error('expected records');
    const withWarnings = { ...read, warnings: [{ index: -1, reason: 'a' }, { index: 2, reason: 'b' }, { index: 3, reason: 'c' }] };
    const messages = resultMessages('r', info, withWarnings, 10);
    expect(messages.map((m) => (m.type === 'part' ? `part:${m.records?.length ?? 0}:${m.warnings?.length ?? 0}` : m.type))).toEqual([
      'part:10:0',
      'part:10:0',
      'part:5:0',
      'part:0:3',
      'result',
    ]);
    expect(messages.at(-1)).toStrictEqual({ type: 'result', id: 'r', file: info, read: { ...read, records: [], warnings: [] } });
  });
});

describe('handleReadMessage', () => {
  it('refuses a malformed message with the id it carried, or null', async () => {
    const { posted, send } = harness();
    await send({ type: 'read', id: 'a', name: 'x.geojson', bytes: 'not bytes', crs: 'wgs84' });
    await send({ type: 'reread', id: 'b', crs: 'utm' });
    await send('hello');
    expect(posted.map((m) => [m.type, m.id])).toEqual([
      ['error', 'a'],
      ['error', 'b'],
      ['error', null],
    ]);
    expect(posted[0]).toMatchObject({ message: expect.stringMatching(/Invalid message to the building file reader: bytes/) });
  });

  it('reads a file, keeps it, and rereads it with another system without the bytes', async () => {
    const { state, posted, send } = harness();
    const text = footprints(40);
    await send({ type: 'read', id: 'r1', name: 'b.geojson', bytes: encode(text), crs: 'wgs84' });
    expect(posted).toHaveLength(1);
    const first = posted[0];
    if (first.type !== 'result') throw new Error(`expected a result, got ${first.type}`);
    expect(first.read).toStrictEqual(readBuildingInput({ kind: 'geojson', text }, { crs: 'wgs84' }));
    expect(state.kept?.source).toStrictEqual({ kind: 'geojson', text });

    await send({ type: 'reread', id: 'r2', crs: 'gcj02' });
    expect(posted[1]).toStrictEqual({ type: 'result', id: 'r2', file: first.file, read: readBuildingInput({ kind: 'geojson', text }, { crs: 'gcj02' }) });
    expect(state.queued.size).toBe(0);
  });

  it('sends a large result in parts, one per next, and says so when nothing waits', async () => {
    const { state, posted, send } = harness();
    await send({ type: 'read', id: 'big', name: 'b.geojson', bytes: encode(footprints(25)), crs: 'wgs84', resultChunk: 10 });
    expect(posted.map((m) => m.type)).toEqual(['part']);
    await send({ type: 'next', id: 'big' });
    await send({ type: 'next', id: 'big' });
    await send({ type: 'next', id: 'big' });
    expect(posted.map((m) => m.type)).toEqual(['part', 'part', 'part', 'result']);
    expect(state.outbox.size).toBe(0);
    await send({ type: 'next', id: 'big' });
    expect(posted.at(-1)).toMatchObject({ type: 'error', id: 'big', message: expect.stringMatching(/no result parts waiting/) });
  });

  it('cancel drops the waiting parts; a cancel for an unknown read is a no-op', async () => {
    const { state, posted, send } = harness();
    await send({ type: 'read', id: 'c', name: 'b.geojson', bytes: encode(footprints(25)), crs: 'wgs84', resultChunk: 10 });
    await send({ type: 'cancel', id: 'c' });
    await send({ type: 'cancel', id: 'nobody' });
    expect(state.outbox.size).toBe(0);
    expect(state.cancelled.size).toBe(0);
    expect(posted).toHaveLength(1);
    // The file stays open for rereads.
    await send({ type: 'reread', id: 'd', crs: 'wgs84' });
    expect(posted.at(-1)).toMatchObject({ type: 'result', id: 'd' });
  });

  it('runs reads in order; a reread queued behind a read sees its file, a cancelled one posts nothing', async () => {
    const { state, posted, send } = harness();
    const zip = new Uint8Array(readFileSync(SHAPEFILE));
    const a = send({ type: 'read', id: 'zip', name: 'new-buildings.zip', bytes: zip, crs: 'bd09' });
    const b = send({ type: 'reread', id: 'again', crs: 'gcj02' });
    const c = send({ type: 'reread', id: 'dropped', crs: 'gcj02' });
    await send({ type: 'cancel', id: 'dropped' });
    await Promise.all([a, b, c]);
    expect(posted.map((m) => `${m.type}:${m.id}`)).toEqual(['result:zip', 'result:again']);
    const [first, second] = posted;
    if (first.type !== 'result' || second.type !== 'result') throw new Error('expected results');
    expect(first.file).toMatchObject({ ok: true, format: 'zip' });
    expect(second.read).toStrictEqual(first.read);
    expect(state.cancelled.size).toBe(0);
    expect(state.queued.size).toBe(0);
  });

  it('refuses a reread before any file, a second read with an id in use, and drops the last file on a new read', async () => {
    const { state, posted, send } = harness();
    await send({ type: 'reread', id: 'early', crs: 'wgs84' });
    expect(posted[0]).toMatchObject({ type: 'error', id: 'early', message: expect.stringMatching(/No building file is open/) });

    await send({ type: 'read', id: 'p', name: 'b.geojson', bytes: encode(footprints(25)), crs: 'wgs84', resultChunk: 10 });
    await send({ type: 'read', id: 'p', name: 'b.geojson', bytes: encode(footprints(5)), crs: 'wgs84' });
    expect(posted.at(-1)).toMatchObject({ type: 'error', id: 'p', message: expect.stringMatching(/already in progress/) });

    await send({ type: 'read', id: 'bad', name: 'notes.txt', bytes: encode('no coordinates here'), crs: 'wgs84' });
    expect(posted.at(-1)).toMatchObject({ type: 'result', id: 'bad', file: { ok: true, format: 'csv' }, read: { ok: false } });
    await send({ type: 'read', id: 'worse', name: 'x.shp', bytes: encode('x'), crs: 'wgs84' });
    expect(posted.at(-1)).toMatchObject({ type: 'result', id: 'worse', file: { ok: false }, read: null });
    expect(state.kept).toBeNull();
  });
});
