/**
 * The case classification of GB/T 30428.2 (数字化城市管理信息系统 第2部分：管理部件和事件) as data,
 * extended with the community-governance incidents grid workers meet every day (DOMAIN.md
 * "Incidents and how they are handled"), plus the departments cases are routed to.
 *
 * Codes follow the standard's structure: a component (部件) code is the major category's two
 * digits then the minor's two digits ('0101' 上水井盖); an event (事件) code is the same prefixed
 * with 'E' ('E0101' 暴露垃圾). Minor numbers 01–49 follow the order in which the national tables
 * are commonly published (check them against the edition and local supplement your centre uses);
 * 50–99 are Gridroom's own extensions for community governance, kept clear of the standard's
 * numbering so a code the standard adds later never collides with one of ours. Codes are stable:
 * recorded cases refer to them, so a code is never reused for another meaning.
 */
import type { CaseKind, Department, IncidentPriority } from './model';

// ---------------------------------------------------------------------------------------------
// Departments.

/**
 * The city departments (局委) and utilities cases go to. Ids are stable ASCII slugs; names are
 * generic (a real district prefixes its own city, e.g. 郑州市自来水公司).
 */
export const DEPARTMENTS: readonly Department[] = [
  { id: 'urban_management', name: '城市管理局', nameEn: 'Urban Management Bureau' },
  { id: 'housing', name: '住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau' },
  { id: 'water', name: '自来水公司', nameEn: 'Water Supply Company' },
  { id: 'drainage', name: '排水管理处', nameEn: 'Drainage Administration' },
  { id: 'power', name: '供电公司', nameEn: 'Power Supply Company' },
  { id: 'gas', name: '燃气公司', nameEn: 'Gas Company' },
  { id: 'telecom', name: '通信运营商', nameEn: 'Telecom Operators' },
  { id: 'traffic_police', name: '交警大队', nameEn: 'Traffic Police Brigade' },
  { id: 'transport', name: '交通运输局', nameEn: 'Transport Bureau' },
  { id: 'landscaping', name: '园林局', nameEn: 'Landscaping Bureau' },
  { id: 'market_regulation', name: '市场监督管理局', nameEn: 'Market Regulation Administration' },
  { id: 'fire_rescue', name: '消防救援大队', nameEn: 'Fire and Rescue Brigade' },
  { id: 'civil_affairs', name: '民政局', nameEn: 'Civil Affairs Bureau' },
  { id: 'police_station', name: '派出所', nameEn: 'Police Station' },
  { id: 'justice', name: '司法所', nameEn: 'Judicial Office (mediation)' },
  { id: 'ecology_environment', name: '生态环境局', nameEn: 'Ecology and Environment Bureau' },
  { id: 'emergency_management', name: '应急管理局', nameEn: 'Emergency Management Bureau' },
  { id: 'sports', name: '体育局', nameEn: 'Sports Bureau' },
];

const departmentsById = new Map(DEPARTMENTS.map((d) => [d.id, d]));

/** The department with this id, or undefined. */
export function department(id: string): Department | undefined {
  return departmentsById.get(id);
}

/** Whether `id` names a department of {@link DEPARTMENTS}. */
export function isKnownDepartment(id: string): boolean {
  return departmentsById.has(id);
}

// ---------------------------------------------------------------------------------------------
// Deadlines.

/** Hours allowed to handle a case, by priority (1 urgent, 2 important, 3 normal). */
export type DeadlineHours = Readonly<Record<IncidentPriority, number>>;

/**
 * Default handling time limits (处置时限), in hours from registration, by priority. They are
 * defaults, not law: every city publishes its own 处置时限标准 (立案、处置、结案标准) per class, and a
 * deployment should replace them with its own. The numbers follow typical 数字城管 practice:
 * urgent cases within 2 hours, important ones within a day (24 h), normal ones in 3–5 days
 * (72–120 h). They are calendar hours: many cities count working hours (工作时) for normal cases,
 * which needs a holiday calendar; calendar hours are the stricter reading and need none.
 *
 * - `hazard`: a danger to life or property (open manholes, gas, blocked fire escapes, e-bikes
 *   charging indoors, elevators): even a "normal" one is not left for days (2 / 12 / 24 h).
 * - `routine`: the everyday city-appearance and street-order work of the urban management bureau
 *   and the grid (garbage, fly-posting, parking, vendors): 2 / 24 / 72 h.
 * - `long_running`: repairs that need a crew, materials or a contractor (roofs, roads, lamps,
 *   trees), and mediation that needs several visits (disputes): 2 / 48 / 120 h.
 */
