import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createTrustedUrlCheck, isAppUrl } from './app-origin';

describe('isAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://gridroom/', 'app://gridroom/assets/x.js?v=1#y', 'app://gridroom'])('trusts %s', (url) =>
    expect(isAppUrl(url)).toBe(true),
  );
  it.each([
    'app://gridroom.evil/',
    'app://evil/',
    'app://user@gridroom/',
    'app://gridroom:1/',
    'https://gridroom/',
    'file:///gridroom/index.html',
    'about:blank',
    '',
  ])('does not trust %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('createTrustedUrlCheck', () => {
  it('adds exactly the dev server origin when given', () => {
    const check = createTrustedUrlCheck('http://localhost:5173/');
    expect(check('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(check('http://localhost:5174/')).toBe(false);
    expect(check('https://localhost:5173/')).toBe(false);
    expect(check(APP_ENTRY_URL)).toBe(true);
  });
});
