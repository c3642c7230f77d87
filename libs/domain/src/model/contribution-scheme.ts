/** Contributions a holder's account may pay for a relative (代缴; contract values). */
export const CONTRIBUTION_SCHEMES = [
  'RESIDENT_MEDICAL', // 城乡居民基本医疗保险
  'LONG_TERM_CARE', // 长期护理保险
  'SUPPLEMENTARY_MEDICAL', // 大额医疗补助
  'COMMERCIAL_HEALTH', // commercial health insurance, where a region allows it
] as const;
export type ContributionScheme = (typeof CONTRIBUTION_SCHEMES)[number];
