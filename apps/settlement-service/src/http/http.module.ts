import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuthorizationDecisionsController } from './authorizations/authorization-decisions.controller';
import { QuotesController } from './quotes/quotes.controller';
import { AccountCredits } from './accounts/account-credits.service';
import { AccountsController } from './accounts/accounts.controller';
import { PersonalAccounts } from './accounts/personal-accounts.service';
import { BindingChanges } from './bindings/binding-changes.service';
import { BindingEnrollment } from './bindings/binding-enrollment.service';
import { BindingViews } from './bindings/binding-views';
import { BindingsController } from './bindings/bindings.controller';
import { FundingOrder } from './bindings/funding-order.service';
import { PersonBindingsController } from './bindings/person-bindings.controller';
import { MerchantRegistry } from './merchants/merchant-registry.service';
import { MerchantsController } from './merchants/merchants.controller';
import { PersonRegistry } from './persons/person-registry.service';
import { PersonsController } from './persons/persons.controller';
import { MerchantReconciliation } from './reconciliation/merchant-reconciliation.service';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { SettlementOutcomes } from './settlements/settlement-outcomes.service';
import { SettlementsController } from './settlements/settlements.controller';

/**
 * HTTP API of the contract (`/v1/...`) for bureau staff, holders and auditors: registration,
 * accounts, bindings, quotes, authorization decisions, outcomes and reconciliation. Quotes and
 * decisions run on the settlement engine and processor. AuthModule guards every route of the app.
 */
@Module({
  imports: [AuthModule],
  controllers: [
    MerchantsController,
    ReconciliationController,
    PersonsController,
    PersonBindingsController,
    AccountsController,
    BindingsController,
    SettlementsController,
    QuotesController,
    AuthorizationDecisionsController,
  ],
  providers: [
    MerchantRegistry,
    MerchantReconciliation,
    PersonRegistry,
    PersonalAccounts,
    AccountCredits,
    BindingEnrollment,
    BindingChanges,
    BindingViews,
    FundingOrder,
    SettlementOutcomes,
  ],
})
export class HttpApiModule {}
