import { bindingRefusal, type BindingRefusal } from './binding-refusal';
import { fenToYuanString, MAX_CONTRACT_FEN, type Fen } from './money';
import type { ResolvedPolicy } from './region-policy';

export type LimitCheck = { readonly ok: true } | BindingRefusal;

const OK: LimitCheck = { ok: true };

/**
 * A binding's monthly limit under the HOLDER's policy (on binding and on PATCH). A limit must be
 * positive (0 would be a suspension in disguise; unbind or suspend instead) and at most 10^12;
 * null means "no limit" and is allowed only where the region sets no range.
 */
export function checkMonthlyLimit(holderPolicy: ResolvedPolicy, limitFen: Fen | null): LimitCheck {
  const range = holderPolicy.policy.monthlyLimitRangeFen;
  if (limitFen === null) {
    return range === null ? OK : outOfRange(`a monthly limit is required: ${describe(range.minFen, range.maxFen)}`);
  }
  if (limitFen <= 0n || limitFen > MAX_CONTRACT_FEN) return outOfRange('monthly limit must be 1 to 10^12 fen');
  if (range !== null && (limitFen < range.minFen || limitFen > range.maxFen)) {
    return outOfRange(`monthly limit must be ${describe(range.minFen, range.maxFen)}`);
  }
  return OK;
}

/**
 * The holder's one limit for all relatives together. Only regions that provide it (Tai'an) accept
 * a value; elsewhere a value is refused with LIMIT_OUT_OF_RANGE (and a value left over from a
 * policy change is ignored by the waterfall). null clears it and is always allowed.
 */
export function checkRelativesMonthlyLimit(holderPolicy: ResolvedPolicy, limitFen: Fen | null): LimitCheck {
  if (limitFen === null) return OK;
  if (!holderPolicy.policy.relativesMonthlyLimitAllowed) {
    return outOfRange(`region policy ${holderPolicy.policyVersion} has no total monthly limit for relatives`);
  }
  if (limitFen <= 0n || limitFen > MAX_CONTRACT_FEN) return outOfRange('total monthly limit must be 1 to 10^12 fen');
  return OK;
}

function outOfRange(message: string): BindingRefusal {
  return bindingRefusal('LIMIT_OUT_OF_RANGE', message);
}

function describe(minFen: Fen, maxFen: Fen): string {
  return `${minFen}..${maxFen} fen (${fenToYuanString(minFen)}..${fenToYuanString(maxFen)} yuan) in this region`;
}
