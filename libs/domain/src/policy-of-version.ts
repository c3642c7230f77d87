/**
 * The policy a recorded `policyVersion` names (e.g. a binding's, made under the rules of its day):
 * each level's versions up to the one named, in date order, the levels national first. A binding
 * keeps the rules it was made under (ARCHITECTURE.md, "Region policies over time"), so whether it
 * may still pay after its parties' insurance changed is judged by them, not by later versions.
 * Null when the name is not one this book can rebuild (a version unknown to it).
 */
import { type PolicyBook, type PolicyVersion } from './policy-book';
import type { RegionPolicy } from './region-policy';
import { assertCoherentPolicy } from './validate-policy-fields';

export function policyOfVersion(book: PolicyBook, policyVersion: string): RegionPolicy | null {
  const cache = cacheOf(book);
  const known = cache.get(policyVersion);
  if (known !== undefined) return known;
  const built = build(book, policyVersion);
  cache.set(policyVersion, built);
  return built;
}

const caches = new WeakMap<PolicyBook, Map<string, RegionPolicy | null>>();

function cacheOf(book: PolicyBook): Map<string, RegionPolicy | null> {
  let cache = caches.get(book);
  if (cache === undefined) caches.set(book, (cache = new Map()));
  return cache;
}

function build(book: PolicyBook, policyVersion: string): RegionPolicy | null {
  let merged: Partial<RegionPolicy> = {};
  for (const name of policyVersion.split('+')) {
    const named = book.versions.find((v) => v.policyVersion === name);
    if (named === undefined) return null;
    const level: PolicyVersion[] = book.versions.filter(
      (v) => v.regionCode === named.regionCode && v.effectiveFrom <= named.effectiveFrom,
    );
    for (const version of level) merged = { ...merged, ...version.fields };
  }
  const policy = merged as RegionPolicy;
  try {
    assertCoherentPolicy(policy, `policy version ${policyVersion}`);
  } catch {
    return null; // not a whole policy (no national level named): not one to judge by
  }
  return Object.freeze(policy);
}
