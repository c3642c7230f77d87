import { Global, Module } from '@nestjs/common';
import { AccountCredits } from './accounts/account-credits.service';
import { PersonalAccounts } from './accounts/personal-accounts.service';
import { BindingChanges } from './bindings/binding-changes.service';
import { Contributions } from './contributions/contributions.service';
import { BindingEnrollment } from './bindings/binding-enrollment.service';
import { FundingOrder } from './bindings/funding-order.service';
import { MerchantRegistrations } from './merchants/merchant-registration.service';
import { PersonRegistration } from './persons/person-registration.service';
import { PolicyBooks } from './region-policies/policy-books.service';
import { RegionPolicyVersions } from './region-policies/region-policy-versions.service';
import { AuthorizationDecisions } from './settlement/authorization-decisions.service';
import { AuthorizationExpiry } from './settlement/authorization-expiry.service';
import { ChargeQuotes } from './settlement/charge-quotes.service';
import { HttpSettlement } from './settlement/http-settlement.service';
import { SettlementProcessor } from './settlement/settlement-processor';

const USE_CASES = [
  SettlementProcessor,
  AuthorizationExpiry,
  AuthorizationDecisions,
  ChargeQuotes,
  HttpSettlement,
  PolicyBooks,
  RegionPolicyVersions,
  PersonRegistration,
  MerchantRegistrations,
  PersonalAccounts,
  AccountCredits,
  BindingEnrollment,
  BindingChanges,
  FundingOrder,
  Contributions,
];

/**
 * The application layer: one service per use case, for Kafka and HTTP alike. It reaches the
 * database and the publishers only through the ports in application/ports (bound in the store
 * and messaging modules).
 */
@Global()
@Module({ providers: USE_CASES, exports: USE_CASES })
export class ApplicationModule {}
