/**
 * Region policies as versioned data (contract 1.1 §4): each version is a region's fields from
 * an effective date on. The national default ("00") starts with a full policy; every other
 * version holds only the fields it changes. How versions combine is `resolvePolicyAt`'s.
 */
import { isCalendarDate } from './china-date';
import type { RegionPolicyOverride } from './region-policy';
import {
  describeProblems,
  missingPolicyFields,
  validatePolicyFields,
  type PolicyFieldProblem,
} from './validate-policy-fields';

/** The national default's region code in a book. */
export const NATIONAL_REGION_CODE = '00';

export interface PolicyVersion {
  /** "00" (national), or 2, 4 or 6 digits: province, city, district. */
  readonly regionCode: string;
  /** First UTC+8 calendar date the version is in force, "YYYY-MM-DD". */
  readonly effectiveFrom: string;
  /** Stable id: `${regionCode}@${effectiveFrom}`. */
  readonly policyVersion: string;
  /** Where the rules come from, e.g. "seed 004 (Taiyuan, 2026-02-06)". */
  readonly source: string;
  /** The fields that differ from what this version refines; the first national version has all. */
  readonly fields: RegionPolicyOverride;
}

declare const policyBookBrand: unique symbol;

/**
 * Every region's policy versions, validated and frozen; only `policyBook` makes one (so
 * resolution may cache per book). Versions are sorted by region code, then effective date.
 */
export interface PolicyBook {
  readonly versions: readonly PolicyVersion[];
  readonly [policyBookBrand]: true;
}

const POLICY_REGION_CODE = /^(?:[0-9]{2}|[0-9]{4}|[0-9]{6})$/;

/** "00" or a 2-, 4- or 6-digit region prefix. */
export function isPolicyRegionCode(text: string): boolean {
  return POLICY_REGION_CODE.test(text);
}

export function policyVersionId(regionCode: string, effectiveFrom: string): string {
  return `${regionCode}@${effectiveFrom}`;
}

/** A version with its id made from its region and date. */
export function makePolicyVersion(version: Omit<PolicyVersion, 'policyVersion'>): PolicyVersion {
  return { ...version, policyVersion: policyVersionId(version.regionCode, version.effectiveFrom) };
}

/** Problems with one version taken alone (region code, date, id, source, fields). */
export function versionProblems(version: Omit<PolicyVersion, 'policyVersion'>): PolicyFieldProblem[] {
  const problems: PolicyFieldProblem[] = [];
  if (typeof version.regionCode !== 'string' || !isPolicyRegionCode(version.regionCode)) {
    problems.push({ field: 'regionCode', problem: 'must be "00" (national) or 2, 4 or 6 digits' });
  }
  if (typeof version.effectiveFrom !== 'string' || !isCalendarDate(version.effectiveFrom)) {
    problems.push({ field: 'effectiveFrom', problem: 'must be a calendar date YYYY-MM-DD' });
  }
  if (typeof version.source !== 'string' || version.source.trim().length === 0) {
    problems.push({ field: 'source', problem: 'must name where the rules come from' });
  }
  problems.push(...validatePolicyFields(version.fields));
  return problems;
}

/**
 * The book of these versions, or a fault (RangeError naming every problem): a bad version, two
 * versions of one region on one date, no national version, or an earliest national version that
 * is not a full policy.
 */
export function policyBook(versions: readonly PolicyVersion[]): PolicyBook {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const version of versions) {
    const id = String(version.policyVersion);
    const own = versionProblems(version);
    if (own.length > 0) problems.push(`${id}: ${describeProblems(own)}`);
    else if (id !== policyVersionId(version.regionCode, version.effectiveFrom)) {
      problems.push(`${id}: policyVersion must be ${policyVersionId(version.regionCode, version.effectiveFrom)}`);
    }
    if (ids.has(id)) problems.push(`${id}: appears more than once`);
    ids.add(id);
  }
  const national = versions
    .filter((v) => v.regionCode === NATIONAL_REGION_CODE)
    .sort((a, b) => compareStrings(a.effectiveFrom, b.effectiveFrom));
  if (national.length === 0) problems.push('no national ("00") version');
  else {
    const missing = missingPolicyFields(national[0].fields);
    if (missing.length > 0) {
      problems.push(`${national[0].policyVersion}: the earliest national version lacks ${missing.join(', ')}`);
    }
  }
  if (problems.length > 0) throw new RangeError(`policy book: ${problems.join(' | ')}`);

  const sorted = versions
    .map(frozenVersion)
    .sort((a, b) => compareStrings(a.regionCode, b.regionCode) || compareStrings(a.effectiveFrom, b.effectiveFrom));
  return Object.freeze({ versions: Object.freeze(sorted) }) as PolicyBook;
}

/** The book with `version` added, replacing the version of the same region and date if any. */
export function withPolicyVersion(book: PolicyBook, version: PolicyVersion): PolicyBook {
  return policyBook([...book.versions.filter((v) => v.policyVersion !== version.policyVersion), version]);
}

/** The earliest national version's date: the book cannot answer for any date before it. */
export function bookStartDate(book: PolicyBook): string {
  // Sorted by region code: "00" sorts first, and there is always one.
  return book.versions[0].effectiveFrom;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy nobody can change under the book's cache (arrays and the range frozen too). */
function frozenVersion(version: PolicyVersion): PolicyVersion {
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(version.fields)) {
    if (value === undefined) continue;
    fields[field] = Array.isArray(value)
      ? Object.freeze([...(value as unknown[])])
      : typeof value === 'object' && value !== null
        ? Object.freeze({ ...value })
        : value;
  }
  return Object.freeze({
    regionCode: version.regionCode,
    effectiveFrom: version.effectiveFrom,
    policyVersion: version.policyVersion,
    source: version.source,
    fields: Object.freeze(fields) as RegionPolicyOverride,
  });
}
