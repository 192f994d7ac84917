import { describe, expect, it } from 'vitest';
import { REJECT_KINDS } from '@core/feed';
import { FEED_CONFIG_KINDS, FEED_CONFIG_PROBLEM_CODES } from '@core/feed/feed-config';
import { createI18n } from '../i18n';

describe('the feeds namespace', () => {
  it.each(['zh', 'en'] as const)('has a text for every config problem, reject kind, transport and connection state (%s)', (lang) => {
    const i18n = createI18n(lang);
    const keys = [
      ...FEED_CONFIG_PROBLEM_CODES.map((c) => `problem.${c}`),
      ...REJECT_KINDS.map((k) => `reject.${k}`),
      ...FEED_CONFIG_KINDS.map((k) => `kind.${k}`),
      ...['live', 'connecting', 'reconnecting', 'offline'].map((c) => `connection.${c}`),
    ];
    expect(keys.filter((k) => !i18n.exists(k, { ns: 'feeds' }))).toEqual([]);
  });
});
