import type { PolicyScope } from './region-policy';

const REGION_CODE = /^[0-9]{6}$/;

/** An insured region: a 6-digit administrative division code (参保地). */
export function isRegionCode(text: string): boolean {
  return REGION_CODE.test(text);
}

export function provinceOf(regionCode6: string): string {
  return regionCode6.slice(0, 2);
}

/** The pooling area (统筹区) is the city: the first four digits. */
export function poolingAreaOf(regionCode6: string): string {
  return regionCode6.slice(0, 4);
}

/** Whether two insured regions are close enough for `scope`. */
export function isWithinScope(scope: PolicyScope, regionA: string, regionB: string): boolean {
  switch (scope) {
    case 'NATIONAL':
      return true;
    case 'PROVINCE':
      return provinceOf(regionA) === provinceOf(regionB);
    case 'POOLING_AREA':
      return poolingAreaOf(regionA) === poolingAreaOf(regionB);
  }
}

/** Words for messages: "another province", "another city". */
export function describeScope(scope: Exclude<PolicyScope, 'NATIONAL'>): string {
  return scope === 'PROVINCE' ? 'another province' : 'another city (pooling area)';
}
