import { BUILT_IN_REGION_POLICIES } from './region-policies';
import { mergeRegionPolicy, type RegionPolicy, type RegionPolicyTable } from './region-policy';

const REGION_CODE = /^[0-9]{6}$/;

export function isRegionCode(text: string): boolean {
  return REGION_CODE.test(text);
}

export function provinceOf(regionCode6: string): string {
  return regionCode6.slice(0, 2);
}

/**
 * The policy of a 6-digit insured region: the national default, with the province's override
 * (first 2 digits) on top, with the city's (first 4) on top of that. Cascading lets a city refine
 * its province the way administrative rules do; the most specific entry's version names the result.
 */
export function resolvePolicy(
  regionCode6: string,
  policies: RegionPolicyTable = BUILT_IN_REGION_POLICIES,
): RegionPolicy {
  if (!isRegionCode(regionCode6)) throw new RangeError('region code must be 6 digits');
  let policy = policies[''];
  const province = policies[provinceOf(regionCode6)];
  if (province !== undefined) policy = mergeRegionPolicy(policy, province);
  const city = policies[regionCode6.slice(0, 4)];
  if (city !== undefined) policy = mergeRegionPolicy(policy, city);
  return policy;
}