export const DEADLINE_PROFILES = {
  hazard: { 1: 2, 2: 12, 3: 24 },
  routine: { 1: 2, 2: 24, 3: 72 },
  long_running: { 1: 2, 2: 48, 3: 120 },
} as const satisfies Record<string, DeadlineHours>;

export type DeadlineProfile = keyof typeof DEADLINE_PROFILES;

/** The rule used for a category that is not in the classification (a feed may send one). */
export const FALLBACK_DEADLINE_HOURS: DeadlineHours = DEADLINE_PROFILES.routine;

// ---------------------------------------------------------------------------------------------
// Majors and classes.

/** A major category (大类). */
export interface CaseMajor {
  /** Components '01'…'06'; events 'E01'…'E06'. */
  code: string;
  kind: CaseKind;
  zh: string;
  en: string;
}

/** A minor category (小类): what a case is classified as. */
export interface CaseClass {
  /** Stable code: major + two digits, e.g. '0101', 'E0101'. */
  code: string;
  kind: CaseKind;
  /** Code of its {@link CaseMajor}. */
  majorCode: string;
  zh: string;
  en: string;
  /**
   * Components: the facility's owner (权属单位), who repairs it. Events: the department
   * responsible when the locality cannot settle it. null when there is none to name.
   */
  ownerDepartmentId: string | null;
  /** Hours to handle, from registration, by priority. */
  deadlineHours: DeadlineHours;
  /** Priority a report gets when its sender gives none. */
  defaultPriority: IncidentPriority;
}

/** The twelve major categories, components first, in code order. */
export const CASE_MAJORS: readonly CaseMajor[] = [
  { code: '01', kind: 'component', zh: '公用设施', en: 'Public facilities' },
  { code: '02', kind: 'component', zh: '道路交通', en: 'Roads and traffic' },
  { code: '03', kind: 'component', zh: '市容环境', en: 'City appearance' },
  { code: '04', kind: 'component', zh: '园林绿化', en: 'Greenery' },
  { code: '05', kind: 'component', zh: '房屋土地', en: 'Buildings and land' },
  { code: '06', kind: 'component', zh: '其他设施', en: 'Other facilities' },
  { code: 'E01', kind: 'event', zh: '市容环境', en: 'City appearance and environment' },
  { code: 'E02', kind: 'event', zh: '宣传广告', en: 'Advertising' },
  { code: 'E03', kind: 'event', zh: '施工管理', en: 'Construction management' },
  { code: 'E04', kind: 'event', zh: '突发事件', en: 'Emergencies' },
  { code: 'E05', kind: 'event', zh: '街面秩序', en: 'Street order' },
  { code: 'E06', kind: 'event', zh: '其他事件', en: 'Other events' },
];

type Row = readonly [code: string, zh: string, en: string, owner: string | null, profile: DeadlineProfile, defaultPriority?: IncidentPriority];

/**
 * The minor categories, by major. Owners: for components, who owns and repairs the facility; for
 * events, who is responsible once the grid and community cannot settle it.
 */
