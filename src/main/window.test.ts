import { isAbsolute, join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createOperatorWindow, OPERATOR_WINDOW_TITLE, type OperatorWindowLike } from './window';

/** Records what it was constructed with, as the real BrowserWindow would receive it. */
class FakeBrowserWindow implements OperatorWindowLike {
  static created: FakeBrowserWindow[] = [];
  readonly loaded: string[] = [];
  shown = 0;
  private readyListener: (() => void) | undefined;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeBrowserWindow.created.push(this);
  }
  once(_event: 'ready-to-show', listener: () => void): this {
    this.readyListener = listener;
    return this;
  }
  show(): void {
    this.shown++;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  emitReadyToShow(): void {
    this.readyListener?.();
  }
}

describe('createOperatorWindow', () => {
  const win = createOperatorWindow(FakeBrowserWindow, { url: 'app://gridroom/index.html' });
  const prefs = win.options.webPreferences ?? {};

  it('passes the security baseline to BrowserWindow', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('uses the CommonJS preload built next to main, by absolute path', () => {
    expect(prefs.preload).toBeDefined();
    expect(isAbsolute(prefs.preload ?? '')).toBe(true);
    expect(prefs.preload?.endsWith(join('preload', 'index.cjs'))).toBe(true);
  });

  it('is titled, starts hidden, shows on ready-to-show, and loads the URL', () => {
    expect(win.options.title).toBe(OPERATOR_WINDOW_TITLE);
    expect(OPERATOR_WINDOW_TITLE).toBe('Gridroom 网格态势室');
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(0);
    win.emitReadyToShow();
    expect(win.shown).toBe(1);
    expect(win.loaded).toEqual(['app://gridroom/index.html']);
  });

  it('lets the caller override the preload path (and nothing else about security)', () => {
    const other = createOperatorWindow(FakeBrowserWindow, { url: 'http://localhost:5173/', preloadPath: '/x/p.cjs' });
    expect(other.options.webPreferences).toMatchObject({ preload: '/x/p.cjs', sandbox: true, contextIsolation: true });
    expect(other.loaded).toEqual(['http://localhost:5173/']);
  });
});
