/**
 * Main-process entry: lifecycle and wiring only. Every decision lives in a module of its own that
 * takes its Electron objects as parameters (and is unit-tested with fakes); this file hands them
 * the real ones, in the order Electron requires.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session, type WebContents } from 'electron';
import { connect as connectMqtt } from 'mqtt';
import { IPC_EVENT_CHANNELS } from '@shared/ipc';
import { APP_ENTRY_URL, createTrustedUrlCheck } from './app-origin';
import { createHandle, sendEvent } from './ipc-handle';
import { registerIpcHandlers } from './ipc-handlers';
import { installApplicationMenu } from './menu';
import { createMqttFeedManager, loadInstallationId, mqttClientId, registerMqttFeedHandlers, type MqttFeedManager } from './mqtt-feeds';
import { guardAllWebContents } from './navigation';
import { createNotifier, registerNotificationHandlers } from './notifications';
import { installPermissionHandlers } from './permissions';
import { installAppProtocol, registerAppScheme } from './protocol';
import { createOperatorWindow, DEFAULT_ICON_PATH } from './window';

// electron-vite sets ELECTRON_RENDERER_URL for `electron-vite dev` only. A packaged app ignores
// it, so an environment variable can never point a shipped build at another server.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL || undefined;
const isTrusted = createTrustedUrlCheck(devServerUrl);
const rendererDir = join(import.meta.dirname, '../renderer');

// Both must happen before 'ready'.
registerAppScheme(protocol);
// Sandbox every renderer, including any created without our window options.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Gridroom is running; it gets 'second-instance' and comes to the front.
  app.quit();
} else {
  start();
}

function start(): void {
  let operatorWindow: BrowserWindow | null = null;
  // Set once ready (it needs the installation id); null before, so nothing can start a feed early.
  let mqttFeeds: MqttFeedManager<WebContents> | null = null;

  const openOperatorWindow = (): void => {
    const win = createOperatorWindow(BrowserWindow, { url: devServerUrl ?? APP_ENTRY_URL });
    const contents = win.webContents;
    // A reloaded or crashed page no longer listens: its MQTT connections would run for nobody.
    contents.on('did-navigate', () => mqttFeeds?.stopFor(contents));
    contents.on('render-process-gone', () => mqttFeeds?.stopFor(contents));
    win.on('closed', () => {
      operatorWindow = null;
      mqttFeeds?.stopAll();
    });
    operatorWindow = win;
  };

  // Registered before any window exists, so no WebContents is ever unguarded.
  guardAllWebContents(app, isTrusted);

  app.on('second-instance', () => {
    if (operatorWindow === null) return;
    if (operatorWindow.isMinimized()) operatorWindow.restore();
    operatorWindow.focus();
  });

  app.on('will-quit', () => mqttFeeds?.stopAll());

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId('org.gridroom.app');
    installAppProtocol(protocol, rendererDir, { stat, readFile });
    installPermissionHandlers(session.defaultSession, isTrusted);

    const handle = createHandle(ipcMain, isTrusted);
    registerIpcHandlers(handle, {
      dialog,
      fs: { stat, readFile, writeFile },
      windowFor: (event) => BrowserWindow.fromWebContents(event.sender),
      appInfo: () => ({ name: app.getName(), version: app.getVersion(), platform: 'electron' }),
    });

    const installationId = await loadInstallationId({ readFile, writeFile, mkdir }, join(app.getPath('userData'), 'installation-id'), randomUUID);
    const feeds = createMqttFeedManager<WebContents>({
      connect: connectMqtt,
      send: (target, event) => {
        if (!target.isDestroyed()) sendEvent(target, IPC_EVENT_CHANNELS.mqttFeedEvent, event);
      },
      clientIdFor: (feedId) => mqttClientId(installationId, feedId),
    });
    mqttFeeds = feeds;
    registerMqttFeedHandlers(handle, feeds, (event) => event.sender);

    const notifier = createNotifier<WebContents>({
      Notification,
      windowFor: (contents) => BrowserWindow.fromWebContents(contents),
      iconPath: DEFAULT_ICON_PATH,
    });
    registerNotificationHandlers(handle, notifier, (event) => event.sender);

    installApplicationMenu({
      Menu,
      getFocusedWindow: () => BrowserWindow.getFocusedWindow(),
      appLocale: app.getLocale(),
      platform: process.platform,
      isDev: devServerUrl !== undefined,
    });

    openOperatorWindow();
    // macOS keeps the app alive with no windows; clicking the dock icon opens one again.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openOperatorWindow();
    });
  });
}
