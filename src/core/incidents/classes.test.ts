import { describe, expect, it } from 'vitest';
import {
  CASE_CLASSES,
  CASE_MAJORS,
  caseClass,
  caseMajor,
  classesByMajor,
  DEADLINE_PROFILES,
  department,
  DEPARTMENTS,
  isKnownCategory,
  isKnownDepartment,
} from './classes';

describe('classification', () => {
  it('ships at least 40 minor categories with unique, well-formed codes', () => {
    expect(CASE_CLASSES.length).toBeGreaterThanOrEqual(40);
    const codes = CASE_CLASSES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of CASE_CLASSES) {
      expect(c.code).toMatch(c.kind === 'event' ? /^E0[1-6]\d{2}$/ : /^0[1-6]\d{2}$/);
      expect(c.code.startsWith(c.majorCode)).toBe(true);
      expect(c.code.length).toBe(c.majorCode.length + 2);
      expect(caseMajor(c.majorCode)?.kind).toBe(c.kind);
      expect(c.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.en).toMatch(/^[A-Z]/);
    }
  });

  it('has the six component and six event majors of GB/T 30428', () => {
    expect(CASE_MAJORS.filter((m) => m.kind === 'component').map((m) => m.zh)).toEqual([
      '公用设施',
      '道路交通',
      '市容环境',
      '园林绿化',
      '房屋土地',
      '其他设施',
    ]);
    expect(CASE_MAJORS.filter((m) => m.kind === 'event').map((m) => m.zh).sort()).toEqual(
      ['市容环境', '宣传广告', '施工管理', '街面秩序', '突发事件', '其他事件'].sort(),
    );
  });

  it('every major has classes, and classesByMajor covers every class once', () => {
    const groups = classesByMajor();
    expect(groups.map((x) => x.major.code)).toEqual(CASE_MAJORS.map((m) => m.code));
    for (const group of groups) expect(group.classes.length).toBeGreaterThan(0);
    expect(groups.flatMap((x) => x.classes).length).toBe(CASE_CLASSES.length);
    // A fresh structure: callers may change it without harming the table.
    groups[0].classes.length = 0;
    expect(classesByMajor()[0].classes.length).toBeGreaterThan(0);
  });

  it('looks classes up by code', () => {
    expect(caseClass('0101')).toMatchObject({ zh: '上水井盖', kind: 'component', majorCode: '01', ownerDepartmentId: 'water' });
    expect(caseClass('E0101')).toMatchObject({ zh: '暴露垃圾', kind: 'event', majorCode: 'E01' });
    expect(caseClass('9999')).toBeUndefined();
    expect(isKnownCategory('E0550')).toBe(true);
    expect(isKnownCategory('e0550')).toBe(false);
    expect(isKnownCategory('')).toBe(false);
  });

  it('holds the community-governance incidents of DOMAIN.md in sensible majors', () => {
    const byZh = new Map(CASE_CLASSES.map((c) => [c.zh, c]));
    const expectations: [string, string, string][] = [
      ['消防通道堵塞', 'E05', 'fire_rescue'],
      ['电动车入户充电', 'E06', 'fire_rescue'],
      ['楼道堆物', 'E01', 'fire_rescue'],
      ['屋顶漏水', '05', 'housing'],
      ['墙体渗水', '05', 'housing'],
      ['排水管道堵塞', '01', 'drainage'],
      ['电梯故障', '05', 'market_regulation'],
      ['邻里纠纷', 'E06', 'justice'],
      ['居民危机需走访', 'E06', 'civil_affairs'],
      ['老年人需帮扶', 'E06', 'civil_affairs'],
      ['无照经营', 'E05', 'market_regulation'],
      ['犬只扰民', 'E05', 'police_station'],
      ['饲养禽鸽扰民', 'E01', 'urban_management'],
      ['垃圾分类不规范', 'E01', 'urban_management'],
      ['消防安全隐患', 'E04', 'fire_rescue'],
    ];
    for (const [zh, major, owner] of expectations) {
      expect(byZh.get(zh), zh).toMatchObject({ majorCode: major, ownerDepartmentId: owner });
    }
  });

  it('names only known departments as owners', () => {
    for (const c of CASE_CLASSES) {
      if (c.ownerDepartmentId !== null) expect(isKnownDepartment(c.ownerDepartmentId), c.code).toBe(true);
    }
  });

  it('gives urgent cases hours and normal cases days, never more time to a more urgent case', () => {
    for (const c of CASE_CLASSES) {
      const h = c.deadlineHours;
      expect(h[1]).toBeLessThanOrEqual(2);
      expect(h[3]).toBeGreaterThanOrEqual(24);
      expect(h[1]).toBeLessThan(h[2]);
      expect(h[2]).toBeLessThan(h[3]);
      expect([1, 2, 3]).toContain(c.defaultPriority);
    }
    expect(DEADLINE_PROFILES.routine).toEqual({ 1: 2, 2: 24, 3: 72 });
    expect(caseClass('E0401')?.defaultPriority).toBe(1);
  });
});

describe('departments', () => {
  it('lists the departments of the brief with English names and unique ids', () => {
    const names = DEPARTMENTS.map((d) => d.name);
    for (const zh of ['城市管理局', '住房和城乡建设局', '自来水公司', '供电公司', '燃气公司', '交警大队', '园林局', '市场监督管理局', '消防救援大队', '民政局', '派出所']) {
      expect(names).toContain(zh);
    }
    expect(new Set(DEPARTMENTS.map((d) => d.id)).size).toBe(DEPARTMENTS.length);
    for (const d of DEPARTMENTS) expect(d.nameEn).toMatch(/^[A-Z]/);
    expect(department('water')?.name).toBe('自来水公司');
    expect(department('nope')).toBeUndefined();
    expect(isKnownDepartment('nope')).toBe(false);
  });
});
