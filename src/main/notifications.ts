/**
 * OS notifications (new urgent incidents). The renderer decides what is news and translates the
 * text; main only shows it and, on a click, brings the window forward and tells the page which
 * incident to select. Electron's Notification class and the window lookup are injected, so this is
 * unit-tested without Electron.
 */
import type { NotificationConstructorOptions } from 'electron';
import type { AppNotification } from '@shared/bridge';
import { IPC_EVENT_CHANNELS } from '@shared/ipc';
import { sendEvent, type EventSink, type HandleFn, type IpcLogger } from './ipc-handle';
import { showNotificationRequest } from './ipc-schemas';

/** The surface of an Electron Notification used here. */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** Windows and macOS only: show() failed. */
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  show(): void;
}

/** Electron's Notification class, real or fake. */
export interface NotificationClassLike {
  new (options: NotificationConstructorOptions): NotificationLike;
  isSupported(): boolean;
}

/** The page that asked for a notification: where the click goes back to. */
export interface NotifyTarget extends EventSink {
  isDestroyed(): boolean;
}

/** The window a click brings forward. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface NotifierDeps<T extends NotifyTarget> {
  Notification: NotificationClassLike;
  /** The window showing `target` (Electron: BrowserWindow.fromWebContents). */
  windowFor(target: T): FocusableWindow | null;
  log?: IpcLogger;
  /** Linux and Windows show it; macOS uses the app's own icon. */
  iconPath?: string;
}

/**
 * Notifications kept referenced until closed. Electron drops the click handler of a notification
 * that was garbage-collected while still on screen; this bounds how many we hold for that.
 */
export const MAX_LIVE_NOTIFICATIONS = 50;

export interface Notifier<T extends NotifyTarget> {
  /** Shows a notification for `target`'s page; false (and logged) when the system has none. */
  show(target: T, notification: AppNotification): boolean;
  /** Notifications shown and not yet closed, clicked or failed. */
  live(): number;
}

/** Creates the notifier. */
export function createNotifier<T extends NotifyTarget>(deps: NotifierDeps<T>): Notifier<T> {
  const log = deps.log ?? ((message: string, error?: unknown) => console.warn(message, error ?? ''));
  const live = new Set<NotificationLike>();
  let unsupportedLogged = false;

  const clicked = (target: T, incidentId: string | undefined): void => {
    const win = deps.windowFor(target);
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    if (incidentId !== undefined && !target.isDestroyed()) {
      sendEvent(target, IPC_EVENT_CHANNELS.notificationClicked, { incidentId });
    }
  };

  return {
    show(target, notification) {
      if (!deps.Notification.isSupported()) {
        // Said once: it is a property of the system, not of this notification.
        if (!unsupportedLogged) log('[notifications] this system has no notification service: urgent incidents show in the app only');
        unsupportedLogged = true;
        return false;
      }
      const shown = new deps.Notification({
        title: notification.title,
        body: notification.body,
        // Urgent incidents: stays until dismissed where the desktop supports it (Linux).
        urgency: 'critical',
        ...(deps.iconPath !== undefined ? { icon: deps.iconPath } : {}),
      });
      const forget = () => live.delete(shown);
      shown.on('click', () => {
        forget();
        clicked(target, notification.incidentId);
      });
      shown.on('close', forget);
      shown.on('failed', (_event, error) => {
        forget();
        log(`[notifications] showing "${notification.title}" failed: ${error}`);
      });
      if (live.size >= MAX_LIVE_NOTIFICATIONS) live.delete(live.values().next().value as NotificationLike);
      live.add(shown);
      try {
        shown.show();
      } catch (error) {
        forget();
        log(`[notifications] showing "${notification.title}" failed`, error);
        return false;
      }
      return true;
    },
    live: () => live.size,
  };
}

/**
 * Registers 'notification:show' through the typed `handle()`.
 *
 * @param targetFor the page that asked (`event.sender` in Electron): a click goes back to it.
 */
export function registerNotificationHandlers<E, T extends NotifyTarget>(
  handle: HandleFn<E>,
  notifier: Notifier<T>,
  targetFor: (event: E) => T,
): void {
  handle('notification:show', showNotificationRequest, (request, event) => notifier.show(targetFor(event), request));
}
