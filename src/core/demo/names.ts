/**
 * Name pools for the demo district: plausible names of Zhengzhou's 中原区 (streets, communities,
 * compounds, units) and Chinese personal names. The places are inventions in the local style, not
 * a survey; the people are random combinations of common surnames and given-name characters.
 */
import type { DedicatedKind } from '../model';
import type { Rng } from './rng';

/** The demo sub-district (街道). */
export const SUB_DISTRICT_NAME = '建设路街道';

/** Streets running roughly east–west (中原区's main east–west roads). */
export const EAST_WEST_MAJOR = ['建设路', '中原路', '棉纺路', '陇海路', '汝河路', '伊河路', '航海路', '颍河路'];
/** Streets running roughly north–south. */
export const NORTH_SOUTH_MAJOR = ['桐柏路', '伏牛路', '秦岭路', '工人路', '嵩山路', '华山路', '大学路', '须水路'];
/** Minor streets (支路). */
export const MINOR_STREETS = [
  '友爱路', '互助路', '协作路', '工农路', '政通路', '锦艺路', '百花路', '绿东路', '冉屯路', '淮河西路',
  '阳光路', '文化宫路', '西站路', '化工路', '长椿路', '五龙口路', '航海西路', '兴华街', '建新街', '棉纺西路',
  '汝河西路', '伊河西路', '嵩山北路', '桐柏北路', '伏牛北路', '秦岭北路', '中原西路', '工人北路', '电厂路', '密垌路',
  '莲湖路', '后河路', '大岗刘路', '碧沙岗路', '友谊街', '和平街', '幸福街', '光明路', '育才街', '康复路',
];

/** Community (社区) names; the demo takes five. */
export const COMMUNITY_NAMES = [
  '锦艺社区', '桐柏社区', '伏牛社区', '百花社区', '棉纺社区', '建新社区', '绿东社区', '友爱社区', '互助社区', '西站社区',
];

/** Prefixes for compound (小区) names: trees, virtues, and the old factories whose housing estates 中原区 grew from. */
export const COMPOUND_PREFIXES = [
  '锦华', '绿城', '桐柏', '伏牛', '秦岭', '锦艺', '百花', '建新', '棉纺', '嵩山', '阳光', '翠竹', '金桂', '银杏', '文化',
  '和平', '幸福', '康乐', '友谊', '工人', '铁路', '电缆厂', '国棉三厂', '国棉六厂', '煤机厂', '水利', '交通', '邮电',
  '中原', '长城', '华林', '兴华', '祥和', '永安', '紫荆', '丁香', '海棠', '玉兰', '春晖', '万福', '恒大', '正商',
  '鑫苑', '建业', '康桥', '美景', '锦绣', '怡和', '瑞祥', '嘉和', '安居', '泰和', '兴隆', '富田', '碧波', '清华园',
  '电力', '纺机', '第二砂轮厂', '郑煤', '省建', '市政', '汽运', '粮校', '医药', '东方', '新华', '春江', '桂园',
];
/** Suffixes for compounds of old walk-ups. */
export const WALKUP_SUFFIXES = ['小区', '家属院', '新村', '小区', '家属院', '宿舍'];
/** Suffixes for compounds of newer towers. */
export const TOWER_SUFFIXES = ['家园', '花园', '名苑', '公馆', '华府', '苑'];

/** Unit names per kind of dedicated grid (专属网格). */
export const DEDICATED_UNIT_NAMES: Record<DedicatedKind, readonly string[]> = {
  school: ['郑州市第四十七中学', '建设路第二小学', '伏牛路小学', '桐柏路小学', '郑州市第十九中学', '锦艺实验学校'],
  hospital: ['中原区人民医院', '郑州市第七人民医院建设路院区', '中原区妇幼保健院', '郑州市中医院西院区'],
  market: ['桐柏路农贸市场', '棉纺路菜市场', '锦艺综合批发市场', '伏牛路农贸市场'],
  enterprise_park: ['锦艺科技产业园', '中原区电子商务产业园', '国棉三厂文创园', '建设路创意产业园'],
  construction_site: ['绿城·桐柏府项目工地', '建设路棚改安置房项目工地', '锦艺城四期项目工地', '秦岭路地铁站项目工地'],
};

/** Common surnames, most frequent first (the head of the list is drawn more often). */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗',
  '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕',
  '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '余', '潘', '杜', '戴', '夏', '钟', '汪', '田', '任', '姜',
  '范', '方', '石', '姚', '谭', '廖', '邹', '熊', '金', '陆', '郝', '孔', '白', '崔', '康', '毛', '邱', '秦', '江', '史',
];
/** Characters common in given names. */
export const GIVEN_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '玉', '兰', '萍', '红', '建', '国', '文', '辉', '鹏', '俊', '峰', '斌', '亮', '海', '波', '宁',
  '新', '利', '清', '飞', '彬', '富', '顺', '信', '志', '凯', '浩', '宇', '欣', '怡', '晨', '阳', '佳', '雪', '梅', '琳',
  '志', '晓', '春', '金', '凤', '云', '莉', '燕', '丹', '荣', '德', '振', '宏', '永', '庆', '光', '忠', '瑞', '雨', '婷',
];

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`no numeral for ${n}`);
  if (n <= 10) return NUMERALS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens]}十${ones === 0 ? '' : NUMERALS[ones]}`;
}

/** Draws from a pool without repeats; once the pool runs dry, numbered variants (`名2`) follow. */
export class UniquePicker {
  private readonly left: string[];
  private readonly used = new Set<string>();

  constructor(
    private readonly rng: Rng,
    pool: readonly string[],
  ) {
    this.left = rng.shuffle([...new Set(pool)]);
  }

  /** The next unused name; `fallback` builds one when the pool is empty. */
  next(fallback: (attempt: number) => string): string {
    while (this.left.length > 0) {
      const name = this.left.pop() as string;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    for (let attempt = 1; ; attempt++) {
      const name = fallback(attempt);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  /** Marks a name as taken so `next` never returns it. */
  reserve(name: string): void {
    this.used.add(name);
  }
}

/**
 * A personal name nobody else in `taken` has: a surname (favouring the common ones) and one or
 * two given-name characters (two is the more common today).
 */
export function personName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    // Squaring the uniform draw favours the head of the list, as real surname frequencies do.
    const surname = SURNAMES[Math.floor(rng.next() ** 2 * SURNAMES.length)];
    const given = rng.chance(0.7) ? rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS);
    const name = surname + given;
    if (given.length === 2 && given[0] === given[1] && rng.chance(0.7)) continue;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** A fake but well-formed mainland mobile number: 11 digits starting 13, 15 or 18, unique in `taken`. */
export function mobileNumber(rng: Rng, taken: Set<string>): string {
  for (;;) {
    let phone = rng.pick(['13', '15', '18']) + String(rng.int(0, 9));
    for (let i = 0; i < 8; i++) phone += String(rng.int(0, 9));
    if (!taken.has(phone)) {
      taken.add(phone);
      return phone;
    }
  }
}
