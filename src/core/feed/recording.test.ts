import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestMessage, initialIngestState, type IngestOutcome } from './ingest';
import { MAX_MESSAGE_BYTES } from './protocol';
import {
  RECORDING_FORMAT_VERSION,
  RecordingWriter,
  feedEntry,
  feedEntryRaw,
  readRecording,
  writeRecording,
  type ActionEntry,
  type ReadRecordingResult,
  type RecordingEntry,
  type RecordingHeader,
  type RecordingInfo,
} from './recording';

const INFO: RecordingInfo & { endedAt: string } = {
  district: { code: 'ZY', name: '建设路街道' },
  startedAt: '2024-05-01T08:30:00+08:00',
  endedAt: '2024-05-01T08:40:00+08:00',
  boundaryVersion: '2024-04-01',
};

const incident = (id: string, version: number, seq: number) => ({
  kind: 'incident',
  seq,
  at: '2024-05-01T08:30:00+08:00',
  id,
  version,
  category: '0101',
  title: '井盖缺失',
  lon: 113.6,
  lat: 34.75,
});

const time = (s: number) => `2024-05-01T08:3${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}+08:00`;

const ACTION: ActionEntry = { t: 'action', at: time(40), by: 'operator-1', action: { type: 'incident/dispatch', incidentId: 'i-1' } };

function sampleEntries(): RecordingEntry[] {
  return [
    feedEntry(JSON.stringify({ kind: 'heartbeat', seq: 1, at: time(0) }), time(1)),
    feedEntry(JSON.stringify(incident('i-1', 1, 2)), time(2)),
    feedEntry(incident('i-1', 1, 2), time(3)),
    feedEntry({ kind: 'position', seq: 3, at: time(3), worker_id: 's-7', lon: 113.6, lat: 34.75, future_field: [1] }, time(4)),
    feedEntry('{"kind":"incident",', time(5)),
    ACTION,
    feedEntry(JSON.stringify(incident('i-1', 2, 4)), time(50)),
  ];
}

function ok(result: ReadRecordingResult) {
  if (!result.ok) throw new Error(`expected a recording, got: ${result.reason}`);
  return result;
}

function refused(result: ReadRecordingResult) {
  if (result.ok) throw new Error('expected a refusal');
  return result;
}

const lines = (text: string) => text.split('\n');

