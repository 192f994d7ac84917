/**
 * The application menu. Its commands do nothing in main: each sends 'menu:command' to the focused
 * window and the renderer acts, so the same actions work from the in-page UI in a plain browser.
 * The template is built by a pure function so a unit test can click items without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '@shared/bridge';
import { sendEvent, type EventSink } from './ipc-handle';

export type MenuLocale = 'zh' | 'en';

type LabelKey =
  | 'file'
  | 'edit'
  | 'view'
  | 'window'
  | 'importGrids'
  | 'allocateBuildings'
  | 'importIncidents'
  | 'exportGrids'
  | 'resetDemo'
  | 'toggleLanguage'
  | 'search'
  | 'basemapSettings'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'fullscreen'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'reload'
  | 'devTools';

const LABELS: Record<MenuLocale, Record<LabelKey, string>> = {
  en: {
    file: '&File',
    edit: '&Edit',
    view: '&View',
    window: '&Window',
    importGrids: 'Import grids…',
    allocateBuildings: 'Allocate new buildings…',
    importIncidents: 'Import incidents…',
    exportGrids: 'Export grids…',
    resetDemo: 'Reset to demo',
    toggleLanguage: 'Toggle language (中文)',
    search: 'Search',
    basemapSettings: 'Basemap settings…',
    quit: 'Quit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    fullscreen: 'Toggle full screen',
    resetZoom: 'Actual size',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    reload: 'Reload',
    devTools: 'Developer tools',
  },
  zh: {
    file: '文件(&F)',
    edit: '编辑(&E)',
    view: '视图(&V)',
    window: '窗口(&W)',
    importGrids: '导入网格…',
    // The wizard's own name (allocation.eyebrow in the renderer's zh locale).
    allocateBuildings: '新建楼栋入格…',
    // The renderer's incident-import:button, with the ellipsis of a command that opens a dialog.
    importIncidents: '导入事件…',
    exportGrids: '导出网格…',
    resetDemo: '重置为演示数据',
    toggleLanguage: '切换语言 (English)',
    search: '搜索',
    basemapSettings: '底图设置…',
    quit: '退出',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    fullscreen: '切换全屏',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    reload: '重新加载',
    devTools: '开发者工具',
  },
};

/**
 * A menu item as this module builds it: a subset of Electron's MenuItemConstructorOptions whose
 * `click` takes no arguments, so tests can call it directly.
 */
export interface MenuSpec {
  id?: string;
  label?: string;
  role?: MenuItemConstructorOptions['role'];
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuSpec[];
}

/** The app's UI languages are Chinese and English; any zh-* locale gets Chinese. */
export function menuLocaleFor(appLocale: string): MenuLocale {
  return appLocale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export interface MenuTemplateOptions {
  locale: MenuLocale;
  /** macOS wants the app menu first and a Window menu; elsewhere Quit lives under File. */
  isMac: boolean;
  /** Reload and developer tools are offered only in development. */
  isDev: boolean;
  /** Called with the command of a clicked item. */
  send(command: MenuCommand): void;
}

/**
 * Builds the menu template. Command items carry `id: 'command:<MenuCommand>'` so they can be found.
 *
 * @example buildMenuTemplate({ locale: 'zh', isMac: false, isDev: false, send })
 */
export function buildMenuTemplate({ locale, isMac, isDev, send }: MenuTemplateOptions): MenuSpec[] {
  // '&' marks the Alt-key mnemonic on Windows and Linux; macOS has no mnemonics, so drop it there.
  const t = isMac ? withoutMnemonics(LABELS[locale]) : LABELS[locale];
  const command = (cmd: MenuCommand, label: string, accelerator?: string): MenuSpec => ({
    id: `command:${cmd}`,
    label,
    accelerator,
    click: () => send(cmd),
  });
  const separator: MenuSpec = { type: 'separator' };

  const file: MenuSpec = {
    label: t.file,
    submenu: [
      command('import-grids', t.importGrids, 'CmdOrCtrl+O'),
      // Beside import: it too starts from a file. No accelerator: none is both free and memorable.
      command('allocate-buildings', t.allocateBuildings),
      // Also a file in: a day's cases from the 12345 hotline or a department (docs/incident-files.md).
      command('import-incidents', t.importIncidents),
      command('export-grids', t.exportGrids, 'CmdOrCtrl+E'),
      separator,
      command('reset-demo', t.resetDemo),
      ...(isMac ? [] : [separator, { role: 'quit', label: t.quit } satisfies MenuSpec]),
    ],
  };
  // Roles, not custom items: they make copy/paste work in text fields (on macOS only via a menu).
  const edit: MenuSpec = {
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      separator,
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  };
  const view: MenuSpec = {
    label: t.view,
    submenu: [
      command('toggle-language', t.toggleLanguage, 'CmdOrCtrl+Shift+L'),
      command('focus-search', t.search, 'CmdOrCtrl+F'),
      command('open-basemap-settings', t.basemapSettings),
      separator,
      { role: 'resetZoom', label: t.resetZoom },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      separator,
      { role: 'togglefullscreen', label: t.fullscreen },
      ...(isDev
        ? [separator, { role: 'reload', label: t.reload } satisfies MenuSpec, { role: 'toggleDevTools', label: t.devTools } satisfies MenuSpec]
        : []),
    ],
  };
  return isMac
    ? [{ role: 'appMenu' }, file, edit, view, { role: 'windowMenu', label: t.window }]
    : [file, edit, view];
}

function withoutMnemonics(labels: Record<LabelKey, string>): Record<LabelKey, string> {
  const entries = Object.entries(labels).map(([key, label]) => [key, label.replace(/\(&\w\)|&/g, '')]);
  return Object.fromEntries(entries) as Record<LabelKey, string>;
}

/** A window whose contents can receive the menu event. */
export interface FocusableWindow {
  webContents: EventSink;
}

export interface ApplicationMenuDeps<M> {
  /** Electron's Menu class (only its two statics). */
  Menu: {
    buildFromTemplate(template: MenuItemConstructorOptions[]): M;
    setApplicationMenu(menu: M | null): void;
  };
  /** BrowserWindow.getFocusedWindow. */
  getFocusedWindow(): FocusableWindow | null;
  appLocale: string;
  platform: NodeJS.Platform;
  isDev: boolean;
}

/**
 * Sends a menu command to the focused window; with none focused (all closed on macOS, devtools
 * undocked and focused) the command is dropped rather than sent to a window the user isn't using.
 */
export function sendMenuCommand(getFocusedWindow: () => FocusableWindow | null, command: MenuCommand): void {
  const win = getFocusedWindow();
  if (win) sendEvent(win.webContents, 'menu:command', command);
}

/** Builds and installs the application menu. */
export function installApplicationMenu<M>(deps: ApplicationMenuDeps<M>): void {
  const template = buildMenuTemplate({
    locale: menuLocaleFor(deps.appLocale),
    isMac: deps.platform === 'darwin',
    isDev: deps.isDev,
    send: (command) => sendMenuCommand(deps.getFocusedWindow, command),
  });
  deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(template));
}
