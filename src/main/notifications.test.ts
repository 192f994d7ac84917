import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '@shared/ipc';
import { createTrustedUrlCheck } from './app-origin';
import { createHandle, type InvokeEventLike, type IpcMainLike } from './ipc-handle';
import {
  createNotifier,
  MAX_LIVE_NOTIFICATIONS,
  registerNotificationHandlers,
  type FocusableWindow,
  type NotificationLike,
  type NotifyTarget,
} from './notifications';

/** Any listener shape (a `never` parameter list accepts each of NotificationLike's overloads). */
type Listener = (...args: never[]) => void;

/** Electron's Notification stand-in: records every instance; tests fire its events. */
function fakeNotificationClass(supported = true, showThrows = false) {
  const created: FakeNotification[] = [];
  class FakeNotification implements NotificationLike {
    static isSupported = () => supported;
    readonly listeners = new Map<string, Listener>();
    shown = 0;
    constructor(readonly options: NotificationConstructorOptions) {
      created.push(this);
    }
    on(event: string, listener: Listener): this {
      this.listeners.set(event, listener);
      return this;
    }
    show(): void {
      if (showThrows) throw new Error('no D-Bus session');
      this.shown++;
    }
    fire(event: string, ...args: unknown[]): void {
      (this.listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
    }
  }
  return { Notification: FakeNotification, created };
}

class FakePage implements NotifyTarget {
  destroyed = false;
  readonly sent: [string, unknown][] = [];
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

class FakeWindow implements FocusableWindow {
  minimized = true;
  readonly calls: string[] = [];
  isDestroyed = () => false;
  isMinimized = () => this.minimized;
  restore = () => void this.calls.push('restore');
  show = () => void this.calls.push('show');
  focus = () => void this.calls.push('focus');
}

function setup(options: { supported?: boolean; showThrows?: boolean } = {}) {
  const { Notification, created } = fakeNotificationClass(options.supported, options.showThrows);
  const win = new FakeWindow();
  const logged: string[] = [];
  const notifier = createNotifier<FakePage>({
    Notification,
    windowFor: () => win,
    log: (message) => logged.push(message),
    iconPath: '/app/resources/icon.png',
  });
  return { notifier, created, win, logged, page: new FakePage() };
}

const urgent = { title: '紧急事件', body: '消防通道堵塞（事件部件）', incidentId: 'i-7' };

describe('createNotifier', () => {
  it('shows an urgent notification with the given texts', () => {
    const { notifier, created } = setup();
    expect(notifier.show(new FakePage(), urgent)).toBe(true);
    expect(created).toHaveLength(1);
    expect(created[0].options).toMatchObject({ title: '紧急事件', body: '消防通道堵塞（事件部件）', urgency: 'critical', icon: '/app/resources/icon.png' });
    expect(created[0].shown).toBe(1);
    expect(notifier.live()).toBe(1);
  });

  it('a click restores and focuses the window and tells the page which incident', () => {
    const { notifier, created, win, page } = setup();
    notifier.show(page, urgent);
    created[0].fire('click', {});
    expect(win.calls).toEqual(['restore', 'show', 'focus']);
    expect(page.sent).toEqual([['notification:clicked', { incidentId: 'i-7' }]]);
    expect(notifier.live()).toBe(0);
  });

  it('a click on a summary focuses the window and selects nothing', () => {
    const { notifier, created, win, page } = setup();
    win.minimized = false;
    notifier.show(page, { title: '另有 2 起紧急事件', body: '' });
    created[0].fire('click', {});
    expect(win.calls).toEqual(['show', 'focus']);
    expect(page.sent).toEqual([]);
  });

  it('sends nothing to a page that is gone', () => {
    const { notifier, created, page } = setup();
    notifier.show(page, urgent);
    page.destroyed = true;
    created[0].fire('click', {});
    expect(page.sent).toEqual([]);
  });

  it('says so in the log, once, when the system has no notifications', () => {
    const { notifier, created, logged } = setup({ supported: false });
    expect(notifier.show(new FakePage(), urgent)).toBe(false);
    expect(notifier.show(new FakePage(), urgent)).toBe(false);
    expect(created).toHaveLength(0);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/no notification service/);
  });

  it('logs a failed notification (Windows, macOS) and a show() that throws', () => {
    const { notifier, created, logged } = setup();
    notifier.show(new FakePage(), urgent);
    created[0].fire('failed', {}, 'toast activator missing');
    expect(logged).toEqual(['[notifications] showing "紧急事件" failed: toast activator missing']);
    expect(notifier.live()).toBe(0);

    const broken = setup({ showThrows: true });
    expect(broken.notifier.show(new FakePage(), urgent)).toBe(false);
    expect(broken.logged[0]).toMatch(/failed/);
    expect(broken.notifier.live()).toBe(0);
  });

  it('keeps notifications referenced until closed, and at most MAX_LIVE_NOTIFICATIONS', () => {
    const { notifier, created } = setup();
    for (let i = 0; i < MAX_LIVE_NOTIFICATIONS + 5; i++) notifier.show(new FakePage(), urgent);
    expect(notifier.live()).toBe(MAX_LIVE_NOTIFICATIONS);
    created[created.length - 1].fire('close', {});
    expect(notifier.live()).toBe(MAX_LIVE_NOTIFICATIONS - 1);
  });
});

class FakeIpcMain implements IpcMainLike<InvokeEventLike> {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    this.listeners.set(channel, listener);
  }
  async invokeFrom(url: string, channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
    return (await this.listeners.get(channel)?.({ senderFrame: { url, parent: null } }, ...args)) as IpcResult<unknown>;
  }
  invoke(channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
    return this.invokeFrom('app://gridroom/index.html', channel, ...args);
  }
}

describe('notification:show', () => {
  function register(supported = true) {
    const ipcMain = new FakeIpcMain();
    const { notifier, created, page } = setup({ supported });
    registerNotificationHandlers(createHandle(ipcMain, createTrustedUrlCheck(), () => undefined), notifier, () => page);
    return { ipcMain, created };
  }

  it('shows the notification and answers whether it could', async () => {
    const { ipcMain, created } = register();
    expect(await ipcMain.invoke('notification:show', urgent)).toEqual({ ok: true, value: true });
    expect(await ipcMain.invoke('notification:show', { title: '另有 4 起紧急事件', body: '在态势室中查看\n事件列表' })).toEqual({ ok: true, value: true });
    expect(created).toHaveLength(2);
    expect(await register(false).ipcMain.invoke('notification:show', urgent)).toEqual({ ok: true, value: false });
  });

  it.each([
    ['an empty title', { ...urgent, title: '' }],
    ['a title over 200 characters', { ...urgent, title: 'x'.repeat(201) }],
    ['a body over 1000 characters', { ...urgent, body: 'x'.repeat(1001) }],
    ['control characters', { ...urgent, body: 'a\u0007b' }],
    ['an empty incident id', { ...urgent, incidentId: '' }],
    ['an extra field', { ...urgent, icon: 'file:///etc/passwd' }],
    ['no body', { title: 't' }],
  ])('refuses %s', async (_name, request) => {
    const { ipcMain, created } = register();
    expect(await ipcMain.invoke('notification:show', request)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(created).toHaveLength(0);
  });

  it('refuses another origin', async () => {
    const { ipcMain, created } = register();
    expect(await ipcMain.invokeFrom('https://evil.example/', 'notification:show', urgent)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(created).toHaveLength(0);
  });
});