describe('feedEntry: what a replay gets back', () => {
  it('keeps JSON object text as the object, other text as text, parsed values as they are', () => {
    expect(feedEntry('{"kind":"heartbeat","seq":1}', time(0))).toEqual({ t: 'feed', receivedAt: time(0), message: { kind: 'heartbeat', seq: 1 } });
    expect(feedEntry('{bad', time(0))).toEqual({ t: 'feed', receivedAt: time(0), text: '{bad' });
    expect(feedEntry('[1]', time(0))).toEqual({ t: 'feed', receivedAt: time(0), text: '[1]' });
    expect(feedEntry('"str"', time(0))).toEqual({ t: 'feed', receivedAt: time(0), text: '"str"' });
    expect(feedEntry([1], time(0))).toEqual({ t: 'feed', receivedAt: time(0), message: [1] });
    expect(feedEntry(null, time(0))).toEqual({ t: 'feed', receivedAt: time(0), message: null });
    const huge = JSON.stringify({ kind: 'heartbeat', seq: 1, at: time(0), pad: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(feedEntry(huge, time(0))).toEqual({ t: 'feed', receivedAt: time(0), text: huge });
  });

  it('replaying every kind of frame gives the outcome it had live', () => {
    const frames: unknown[] = [
      JSON.stringify(incident('i-1', 1, 1)),
      `\uFEFF${JSON.stringify(incident('i-2', 1, 2))}`,
      incident('i-1', 1, 3),
      JSON.stringify({ ...incident('i-3', 1, 4), lat: 123 }),
      '{bad',
      '',
      '[1]',
      '"hello"',
      '42',
      [1],
      null,
      { seq: 5 },
      JSON.stringify({ kind: 'heartbeat', seq: 6, at: time(0), pad: 'x'.repeat(MAX_MESSAGE_BYTES) }),
      JSON.stringify(incident('i-1', 0, 7)),
    ];
    const summary = (o: IngestOutcome) => (o.kind === 'rejected' ? `rejected:${o.rejection.kind}:${o.rejection.reason}` : `${o.kind}:${JSON.stringify(o.message)}`);
    let live = initialIngestState();
    const liveOutcomes: string[] = [];
    const writer = new RecordingWriter(INFO);
    for (const f of frames) {
      const r = ingestMessage(live, f, time(1));
      live = r.state;
      liveOutcomes.push(summary(r.outcome));
      writer.feed(f, time(1));
    }
    const read = ok(readRecording(writer.finishText(INFO.endedAt)));
    let replay = initialIngestState();
    const replayOutcomes: string[] = [];
    for (const e of read.entries) {
      if (e.t !== 'feed') continue;
      const r = ingestMessage(replay, feedEntryRaw(e), time(1));
      replay = r.state;
      replayOutcomes.push(summary(r.outcome));
    }
    expect(replayOutcomes).toEqual(liveOutcomes);
    expect(replay.counts).toEqual(live.counts);
  });
});

describe('writeRecording / readRecording', () => {
  it('round-trips: header with counts worked out, entries as written, no warnings', () => {
    const entries = sampleEntries();
    const text = writeRecording(INFO, entries);
    expect(text.endsWith('\n')).toBe(true);
    expect(lines(text)).toHaveLength(entries.length + 2);
    const read = ok(readRecording(text));
    const header: RecordingHeader = {
      format: 'gridroom-recording',
      version: 1,
      district: INFO.district,
      startedAt: INFO.startedAt,
      endedAt: INFO.endedAt,
      counts: { feed: 6, incidents: 3, positions: 1, heartbeats: 1, actions: 1 },
      boundaryVersion: '2024-04-01',
    };
    expect(read.header).toEqual(header);
    expect(read.entries).toEqual(entries);
    expect(read.warnings).toEqual([]);
    // The header is the first line, exactly.
    expect(JSON.parse(lines(text)[0])).toEqual(header);
    // And again: reading then writing gives the same text.
    expect(writeRecording({ ...read.header }, read.entries)).toBe(text);
  });

  it('keeps unknown fields of a feed message as received (the message is the raw object)', () => {
    const read = ok(readRecording(writeRecording(INFO, sampleEntries())));
    const pos = read.entries[3];
    expect(pos).toMatchObject({ t: 'feed', message: { future_field: [1] } });
  });

  it('writes an empty recording (header only) and reads it back', () => {
    const text = writeRecording({ ...INFO, boundaryVersion: null }, []);
    expect(lines(text)).toHaveLength(2);
    const read = ok(readRecording(text));
    expect(read.entries).toEqual([]);
    expect(read.header.boundaryVersion).toBeNull();
    expect(read.header.counts).toEqual({ feed: 0, incidents: 0, positions: 0, heartbeats: 0, actions: 0 });
  });

  it('reads CRLF line ends and a leading byte order mark', () => {
    const text = writeRecording(INFO, sampleEntries());
    const read = ok(readRecording(`\uFEFF${text.replace(/\n/g, '\r\n')}`));
    expect(read.entries).toEqual(sampleEntries());
    expect(read.warnings).toEqual([]);
  });
});

describe('readRecording refuses', () => {
  const good = () => writeRecording(INFO, sampleEntries());

  it('an empty file, or one whose first line is not the header', () => {
    expect(refused(readRecording(''))).toMatchObject({ code: 'not_recording', reason: 'not a Gridroom recording: the file is empty' });
    expect(refused(readRecording('\n'))).toMatchObject({ code: 'not_recording' });
    for (const text of ['id,lon,lat\n1,2,3\n', '{"kind":"heartbeat","seq":1}\n', '[1,2]\n', 'null\n', good().split('\n').slice(1).join('\n')]) {
      expect(refused(readRecording(text))).toMatchObject({
        code: 'not_recording',
        reason: 'not a Gridroom recording: its first line is not a recording header',
      });
    }
  });

  it('a recording from a newer Gridroom, by its version', () => {
    const text = good().replace('"version":1', '"version":2');
    expect(refused(readRecording(text))).toEqual({
      ok: false,
      code: 'newer_version',
      reason: 'this recording was made by a newer Gridroom (format 2); this one reads up to 1',
    });
  });

  it('a header without a valid version, or with a field wrong', () => {
    for (const v of ['0', '"1"', '1.5', 'null']) {
      expect(refused(readRecording(good().replace('"version":1', `"version":${v}`))).code).toBe('bad_header');
    }
    expect(refused(readRecording(good().replace(/"version":1,/, '')))).toMatchObject({ code: 'bad_header' });
    const noDistrict = good().replace('"district":{"code":"ZY","name":"建设路街道"},', '');
    expect(refused(readRecording(noDistrict))).toMatchObject({ code: 'bad_header', reason: expect.stringMatching(/^the recording header is invalid: district/) });
    const badTime = good().replace(`"startedAt":"${INFO.startedAt}"`, '"startedAt":"2024-05-01 08:30"');
    expect(refused(readRecording(badTime))).toMatchObject({
      code: 'bad_header',
      reason: 'the recording header is invalid: startedAt: is not an ISO 8601 time with an offset',
    });
  });

  it('a line that is not JSON, naming the line: the whole file, since replay must be exact', () => {
    const l = lines(good());
    l[3] = '{"t":"feed","receivedAt":"2024-05-01T08:30:02+08:00","message":{"kind":';
    const r = refused(readRecording(l.join('\n')));
    expect(r.code).toBe('corrupt_line');
    expect(r.reason).toMatch(/^line 4 of the recording is not JSON \(.+\); a replay must be exact, so the file is not read$/);
  });

  it('a line that is JSON but not an entry', () => {
    const cases: [string, string][] = [
      ['[1]', 'not a JSON object'],
      ['{"t":"note","text":"x"}', 't "note" is not "feed" or "action"'],
      ['{"receivedAt":"2024-05-01T08:30:02+08:00"}', 't is missing'],
      ['{"t":"feed","receivedAt":"2024-05-01T08:30:02+08:00"}', 'a feed entry holds exactly one of message and text'],
      ['{"t":"feed","receivedAt":"2024-05-01T08:30:02+08:00","message":{},"text":"x"}', 'a feed entry holds exactly one of message and text'],
      ['{"t":"feed","receivedAt":"08:30","message":{}}', 'receivedAt: is not an ISO 8601 time with an offset'],
      ['{"t":"feed","message":{}}', 'receivedAt: is missing'],
      ['{"t":"feed","receivedAt":"2024-05-01T08:30:02+08:00","text":5}', 'text:'],
      ['{"t":"action","at":"2024-05-01T08:30:02+08:00","by":"","action":{}}', 'by: is empty'],
      ['{"t":"action","at":"2024-05-01T08:30:02+08:00","by":"op","action":"dispatch"}', 'action:'],
    ];
    for (const [line, problem] of cases) {
      const l = lines(good());
      l[2] = line;
      const r = refused(readRecording(l.join('\n')));
      expect(r.code, line).toBe('corrupt_line');
      expect(r.reason, line).toContain(`line 3 of the recording is not a recording entry: ${problem}`);
    }
  });

  it('a file cut off in its last line: "truncated after line N"', () => {
    const text = good();
    const cut = text.slice(0, text.length - 20);
    const lastComplete = lines(cut).length - 1;
    expect(refused(readRecording(cut))).toEqual({ ok: false, code: 'truncated', reason: `the recording is truncated after line ${lastComplete}` });
    // Cut in the header itself.
    expect(refused(readRecording(text.slice(0, 60)))).toMatchObject({ code: 'truncated', reason: 'the recording is truncated in its header (line 1)' });
  });
});

describe('readRecording warns', () => {
  it('when the header counts do not match the entries (the entries win)', () => {
    const text = writeRecording(INFO, sampleEntries()).replace('"feed":6', '"feed":7').replace('"actions":1', '"actions":0');
    const read = ok(readRecording(text));
    expect(read.entries).toEqual(sampleEntries());
    expect(read.warnings).toEqual(['the header counts 7 feed but the file holds 6', 'the header counts 0 actions but the file holds 1']);
  });

  it('about blank lines, entries going back in time, a missing final newline and an end before the start', () => {
    const l = lines(writeRecording(INFO, sampleEntries()));
    l.splice(3, 0, '');
    [l[4], l[5]] = [l[5], l[4]];
    const text = l.join('\n').trimEnd().replace(`"endedAt":"${INFO.endedAt}"`, '"endedAt":"2024-05-01T08:00:00+08:00"');
    const read = ok(readRecording(text));
    expect(read.entries).toHaveLength(sampleEntries().length);
    expect(read.warnings).toEqual([
      'the recording ends (2024-05-01T08:00:00+08:00) before it starts (2024-05-01T08:30:00+08:00)',
      'entries go back in time at line 6; replay keeps file order',
      'blank line 4 skipped',
      'the file does not end with a newline (its last entry is complete)',
    ]);
  });
});

describe('RecordingWriter', () => {
  it('returns each line as it is appended and counts as it goes', () => {
    const w = new RecordingWriter(INFO);
    const line = w.feed(incident('i-1', 1, 1), time(1));
    expect(line).toBe(`${JSON.stringify({ t: 'feed', receivedAt: time(1), message: incident('i-1', 1, 1) })}\n`);
    expect(w.action(time(2), 'operator-1', { type: 'x' })).toBe(`${JSON.stringify({ t: 'action', at: time(2), by: 'operator-1', action: { type: 'x' } })}\n`);
    expect(w.counts).toEqual({ feed: 1, incidents: 1, positions: 0, heartbeats: 0, actions: 1 });
    const chunks = w.finish(INFO.endedAt);
    expect(chunks[0]).toBe(w.headerLine(INFO.endedAt));
    expect(() => w.feed('x', time(3))).toThrow(/finished/);
  });

  it('streams without keeping lines: header at the end, written first', () => {
    const w = new RecordingWriter(INFO, { keepLines: false });
    const body = sampleEntries()
      .map((e) => w.append(e))
      .join('');
    const chunks = w.finish(INFO.endedAt);
    expect(chunks).toHaveLength(1);
    expect(chunks[0] + body).toBe(writeRecording(INFO, sampleEntries()));
  });

  it('gathers many lines into a few chunks', () => {
    const w = new RecordingWriter(INFO);
    for (let i = 0; i < 20_000; i++) w.feed(incident(`i-${i}`, 1, i), time(1));
    const chunks = w.finish(INFO.endedAt);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.length).toBeLessThan(20);
    const read = ok(readRecording(chunks.join('')));
    expect(read.entries).toHaveLength(20_000);
    expect(read.header.counts.incidents).toBe(20_000);
  });

  it('refuses what a reader would refuse', () => {
    expect(() => new RecordingWriter({ ...INFO, startedAt: 'today' })).toThrow(RangeError);
    const w = new RecordingWriter(INFO);
    expect(() => w.feed(incident('i-1', 1, 1), '08:30')).toThrow(/receivedAt/);
    expect(() => w.feed(undefined, time(1))).toThrow(/exactly one of message and text/);
    expect(() => w.action(time(1), ' ', {})).toThrow(/by: is empty/);
    expect(() => w.headerLine('later')).toThrow(RangeError);
    expect(w.counts.feed).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixtures: every file in test/fixtures/recordings, one per format version ever written (kepler.gl's
// habit, as the database fixtures in src/renderer/storage/migrations.test.ts).

const FIXTURE_DIR = resolve(import.meta.dirname, '../../../test/fixtures/recordings');
const FIXTURE_NAME = /^v(\d+)\.jsonl$/;
const fixtureFiles = readdirSync(FIXTURE_DIR).sort();

describe('recording fixtures', () => {
  it('has one fixture per format version ever written, and nothing else', () => {
    // Adding a format version without its fixture fails here.
    expect(fixtureFiles.every((f) => FIXTURE_NAME.test(f)), fixtureFiles.join(', ')).toBe(true);
    const versions = fixtureFiles.map((f) => Number(FIXTURE_NAME.exec(f)![1])).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: RECORDING_FORMAT_VERSION }, (_, i) => i + 1));
  });

  it.each(fixtureFiles)('%s reads with the current code, without warnings, at its own version', (file) => {
    const read = ok(readRecording(readFileSync(resolve(FIXTURE_DIR, file), 'utf8')));
    expect(read.header.version).toBe(Number(FIXTURE_NAME.exec(file)![1]));
    expect(read.warnings).toEqual([]);
    expect(read.entries.length).toBeGreaterThan(0);
  });

  it('v1.jsonl replays to the outcomes it was made for', () => {
    const read = ok(readRecording(readFileSync(resolve(FIXTURE_DIR, 'v1.jsonl'), 'utf8')));
    let state = initialIngestState();
    const outcomes: string[] = [];
    for (const e of read.entries) {
      if (e.t !== 'feed') {
        outcomes.push(`action:${(e.action as { type: string }).type}`);
        continue;
      }
      const r = ingestMessage(state, feedEntryRaw(e), e.receivedAt);
      state = r.state;
      outcomes.push(r.outcome.kind === 'rejected' ? `rejected:${r.outcome.rejection.kind}` : `${r.outcome.kind}:${r.outcome.message.kind}`);
    }
    expect(outcomes).toEqual([
      'accepted:heartbeat',
      'accepted:incident', // i-1001 v1 (with a field v1 does not know)
      'accepted:position', // s-7
      'duplicate:incident', // i-1001 v1 redelivered (QoS 1)
      'duplicate:position', // s-7's fix redelivered
      'action:incident/dispatch',
      'accepted:incident', // i-1001 v2
      'accepted:incident', // i-1002 v1, gcj02
      'accepted:heartbeat',
      'accepted:position', // s-12
      'rejected:not_json', // a frame cut off in transit, kept as text
      'stale:incident', // i-1001 v1 again, after v2
      'rejected:out_of_range', // lat 134.75
      'action:incident/acknowledge',
    ]);
    expect(new Map(state.incidentVersions)).toEqual(new Map([['i-1001', 2], ['i-1002', 1]]));
    expect(state.lastSeq).toBe(9);
    expect(state.counts).toEqual({ received: 12, accepted: 7, duplicate: 2, stale: 1, rejected: 2 });
  });
});
