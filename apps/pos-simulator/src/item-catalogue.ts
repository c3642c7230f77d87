/**
 * What pharmacies and clinics sell, with realistic prices (fen) and catalogue status. Codes follow
 * the shape of the national medical-insurance codes; none is claimed to be a real listing.
 */
import type { ItemCategory } from '@gongji/domain';

export interface CatalogueItem {
  readonly code: string;
  readonly name: string;
  readonly category: ItemCategory;
  /** Inside the insurance catalogue (医保目录). */
  readonly inCatalog: boolean;
  readonly minFen: number;
  readonly maxFen: number;
}

const item = (
  code: string,
  name: string,
  category: ItemCategory,
  inCatalog: boolean,
  minFen: number,
  maxFen: number,
): CatalogueItem => ({
  code,
  name,
  category,
  inCatalog,
  minFen,
  maxFen,
});

export const PHARMACY_ITEMS: readonly (readonly [CatalogueItem, number])[] = [
  [item('XJ01CAA040A001010100954', '阿莫西林胶囊', 'DRUG', true, 1_200, 3_600), 10],
  [item('XN02BAB045E001010101893', '布洛芬缓释胶囊', 'DRUG', true, 1_500, 2_800), 9],
  [item('XA10BAD017A001010100277', '盐酸二甲双胍片', 'DRUG', true, 800, 3_500), 8],
  [item('XC08CAN016A010010101462', '硝苯地平控释片', 'DRUG', true, 2_500, 6_000), 7],
  [item('XC10AAA143A001010100981', '阿托伐他汀钙片', 'DRUG', true, 3_000, 9_000), 6],
  [item('XA02BCA171E001010102032', '奥美拉唑肠溶胶囊', 'DRUG', true, 1_200, 4_000), 6],
  [item('XJ01DDC101A001020102140', '头孢克肟分散片', 'DRUG', true, 2_000, 5_000), 5],
  [item('ZA01BAL0038010100380000', '连花清瘟胶囊', 'DRUG', true, 1_500, 3_000), 6],
  [item('XC08CAA076A001010100113', '苯磺酸氨氯地平片', 'DRUG', true, 1_000, 4_500), 6],
  [item('XA10ABI105B002010100761', '胰岛素注射液', 'DRUG', true, 6_000, 15_000), 3],
  [item('ZR05DAF000A001010100211', '复方甘草片', 'DRUG', true, 500, 1_200), 4],
  [item('ZZ-OFFLIST-C10AA08-0001', '匹伐他汀钙片(进口)', 'DRUG', false, 9_000, 20_000), 2],
  [item('ZZ-OFFLIST-C01DX-000002', '复方丹参滴丸(非医保规格)', 'DRUG', false, 2_000, 5_000), 2],
  [item('C14010200100000000000001', '血糖试纸', 'MEDICAL_CONSUMABLE', true, 5_000, 12_000), 4],
  [item('C02030100100000000000002', '一次性使用无菌注射器', 'MEDICAL_CONSUMABLE', true, 500, 2_000), 2],
  [item('C14020100300000000000003', '医用外科口罩', 'MEDICAL_CONSUMABLE', false, 1_000, 3_000), 3],
  [item('C14030100100000000000004', '医用棉签', 'MEDICAL_CONSUMABLE', false, 300, 800), 2],
  [item('C14040100200000000000005', '碘伏消毒液', 'MEDICAL_CONSUMABLE', false, 600, 1_500), 2],
  [item('D07030100100000000000006', '电子血压计', 'MEDICAL_DEVICE', false, 15_000, 40_000), 2],
  [item('D07030200100000000000007', '血糖仪', 'MEDICAL_DEVICE', true, 12_000, 30_000), 1],
  [item('D08010100100000000000008', '医用雾化器', 'MEDICAL_DEVICE', false, 20_000, 45_000), 1],
  [item('BJ-SUPP-00000000000000001', '蛋白粉', 'HEALTH_SUPPLEMENT', false, 15_000, 40_000), 2],
  [item('BJ-SUPP-00000000000000002', '深海鱼油软胶囊', 'HEALTH_SUPPLEMENT', false, 8_000, 20_000), 2],
  [item('BJ-SUPP-00000000000000003', '维生素C咀嚼片', 'HEALTH_SUPPLEMENT', false, 3_000, 8_000), 2],
  [item('BJ-SUPP-00000000000000004', '钙维D软胶囊', 'HEALTH_SUPPLEMENT', false, 5_000, 15_000), 1],
  [item('RY-GOODS-0000000000000001', '洗发水', 'NON_MEDICAL', false, 3_000, 8_000), 1],
  [item('RY-GOODS-0000000000000002', '矿泉水', 'NON_MEDICAL', false, 200, 500), 2],
  [item('RY-GOODS-0000000000000003', '抽纸', 'NON_MEDICAL', false, 500, 1_500), 1],
  [item('RY-GOODS-0000000000000004', '牙膏', 'NON_MEDICAL', false, 1_000, 3_000), 1],
];

export const CLINIC_SERVICES: readonly (readonly [CatalogueItem, number])[] = [
  [item('001102000010000-110200001', '普通门诊诊查费', 'OUTPATIENT_SERVICE', true, 1_000, 2_500), 10],
  [item('002501020010000-250102001', '血常规检查', 'OUTPATIENT_SERVICE', true, 1_500, 3_000), 5],
  [item('001203000010000-120300001', '静脉输液', 'OUTPATIENT_SERVICE', true, 2_000, 6_000), 4],
  [item('003101000010000-310100001', '常规心电图检查', 'OUTPATIENT_SERVICE', true, 2_500, 4_000), 3],
  [item('001104000010000-110400001', '中医推拿(非医保项目)', 'OUTPATIENT_SERVICE', false, 5_000, 12_000), 1],
];

export const HOSPITAL_SERVICES: readonly (readonly [CatalogueItem, number])[] = [
  [item('001102000020000-110200002', '专家门诊诊查费', 'OUTPATIENT_SERVICE', true, 2_000, 10_000), 10],
  [item('002101000010000-210100001', 'CT平扫', 'OUTPATIENT_SERVICE', true, 20_000, 50_000), 3],
  [item('002202000010000-220200001', '彩色多普勒超声检查', 'OUTPATIENT_SERVICE', true, 15_000, 30_000), 3],
  [item('003302000010000-330200001', '日间手术(白内障)', 'INPATIENT_SERVICE', true, 300_000, 800_000), 1],
];
