import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { RequestOutcomeAsJson1764000000000 } from './1764000000000-request-outcome-as-json';
import { ChargeAmountsAsColumns1764200000000 } from './1764200000000-charge-amounts-as-columns';
import { DeadLettersAndProbe1764900000000 } from './1764900000000-dead-letters-and-probe';
import { SettlementReadPeople1765000000000 } from './1765000000000-settlement-read-people';
import { RegionPolicyVersions1765100000000 } from './1765100000000-region-policy-versions';
import { Contributions1765200000000 } from './1765200000000-contributions';
import { OutboxRoutingHeaders1765300000000 } from './1765300000000-outbox-routing-headers';
import { ReversalsByMerchantDay1765400000000 } from './1765400000000-reversals-by-merchant-day';
import { LedgerGuards1765500000000 } from './1765500000000-ledger-guards';
import { JournalLinesBalancedPerStatement1765600000000 } from './1765600000000-journal-lines-balanced-per-statement';
import { JournalEntriesWithLinesPerStatement1765700000000 } from './1765700000000-journal-entries-with-lines-per-statement';

/** Listed explicitly (no glob) so the compiled service and tsx find the same migrations. */
export const MIGRATIONS = [
  InitialSchema1763900000000,
  RequestOutcomeAsJson1764000000000,
  ChargeAmountsAsColumns1764200000000,
  DeadLettersAndProbe1764900000000,
  SettlementReadPeople1765000000000,
  RegionPolicyVersions1765100000000,
  Contributions1765200000000,
  OutboxRoutingHeaders1765300000000,
  ReversalsByMerchantDay1765400000000,
  LedgerGuards1765500000000,
  JournalLinesBalancedPerStatement1765600000000,
  JournalEntriesWithLinesPerStatement1765700000000,
];
