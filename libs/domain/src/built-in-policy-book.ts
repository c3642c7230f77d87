/**
 * The region policy versions the service starts with, each citing its source (../shared/seeds,
 * file names 000_… to 004_…). The service may load another book of the same shape.
 */
import {
  makePolicyVersion,
  NATIONAL_REGION_CODE,
  policyBook,
  type PolicyBook,
  type PolicyVersion,
} from './policy-book';
import type { RegionPolicy } from './region-policy';

const NEAR_RELATIVES = ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'] as const;

/**
 * National rule (2024). Seed 002: all near relatives (配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、
 * 孙子女、外孙子女); the personal share at designated providers (个人自付部分, inpatient included)
 * and drugs, devices and consumables at designated pharmacies; no area restriction. Seed 003:
 * the holder's account must have money (职工账户有余额), i.e. at least 1 fen; relatives' resident
 * insurance contributions (居民医保缴费).
 */
export const NATIONAL_POLICY: RegionPolicy = {
  allowedRelationships: NEAR_RELATIVES,
  scope: 'NATIONAL',
  minHolderBalanceFen: 1n,
  fraudLookbackMonths: 0,
  maxBeneficiaries: null,
  singleBeneficiaryRelationships: [],
  exclusiveRoles: false,
  monthlyLimitRangeFen: null,
  approvalAboveLimit: false,
  relativesMonthlyLimitAllowed: false,
  relativesPayInpatient: true,
  payableCategories: ['DRUG', 'MEDICAL_DEVICE', 'MEDICAL_CONSUMABLE', 'OUTPATIENT_SERVICE', 'INPATIENT_SERVICE'],
  catalogueOnly: false,
  contributionSchemes: ['RESIDENT_MEDICAL'],
  contributionScope: 'NATIONAL',
  suggestedReserveRatioPercent: null,
};

export const BUILT_IN_POLICY_VERSIONS: readonly PolicyVersion[] = [
  makePolicyVersion({
    regionCode: NATIONAL_REGION_CODE,
    effectiveFrom: '2024-01-01',
    source: 'seeds 002 and 003 (national rules, 2024)',
    fields: NATIONAL_POLICY,
  }),
  // Shaanxi, seed 001: 个人账户余额不低于1000元, 近两年无骗保违规记录 (24 months), 跨省参保成员暂不支持
  // 绑定, 每位成员每月使用限额为200-2000元 with 超出额度需主账户人实时授权确认, 住院费用 not payable,
  // 为同市参保家庭成员代缴城乡居民医保费 (same city), 建议预留20%余额作为应急储备金.
  makePolicyVersion({
    regionCode: '61',
    effectiveFrom: '2024-01-01',
    source: 'seed 001 (Shaanxi)',
    fields: {
      scope: 'PROVINCE',
      minHolderBalanceFen: 100_000n,
      fraudLookbackMonths: 24,
      monthlyLimitRangeFen: { minFen: 20_000n, maxFen: 200_000n },
      approvalAboveLimit: true,
      relativesPayInpatient: false,
      contributionSchemes: ['RESIDENT_MEDICAL'],
      contributionScope: 'POOLING_AREA',
      suggestedReserveRatioPercent: 20,
    },
  }),
  // Shanxi, seed 000: 仅限配偶、父母、子女 (no siblings), 被授权人需参加山西省职工医保或居民医保 (same
  // province, for bindings and for the contributions paid for them), 仅限医保目录内的合规费用, and
  // contributions to 城乡居民基本医疗保险、职工大额医疗费用补助和长期护理保险.
  makePolicyVersion({
    regionCode: '14',
    effectiveFrom: '2024-01-01',
    source: 'seed 000 (Shanxi)',
    fields: {
      allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD'],
      scope: 'PROVINCE',
      catalogueOnly: true,
      contributionSchemes: ['RESIDENT_MEDICAL', 'LONG_TERM_CARE', 'SUPPLEMENTARY_MEDICAL'],
      contributionScope: 'PROVINCE',
    },
  }),
  // Taiyuan, seed 004 (dated 2026-02-06): 家庭共济范围扩大至近亲属 — all near relatives; everything
  // else stays Shanxi's.
  makePolicyVersion({
    regionCode: '1401',
    effectiveFrom: '2026-02-06',
    source: 'seed 004 (Taiyuan, 2026-02-06)',
    fields: { allowedRelationships: NEAR_RELATIVES },
  }),
  // Tai'an, Shandong (DOMAIN.md, "reported elsewhere"; no seed): at most 8 relatives, one father,
  // one mother, one spouse, no one in both roles, one monthly limit for all relatives together.
  makePolicyVersion({
    regionCode: '3709',
    effectiveFrom: '2024-01-01',
    source: 'DOMAIN.md "reported elsewhere" (Tai\'an)',
    fields: {
      maxBeneficiaries: 8,
      singleBeneficiaryRelationships: ['FATHER', 'MOTHER', 'SPOUSE'],
      exclusiveRoles: true,
      relativesMonthlyLimitAllowed: true,
    },
  }),
];

export const BUILT_IN_POLICY_BOOK: PolicyBook = policyBook(BUILT_IN_POLICY_VERSIONS);
