/**
 * Whether a new region policy version may join the book (PUT /v1/region-policies/{regionCode}/
 * versions/{effectiveFrom}): the problems to answer 400 with, field by field, or none. Beyond
 * the version's own fields, it must not be dated in the past, and the book it makes must still
 * resolve every region to a coherent policy on every date (a national version that becomes the
 * earliest one must be a full policy).
 */
import {
  bookStartDate,
  makePolicyVersion,
  NATIONAL_REGION_CODE,
  versionProblems,
  withPolicyVersion,
  type PolicyBook,
  type PolicyVersion,
} from './policy-book';
import { resolvePolicyAt } from './resolve-policy-at';
import { missingPolicyFields, type PolicyFieldProblem } from './validate-policy-fields';

export type PolicyVersionCandidate = Omit<PolicyVersion, 'policyVersion'>;

/** `today` is the UTC+8 calendar date now ("YYYY-MM-DD"). */
export function checkPolicyVersion(
  book: PolicyBook,
  candidate: PolicyVersionCandidate,
  today: string,
): PolicyFieldProblem[] {
  const problems = versionProblems(candidate);
  if (problems.length > 0) return problems;
  if (candidate.effectiveFrom < today) {
    return [{ field: 'effectiveFrom', problem: `must not be in the past (today is ${today})` }];
  }
  if (candidate.regionCode === NATIONAL_REGION_CODE && candidate.effectiveFrom <= bookStartDate(book)) {
    const missing = missingPolicyFields(candidate.fields);
    if (missing.length > 0) {
      return missing.map((field) => ({
        field,
        problem: 'is required: the earliest national version must be a full policy',
      }));
    }
  }
  assertResolvesEverywhere(withPolicyVersion(book, makePolicyVersion(candidate)));
  return [];
}

/**
 * Resolves, on each date where anything changes, one district under every region the book
 * names: the merge asserts coherence, so an incoherent result is a fault here rather than on a
 * charge later. (Fields are checked one by one, so this only fails on a bug.)
 */
function assertResolvesEverywhere(book: PolicyBook): void {
  const dates = [...new Set(book.versions.map((v) => v.effectiveFrom))].filter((d) => d >= bookStartDate(book));
  for (const version of book.versions) {
    const district = version.regionCode === NATIONAL_REGION_CODE ? '000000' : version.regionCode.padEnd(6, '0');
    for (const date of dates) resolvePolicyAt(book, district, date);
  }
}