const ROWS: readonly Row[] = [
  // 01 公用设施 Public facilities
  ['0101', '上水井盖', 'Water supply manhole cover', 'water', 'hazard'],
  ['0102', '污水井盖', 'Sewer manhole cover', 'drainage', 'hazard'],
  ['0103', '雨水井盖', 'Storm drain manhole cover', 'drainage', 'hazard'],
  ['0104', '雨水箅子', 'Storm drain grate', 'drainage', 'routine'],
  ['0105', '电力井盖', 'Power manhole cover', 'power', 'hazard'],
  ['0106', '路灯井盖', 'Street-lighting manhole cover', 'urban_management', 'hazard'],
  ['0107', '通信井盖', 'Telecom manhole cover', 'telecom', 'hazard'],
  ['0111', '燃气井盖', 'Gas manhole cover', 'gas', 'hazard'],
  ['0113', '无主井盖', 'Manhole cover of unknown owner', 'urban_management', 'hazard'],
  ['0114', '消火栓', 'Fire hydrant', 'water', 'hazard'],
  ['0116', '电力设施', 'Power equipment (transformer, cabinet)', 'power', 'hazard'],
  ['0118', '路灯', 'Street lamp', 'urban_management', 'long_running'],
  ['0121', '通信交接箱', 'Telecom cabinet', 'telecom', 'long_running'],
  ['0150', '排水管道堵塞', 'Blocked drain or sewer', 'drainage', 'routine', 2],
  ['0151', '电动自行车充电设施', 'E-bike charging point', 'housing', 'long_running'],
  // 02 道路交通 Roads and traffic
  ['0201', '公交站亭', 'Bus shelter', 'transport', 'long_running'],
  ['0202', '交通信号灯', 'Traffic light', 'traffic_police', 'hazard', 2],
  ['0203', '交通标志牌', 'Traffic sign', 'traffic_police', 'long_running'],
  ['0204', '道路护栏', 'Road guardrail', 'traffic_police', 'long_running'],
  ['0205', '人行道板', 'Pavement slabs', 'urban_management', 'long_running'],
  ['0206', '过街天桥', 'Pedestrian bridge', 'urban_management', 'long_running'],
  ['0207', '盲道', 'Tactile paving', 'urban_management', 'long_running'],
  // 03 市容环境 City appearance
  ['0301', '公共厕所', 'Public toilet', 'urban_management', 'routine'],
  ['0302', '垃圾箱', 'Litter bin', 'urban_management', 'routine'],
  ['0303', '垃圾分类投放点', 'Sorted-waste collection point', 'urban_management', 'routine'],
  ['0304', '广告牌匾', 'Shop sign or billboard', 'urban_management', 'long_running'],
  ['0305', '报刊亭', 'News kiosk', 'urban_management', 'long_running'],
  // 04 园林绿化 Greenery
  ['0401', '古树名木', 'Heritage tree', 'landscaping', 'long_running', 2],
  ['0402', '行道树', 'Street tree', 'landscaping', 'long_running'],
  ['0403', '绿地', 'Green space', 'landscaping', 'long_running'],
  ['0404', '花坛', 'Flower bed', 'landscaping', 'long_running'],
  // 05 房屋土地 Buildings and land
  ['0501', '危房', 'Dangerous building', 'housing', 'hazard', 2],
  ['0502', '宣传栏', 'Notice board', 'urban_management', 'long_running'],
  ['0550', '屋顶漏水', 'Roof leak', 'housing', 'long_running'],
  ['0551', '墙体渗水', 'Wall seepage', 'housing', 'long_running'],
  ['0552', '外墙脱落', 'Peeling facade', 'housing', 'hazard', 2],
  ['0553', '电梯故障', 'Elevator fault', 'market_regulation', 'hazard', 2],
  ['0554', '楼道照明损坏', 'Stairwell lighting broken', 'housing', 'routine'],
  // 06 其他设施 Other facilities
  ['0601', '健身设施', 'Outdoor fitness equipment', 'sports', 'long_running'],
  ['0602', '监控电子眼', 'Surveillance camera', 'police_station', 'long_running'],
  ['0603', '消防器材', 'Fire-fighting equipment (extinguisher box)', 'fire_rescue', 'hazard'],
  ['0650', '小区公共设施老化', 'Ageing compound facilities', 'housing', 'long_running'],

  // E01 市容环境 City appearance and environment
  ['E0101', '暴露垃圾', 'Exposed garbage', 'urban_management', 'routine'],
  ['E0102', '积存垃圾渣土', 'Accumulated garbage or spoil', 'urban_management', 'routine'],
  ['E0103', '道路不洁', 'Dirty road', 'urban_management', 'routine'],
  ['E0104', '垃圾满溢', 'Overflowing bins', 'urban_management', 'routine'],
  ['E0105', '沿街晾晒', 'Laundry hung along the street', 'urban_management', 'routine'],
  ['E0106', '焚烧垃圾树叶', 'Burning garbage or leaves', 'ecology_environment', 'routine', 2],
  ['E0150', '楼道堆物', 'Stairwell clutter', 'fire_rescue', 'hazard'],
  ['E0151', '垃圾分类不规范', 'Garbage not sorted', 'urban_management', 'routine'],
  ['E0152', '饲养禽鸽扰民', 'Pigeons or poultry kept as a nuisance', 'urban_management', 'routine'],
  ['E0153', '污水冒溢', 'Sewage overflow', 'drainage', 'routine', 2],
  // E02 宣传广告 Advertising
  ['E0201', '非法小广告', 'Fly-posting', 'urban_management', 'routine'],
  ['E0202', '违规户外广告', 'Unauthorised outdoor advertising', 'urban_management', 'routine'],
  ['E0203', '违规悬挂横幅', 'Unauthorised banner', 'urban_management', 'routine'],
  ['E0204', '广告招牌破损', 'Damaged shop sign', 'urban_management', 'hazard'],
  // E03 施工管理 Construction management
  ['E0301', '施工占道', 'Construction occupying the road', 'urban_management', 'routine'],
  ['E0302', '施工废弃料', 'Construction waste', 'urban_management', 'routine'],
  ['E0303', '道路遗撒', 'Spillage from trucks', 'urban_management', 'routine', 2],
  ['E0304', '夜间施工噪声', 'Night-time construction noise', 'ecology_environment', 'routine', 2],
  ['E0305', '私搭乱建', 'Illegal structure', 'urban_management', 'long_running'],
  // E04 突发事件 Emergencies
  ['E0401', '燃气泄漏', 'Gas leak', 'gas', 'hazard', 1],
  ['E0402', '火灾', 'Fire', 'fire_rescue', 'hazard', 1],
  ['E0403', '道路塌陷', 'Road collapse', 'urban_management', 'hazard', 1],
  ['E0404', '供水管道爆裂', 'Burst water main', 'water', 'hazard', 1],
  ['E0405', '积水内涝', 'Waterlogging', 'drainage', 'hazard', 1],
  ['E0406', '群体性事件', 'Mass gathering or protest', 'police_station', 'hazard', 1],
  ['E0450', '消防安全隐患', 'Fire-safety hazard', 'fire_rescue', 'hazard', 2],
  // E05 街面秩序 Street order
  ['E0501', '无照经营', 'Unlicensed trading', 'market_regulation', 'routine'],
  ['E0502', '店外经营', 'Trading outside the shop', 'urban_management', 'routine'],
  ['E0503', '占道经营', 'Street vending on the road', 'urban_management', 'routine'],
  ['E0504', '机动车乱停放', 'Disorderly car parking', 'traffic_police', 'routine'],
  ['E0505', '非机动车乱停放', 'Disorderly bicycle and e-bike parking', 'urban_management', 'routine'],
  ['E0506', '露天烧烤', 'Open-air barbecue', 'urban_management', 'routine'],
  ['E0550', '消防通道堵塞', 'Blocked fire escape', 'fire_rescue', 'hazard', 2],
  ['E0551', '犬只扰民', 'Dog nuisance', 'police_station', 'routine'],
  // E06 其他事件 Other events (community governance)
  ['E0650', '电动车入户充电', 'E-bike charging indoors', 'fire_rescue', 'hazard', 2],
  ['E0651', '飞线充电', 'Charging cable run from a window', 'fire_rescue', 'hazard', 2],
  ['E0652', '邻里纠纷', 'Neighbour dispute', 'justice', 'long_running'],
  ['E0653', '居民危机需走访', 'Resident in crisis needing a visit', 'civil_affairs', 'hazard', 2],
  ['E0654', '老年人需帮扶', 'Elderly resident needing help', 'civil_affairs', 'routine', 2],
  ['E0655', '生活噪声扰民', 'Household noise nuisance', 'police_station', 'routine'],
  ['E0656', '出租房屋安全隐患', 'Unsafe rented housing', 'police_station', 'hazard'],
];

