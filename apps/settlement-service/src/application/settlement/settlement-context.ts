import type { PolicyBook } from '@gongji/domain';
import { SettlementState } from './settlement-state';

/** What every command handler of one transaction shares. */
export interface SettlementContext {
  readonly state: SettlementState;
  /** One clock reading per transaction: every outcome in it is stamped the same. */
  readonly now: Date;
  readonly authorizationTimeoutS: number;
  readonly chargeMaxAgeS: number;
  /** The region policy versions as of the transaction's start. */
  readonly policies: PolicyBook;
}
