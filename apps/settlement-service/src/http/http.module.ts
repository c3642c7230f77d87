import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AccountsController } from './accounts/accounts.controller';
import { AuthorizationDecisionsController } from './authorizations/authorization-decisions.controller';
import { BindingsController } from './bindings/bindings.controller';
import { ContributionsController } from './contributions/contributions.controller';
import { PersonBindingsController } from './bindings/person-bindings.controller';
import { MerchantsController } from './merchants/merchants.controller';
import { PersonsController } from './persons/persons.controller';
import { QuotesController } from './quotes/quotes.controller';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { RegionPoliciesController } from './region-policies/region-policies.controller';
import { SettlementsController } from './settlements/settlements.controller';
import { StatementsController } from './statements/statements.controller';

/**
 * The HTTP API of the contract (`/v1/...`): controllers validate, authorize and call an
 * application service (writes) or a store query (reads). AuthModule guards every route.
 */
@Module({
  imports: [AuthModule],
  controllers: [
    MerchantsController,
    ReconciliationController,
    PersonsController,
    PersonBindingsController,
    AccountsController,
    StatementsController,
    BindingsController,
    SettlementsController,
    QuotesController,
    AuthorizationDecisionsController,
    RegionPoliciesController,
    ContributionsController,
  ],
})
export class HttpApiModule {}