function toClass([code, zh, en, owner, profile, defaultPriority = 3]: Row): CaseClass {
  const kind: CaseKind = code.startsWith('E') ? 'event' : 'component';
  return {
    code,
    kind,
    majorCode: code.slice(0, code.length - 2),
    zh,
    en,
    ownerDepartmentId: owner,
    deadlineHours: DEADLINE_PROFILES[profile],
    defaultPriority,
  };
}

/** Every minor category, components then events, in code order. */
export const CASE_CLASSES: readonly CaseClass[] = ROWS.map(toClass);

const classesByCode = new Map(CASE_CLASSES.map((c) => [c.code, c]));

/**
 * The class with this code, or undefined.
 *
 * @example caseClass('0101')?.zh === '上水井盖'
 */
export function caseClass(code: string): CaseClass | undefined {
  return classesByCode.get(code);
}

/** Whether `code` is a category of the classification (the feed validator's `knownCategory`). */
export function isKnownCategory(code: string): boolean {
  return classesByCode.has(code);
}

/** The major category with this code ('01', 'E05'), or undefined. */
export function caseMajor(code: string): CaseMajor | undefined {
  return CASE_MAJORS.find((m) => m.code === code);
}

/**
 * Every major with its classes, in code order (for a two-level picker). A fresh structure each
 * call, so callers may sort or filter it.
 */
export function classesByMajor(): { major: CaseMajor; classes: CaseClass[] }[] {
  return CASE_MAJORS.map((major) => ({ major, classes: CASE_CLASSES.filter((c) => c.majorCode === major.code) }));
}
