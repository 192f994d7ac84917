import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '@shared/bridge';
import { buildMenuTemplate, installApplicationMenu, menuLocaleFor, type MenuSpec } from './menu';

function flatten(items: MenuSpec[]): MenuSpec[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

function itemFor(items: MenuSpec[], command: MenuCommand): MenuSpec {
  const found = flatten(items).find((item) => item.id === `command:${command}`);
  if (!found) throw new Error(`no menu item for ${command}`);
  return found;
}

describe('buildMenuTemplate', () => {
  it.each(MENU_COMMANDS)('the %s item sends exactly that command', (command) => {
    const send = vi.fn();
    const template = buildMenuTemplate({ locale: 'en', isMac: false, isDev: false, send });
    itemFor(template, command).click?.();
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(command);
  });

  it('offers each command exactly once', () => {
    const ids = flatten(buildMenuTemplate({ locale: 'zh', isMac: true, isDev: true, send: () => undefined }))
      .map((item) => item.id)
      .filter((id) => id?.startsWith('command:'));
    expect(ids.sort()).toEqual(MENU_COMMANDS.map((c) => `command:${c}`).sort());
  });

  it('labels in Chinese or English, with File then View order', () => {
    const zh = buildMenuTemplate({ locale: 'zh', isMac: false, isDev: false, send: () => undefined });
    const en = buildMenuTemplate({ locale: 'en', isMac: false, isDev: false, send: () => undefined });
    expect(zh.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)']);
    expect(itemFor(zh, 'import-grids').label).toBe('导入网格…');
    expect(itemFor(zh, 'open-basemap-settings').label).toBe('底图设置…');
    expect(en.map((m) => m.label)).toEqual(['&File', '&Edit', '&View']);
    expect(itemFor(en, 'reset-demo').label).toBe('Reset to demo');
  });

  it('offers Allocate new buildings right after Import grids, labelled in both languages', () => {
    for (const [locale, label] of [
      ['zh', '新建楼栋入格…'],
      ['en', 'Allocate new buildings…'],
    ] as const) {
      const file = buildMenuTemplate({ locale, isMac: false, isDev: false, send: () => undefined })[0].submenu ?? [];
      expect(file.map((item) => item.id).slice(0, 2)).toEqual(['command:import-grids', 'command:allocate-buildings']);
      expect(itemFor(file, 'allocate-buildings').label).toBe(label);
    }
  });

  it('offers Import incidents after Allocate new buildings, labelled in both languages, with no accelerator', () => {
    for (const [locale, label] of [
      ['zh', '导入事件…'],
      ['en', 'Import incidents…'],
    ] as const) {
      const file = buildMenuTemplate({ locale, isMac: false, isDev: false, send: () => undefined })[0].submenu ?? [];
      expect(file.map((item) => item.id).slice(0, 3)).toEqual(['command:import-grids', 'command:allocate-buildings', 'command:import-incidents']);
      expect(itemFor(file, 'import-incidents').label).toBe(label);
      expect(itemFor(file, 'import-incidents').accelerator).toBeUndefined();
    }
  });

  it('binds Search to Ctrl/Cmd+F', () => {
    const template = buildMenuTemplate({ locale: 'en', isMac: false, isDev: false, send: () => undefined });
    expect(itemFor(template, 'focus-search').accelerator).toBe('CmdOrCtrl+F');
  });

  it('offers reload and devtools only in development', () => {
    const roles = (isDev: boolean) =>
      flatten(buildMenuTemplate({ locale: 'en', isMac: false, isDev, send: () => undefined })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('follows macOS conventions: app menu first, no mnemonics, no Quit under File', () => {
    const mac = buildMenuTemplate({ locale: 'zh', isMac: true, isDev: false, send: () => undefined });
    expect(mac[0].role).toBe('appMenu');
    expect(mac[1].label).toBe('文件');
    expect(flatten(mac).some((i) => i.label?.includes('&'))).toBe(false);
    expect(flatten(mac[1].submenu ?? []).some((i) => i.role === 'quit')).toBe(false);
  });
});

describe('menuLocaleFor', () => {
  it.each([
    ['zh-CN', 'zh'],
    ['zh-TW', 'zh'],
    ['zh', 'zh'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['', 'en'],
  ])('%s → %s', (locale, expected) => expect(menuLocaleFor(locale)).toBe(expected));
});

describe('installApplicationMenu', () => {
  function install(focused: { webContents: { send: (channel: string, ...args: unknown[]) => void } } | null) {
    let template: MenuSpec[] = [];
    const Menu = {
      buildFromTemplate: vi.fn((t: MenuSpec[]) => {
        template = t;
        return { built: true };
      }),
      setApplicationMenu: vi.fn(),
    };
    installApplicationMenu({ Menu, getFocusedWindow: () => focused, appLocale: 'zh-CN', platform: 'linux', isDev: false });
    return { Menu, template };
  }

  it('sends menu:command to the focused window when an item is clicked', () => {
    const send = vi.fn();
    const { Menu, template } = install({ webContents: { send } });
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith({ built: true });
    itemFor(template, 'focus-search').click?.();
    expect(send).toHaveBeenCalledWith('menu:command', 'focus-search');
    expect(template[0].label).toBe('文件(&F)');
  });

  it('drops the command when no window is focused', () => {
    const { template } = install(null);
    expect(() => itemFor(template, 'export-grids').click?.()).not.toThrow();
  });
});
