/**
 * The policy of a 6-digit insured region on a UTC+8 calendar date.
 *
 * Levels cascade national ("00") → province (2 digits) → city (4) → district (6), the most
 * specific on top, the way administrative rules refine each other. Within a level, every version
 * in force on the date applies, in date order, each refining the one before: a level's overrides
 * accumulate, so a new version only has to name what it changes. A later national version still
 * sits under every regional override.
 *
 * The result's `policyVersion` names, national first, the latest version in force of each level
 * that has one, joined by "+" (e.g. "00@2024-01-01+14@2024-01-01+1401@2026-02-06"). Since a level's
 * latest version determines which of its versions apply, the name changes whenever any version
 * in force changes.
 */
import { assertCoherentPolicy } from './validate-policy-fields';
import { bookStartDate, NATIONAL_REGION_CODE, type PolicyBook, type PolicyVersion } from './policy-book';
import type { RegionPolicy, ResolvedPolicy } from './region-policy';
import { isRegionCode } from './region-scope';

const YMD_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function resolvePolicyAt(book: PolicyBook, regionCode6: string, date: string): ResolvedPolicy {
  const cache = cacheOf(book);
  let timeline = cache.timelines.get(regionCode6);
  if (timeline === undefined) {
    if (!isRegionCode(regionCode6)) throw new RangeError('region code must be 6 digits');
    timeline = buildTimeline(cache, regionCode6);
    cache.timelines.set(regionCode6, timeline);
  }
  // Shape only on this hot path: order is what matters, and the book's own dates are validated.
  if (!YMD_SHAPE.test(date)) throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const at = lastStartOnOrBefore(timeline.starts, date);
  if (at < 0) {
    throw new RangeError(`no national policy version is in force on ${date}: the book starts ${timeline.starts[0]}`);
  }
  return timeline.resolved[at];
}

/** The levels whose versions apply to a 6-digit region, national first. */
export function policyLevelsOf(regionCode6: string): string[] {
  const levels = [NATIONAL_REGION_CODE, regionCode6.slice(0, 2), regionCode6.slice(0, 4), regionCode6];
  // A (non-existent) province "00" is the national level, not a second one.
  return levels.filter((level, i) => levels.indexOf(level) === i);
}

/*
 * Per book: its versions by region, and per 6-digit region the dates where its policy changes
 * with the policy from each of them. Every charge resolves its patient's and each funder's policy,
 * and merging (with its coherence check) was 2% of the service's time draining a backlog; books
 * are frozen, so a resolved policy never goes stale. A timeline has one entry per change, so the
 * cache grows with regions and versions, not with the days the service runs.
 */
interface BookCache {
  readonly byRegion: ReadonlyMap<string, readonly PolicyVersion[]>;
  readonly startDate: string;
  readonly timelines: Map<string, Timeline>;
}

interface Timeline {
  /** Ascending dates where the policy changes; the first is the book's start. */
  readonly starts: readonly string[];
  readonly resolved: readonly ResolvedPolicy[];
}

const caches = new WeakMap<PolicyBook, BookCache>();

function cacheOf(book: PolicyBook): BookCache {
  let cache = caches.get(book);
  if (cache === undefined) {
    const byRegion = new Map<string, PolicyVersion[]>();
    // The book is sorted by region, then date: each region's list comes out in date order.
    for (const version of book.versions) {
      const list = byRegion.get(version.regionCode) ?? [];
      list.push(version);
      byRegion.set(version.regionCode, list);
    }
    cache = { byRegion, startDate: bookStartDate(book), timelines: new Map() };
    caches.set(book, cache);
  }
  return cache;
}

function buildTimeline(cache: BookCache, regionCode6: string): Timeline {
  const chain = policyLevelsOf(regionCode6).map((level) => cache.byRegion.get(level) ?? []);
  const changes = new Set<string>([cache.startDate]);
  for (const versions of chain) {
    for (const v of versions) if (v.effectiveFrom > cache.startDate) changes.add(v.effectiveFrom);
  }
  const starts = [...changes].sort();
  return { starts, resolved: starts.map((date) => mergeChainAt(chain, date, regionCode6)) };
}

function mergeChainAt(chain: readonly (readonly PolicyVersion[])[], date: string, regionCode6: string): ResolvedPolicy {
  let merged: Partial<RegionPolicy> = {};
  const names: string[] = [];
  for (const versions of chain) {
    let latest: PolicyVersion | null = null;
    for (const version of versions) {
      if (version.effectiveFrom > date) break;
      merged = { ...merged, ...version.fields };
      latest = version;
    }
    if (latest !== null) names.push(latest.policyVersion);
  }
  const policyVersion = names.join('+');
  const policy = merged as RegionPolicy;
  assertCoherentPolicy(policy, `region ${regionCode6} on ${date} (${policyVersion})`);
  return Object.freeze({ policy: Object.freeze(policy), policyVersion });
}

/** Index of the last date <= `date` in ascending `starts`, or -1. */
function lastStartOnOrBefore(starts: readonly string[], date: string): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= date) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
