/**
 * Insured regions the synthetic population lives in. The rules of each region are not here: they
 * come from the domain's region policy table (@gongji/domain), the same data the service uses.
 */
export type RegionGroup = 'SHAANXI' | 'SHANXI' | 'TAIAN' | 'OTHER';

export interface Region {
  /** 6-digit administrative division code (参保地). */
  readonly code: string;
  readonly name: string;
  readonly group: RegionGroup;
}

export const REGIONS: readonly Region[] = [
  { code: '610113', name: '西安市雁塔区', group: 'SHAANXI' },
  { code: '610112', name: '西安市未央区', group: 'SHAANXI' },
  { code: '610102', name: '西安市新城区', group: 'SHAANXI' },
  { code: '610402', name: '咸阳市秦都区', group: 'SHAANXI' },
  { code: '140105', name: '太原市小店区', group: 'SHANXI' },
  { code: '140106', name: '太原市迎泽区', group: 'SHANXI' },
  { code: '140202', name: '大同市平城区', group: 'SHANXI' },
  { code: '370902', name: '泰安市泰山区', group: 'TAIAN' },
  { code: '370911', name: '泰安市岱岳区', group: 'TAIAN' },
  { code: '370982', name: '新泰市', group: 'TAIAN' },
  { code: '110105', name: '北京市朝阳区', group: 'OTHER' },
  { code: '310115', name: '上海市浦东新区', group: 'OTHER' },
  { code: '440106', name: '广州市天河区', group: 'OTHER' },
  { code: '510107', name: '成都市武侯区', group: 'OTHER' },
];

/**
 * Where relatives insured in another province live (elderly parents who stayed in their home
 * town). Persons insured here are registered and charge at local pharmacies too.
 */
export const HOME_TOWN_REGIONS: readonly Region[] = [
  { code: '620102', name: '兰州市城关区', group: 'OTHER' },
  { code: '130102', name: '石家庄市长安区', group: 'OTHER' },
  { code: '410105', name: '郑州市金水区', group: 'OTHER' },
  { code: '370102', name: '济南市历下区', group: 'OTHER' },
];

export const ALL_REGIONS: readonly Region[] = [...REGIONS, ...HOME_TOWN_REGIONS];

/** Share of families per group: the three regions with their own rules, and the national default. */
export const GROUP_WEIGHTS: readonly (readonly [RegionGroup, number])[] = [
  ['SHAANXI', 30],
  ['SHANXI', 22],
  ['TAIAN', 20],
  ['OTHER', 28],
];

export function regionsOf(group: RegionGroup): Region[] {
  return REGIONS.filter((r) => r.group === group);
}

export function provinceOf(code: string): string {
  return code.slice(0, 2);
}
