import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLL_INTERVAL_MS,
  FEED_CONFIG_PROBLEM_CODES,
  emptyFeedConfigForm,
  feedConfigFromForm,
  feedConfigToForm,
  isValidMqttTopic,
  nextFeedId,
  parseFeedConfig,
  parseFeedConfigList,
  sameFeedEndpoint,
  type FeedConfig,
  type FeedConfigResult,
} from './feed-config';

const ws: FeedConfig = { id: 'hotline', kind: 'websocket', label: '12345 热线', url: 'ws://10.0.0.5:8765/feed', enabled: true };
const codes = (r: FeedConfigResult): string[] => (r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`));

describe('parseFeedConfig', () => {
  it('accepts each kind with its schemes, trims text and fills defaults', () => {
    expect(parseFeedConfig({ ...ws, label: '  12345 热线 ', enabled: undefined })).toEqual({ ok: true, value: ws });
    expect(parseFeedConfig({ ...ws, url: 'wss://feeds.example.cn/zy?token=abc' }).ok).toBe(true);
    const poll = parseFeedConfig({ id: 'p', kind: 'http-poll', label: 'P', url: 'https://[::1]:8443/feed' });
    expect(poll).toEqual({ ok: true, value: { id: 'p', kind: 'http-poll', label: 'P', url: 'https://[::1]:8443/feed', pollIntervalMs: DEFAULT_POLL_INTERVAL_MS, enabled: true } });
    for (const url of ['mqtt://10.0.0.5:1883', 'mqtts://broker.example', 'tcp://127.0.0.1:1883']) {
      expect(parseFeedConfig({ id: 'm', kind: 'mqtt', label: 'M', url, topic: 'gridroom/feeds/+' }).ok).toBe(true);
    }
  });

  it('drops fields that do not belong to the kind', () => {
    const r = parseFeedConfig({ ...ws, topic: 'a/b', pollIntervalMs: 5000 });
    expect(r.ok && r.value).toEqual(ws);
  });

  it('says what is wrong as codes per field', () => {
    expect(codes(parseFeedConfig(null))).toEqual(['null:not_object']);
    expect(codes(parseFeedConfig({ ...ws, url: 'http://10.0.0.5/feed' }))).toEqual(['url:scheme_mismatch']);
    expect(codes(parseFeedConfig({ ...ws, kind: 'http-poll', url: 'ws://x/feed' }))).toEqual(['url:scheme_mismatch']);
    expect(codes(parseFeedConfig({ ...ws, kind: 'mqtt', url: 'mqtt://b:1883' }))).toEqual(['topic:required']);
    expect(codes(parseFeedConfig({ ...ws, kind: 'mqtt', url: 'mqtt://b:1883?x=1', topic: 'a/#/b' }))).toEqual(['url:url_query_mqtt', 'topic:bad_topic']);
    expect(codes(parseFeedConfig({ ...ws, url: 'ws://user:pw@host/feed' }))).toEqual(['url:url_credentials']);
    expect(codes(parseFeedConfig({ ...ws, url: 'ws://host/feed#x' }))).toEqual(['url:url_fragment']);
    expect(codes(parseFeedConfig({ ...ws, url: 'ws://host:99999/feed' }))).toEqual(['url:bad_port']);
    expect(codes(parseFeedConfig({ ...ws, url: 'ws:/host' }))).toEqual(['url:bad_url']);
    expect(codes(parseFeedConfig({ ...ws, url: 'ws://ho st/feed' }))).toEqual(['url:bad_url']);
    expect(codes(parseFeedConfig({ ...ws, url: '' }))).toEqual(['url:required']);
    expect(codes(parseFeedConfig({ ...ws, label: 'x'.repeat(81) }))).toEqual(['label:too_long']);
    expect(codes(parseFeedConfig({ ...ws, label: 7 }))).toEqual(['label:not_text']);
    expect(codes(parseFeedConfig({ ...ws, id: 'demo' }))).toEqual(['id:reserved_id']);
    expect(codes(parseFeedConfig({ ...ws, id: 'Has Space' }))).toEqual(['id:bad_id']);
    expect(codes(parseFeedConfig({ ...ws, kind: 'file' }))).toEqual(['kind:unknown_kind']);
    expect(codes(parseFeedConfig({ ...ws, enabled: 'yes' }))).toEqual(['enabled:not_boolean']);
    const poll = { id: 'p', kind: 'http-poll', label: 'P', url: 'http://h/feed' };
    expect(codes(parseFeedConfig({ ...poll, pollIntervalMs: 999 }))).toEqual(['pollIntervalMs:interval_range']);
    expect(codes(parseFeedConfig({ ...poll, pollIntervalMs: 300_001 }))).toEqual(['pollIntervalMs:interval_range']);
    expect(codes(parseFeedConfig({ ...poll, pollIntervalMs: '2000' }))).toEqual(['pollIntervalMs:not_a_number']);
    expect(parseFeedConfig({ ...poll, pollIntervalMs: 300_000 }).ok).toBe(true);
  });

  it('lists every problem code it can give', () => {
    expect(new Set(FEED_CONFIG_PROBLEM_CODES).size).toBe(FEED_CONFIG_PROBLEM_CODES.length);
  });

  it('knows MQTT topic filters', () => {
    expect(['a', 'a/b', 'a/+/c', '#', 'a/#', '+', '/a'].every(isValidMqttTopic)).toBe(true);
    expect(['', 'a/#/b', 'a+', 'a/b#', 'a\u0000'].some(isValidMqttTopic)).toBe(false);
  });
});

describe('the stored list', () => {
  it('keeps what parses, drops bad entries and repeated ids', () => {
    expect(parseFeedConfigList('nope')).toBeNull();
    expect(parseFeedConfigList([ws, { ...ws, url: 'http://x' }, { ...ws, label: 'again' }, 42, { ...ws, id: 'b', url: 'ws://b/' }])).toEqual([ws, { ...ws, id: 'b', url: 'ws://b/' }]);
  });
});

describe('the form', () => {
  it('a new feed gets the next free id and its interval in ms', () => {
    const form = { ...emptyFeedConfigForm('http-poll'), label: 'Poll', url: 'http://127.0.0.1:8765/feed', pollIntervalS: '5' };
    const r = feedConfigFromForm(form, [{ ...ws, id: 'feed-1' }]);
    expect(r).toEqual({ ok: true, value: { id: 'feed-2', kind: 'http-poll', label: 'Poll', url: 'http://127.0.0.1:8765/feed', pollIntervalMs: 5000, enabled: true } });
    expect(nextFeedId([])).toBe('feed-1');
  });

  it('reports a non-number interval, the same endpoint twice, and lets a feed keep its own URL when edited', () => {
    const poll = { ...emptyFeedConfigForm('http-poll'), label: 'P', url: 'http://h/feed', pollIntervalS: 'abc' };
    expect(codes(feedConfigFromForm(poll, []))).toEqual(['pollIntervalMs:not_a_number']);
    expect(codes(feedConfigFromForm({ ...emptyFeedConfigForm(), label: 'Again', url: ws.url }, [ws]))).toEqual(['url:duplicate_url']);
    const edited = feedConfigFromForm({ ...feedConfigToForm(ws), label: 'Renamed' }, [ws]);
    expect(edited.ok && edited.value).toEqual({ ...ws, label: 'Renamed' });
  });

  it('round-trips through the form', () => {
    const poll: FeedConfig = { id: 'p', kind: 'http-poll', label: 'P', url: 'http://h/feed', pollIntervalMs: 1500, enabled: false };
    const r = feedConfigFromForm(feedConfigToForm(poll), [poll]);
    expect(r.ok && r.value).toEqual(poll);
    expect(sameFeedEndpoint(poll, { ...poll, label: 'x', enabled: true })).toBe(true);
    expect(sameFeedEndpoint(poll, { ...poll, pollIntervalMs: 2000 })).toBe(false);
  });
});
