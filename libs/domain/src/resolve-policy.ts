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
  let resolved = resolvedByTable.get(policies);
  if (resolved === undefined) resolvedByTable.set(policies, (resolved = new Map()));
  let policy = resolved.get(regionCode6);
  if (policy === undefined) {
    policy = mergedPolicy(regionCode6, policies);
    resolved.set(regionCode6, policy);
  }
  return policy;
}

/*
 * Each table's merged policies, by region code: a charge resolves its patient's and every
 * funder's policy, and merging (with its coherence check) was 2% of the service's time draining
 * a backlog. Tables are read-only data, so a merged policy never goes stale.
 */
const resolvedByTable = new WeakMap<RegionPolicyTable, Map<string, RegionPolicy>>();

function mergedPolicy(regionCode6: string, policies: RegionPolicyTable): RegionPolicy {
  if (!isRegionCode(regionCode6)) throw new RangeError('region code must be 6 digits');
  let policy = policies[''];
  const province = policies[provinceOf(regionCode6)];
  if (province !== undefined) policy = mergeRegionPolicy(policy, province);
  const city = policies[regionCode6.slice(0, 4)];
  if (city !== undefined) policy = mergeRegionPolicy(policy, city);
  return policy;
}
