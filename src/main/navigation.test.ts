import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createTrustedUrlCheck } from './app-origin';
import { guardAllWebContents, guardWebContents, type GuardableContents } from './navigation';

/** A WebContents stand-in: real event emission, and the window-open handler kept for calling. */
class FakeContents extends EventEmitter implements GuardableContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Emits a navigation-like event and says whether a guard cancelled it. */
  attempt(event: string, url = ''): boolean {
    const preventDefault = vi.fn();
    this.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  }
}

function guarded(devServerUrl?: string) {
  const contents = new FakeContents();
  const blocked: string[] = [];
  guardWebContents(contents, createTrustedUrlCheck(devServerUrl), (what, url) => blocked.push(`${what} ${url}`));
  return { contents, blocked };
}

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: blocks foreign URLs', (event) => {
    const { contents, blocked } = guarded();
    for (const url of [
      'https://evil.example/',
      'http://localhost:5173/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://gridroom.evil/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(contents.attempt(event, url), url).toBe(true);
    }
    expect(blocked).toHaveLength(7);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: allows the app origin', (event) => {
    const { contents, blocked } = guarded();
    expect(contents.attempt(event, 'app://gridroom/index.html')).toBe(false);
    expect(contents.attempt(event, 'app://gridroom/index.html#grid=A01')).toBe(false);
    expect(blocked).toEqual([]);
  });

  it('allows the dev server origin only when one is configured', () => {
    expect(guarded('http://localhost:5173').contents.attempt('will-navigate', 'http://localhost:5173/index.html')).toBe(false);
    expect(guarded('http://localhost:5173').contents.attempt('will-navigate', 'http://localhost:5174/')).toBe(true);
    expect(guarded().contents.attempt('will-navigate', 'http://localhost:5173/index.html')).toBe(true);
  });

  it('denies every window.open, even to the app itself', () => {
    const { contents, blocked } = guarded();
    expect(contents.openHandler?.({ url: 'https://www.openstreetmap.org/copyright' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://gridroom/index.html' })).toEqual({ action: 'deny' });
    expect(blocked).toHaveLength(2);
  });

  it('prevents <webview> attachment', () => {
    expect(guarded().contents.attempt('will-attach-webview')).toBe(true);
  });
});

describe('guardAllWebContents', () => {
  it('guards every WebContents the app creates', () => {
    const app = new EventEmitter();
    guardAllWebContents(app, createTrustedUrlCheck(), () => undefined);
    const later = new FakeContents();
    app.emit('web-contents-created', {}, later);
    expect(later.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(later.openHandler).toBeDefined();
  });
});
