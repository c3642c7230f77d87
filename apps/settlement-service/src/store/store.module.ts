import { Global, Module } from '@nestjs/common';
import { PolicyVersionStore } from '../application/ports/policy-version-store';
import { RegistryStore } from '../application/ports/registry-store';
import { SettlementStore } from '../application/ports/settlement-store';
import { Database } from './database';
import { DatabaseModule } from './database.module';
import { DatabaseProbe } from './database-probe';
import { AccountViews } from './queries/account-views';
import { BindingViews } from './queries/binding-views';
import { ContributionViews } from './queries/contribution-views';
import { AccountStatements } from './queries/account-statements';
import { MerchantReconciliation } from './queries/merchant-reconciliation';
import { MerchantSettlementLines } from './queries/merchant-settlement-lines';
import { PgPolicyVersionStore } from './region-policies/pg-policy-version-store';
import { PgRegistryStore } from './registry/pg-registry-store';
import { PgSettlementStore } from './settlement/pg-settlement-store';

const QUERIES = [
  AccountViews,
  AccountStatements,
  BindingViews,
  ContributionViews,
  MerchantReconciliation,
  MerchantSettlementLines,
];

/**
 * PostgreSQL: the pool and migrations (DatabaseModule), the seam over it (Database), the ports it
 * implements for the application, and the read-only queries the HTTP API answers with.
 */
@Global()
@Module({
  imports: [DatabaseModule],
  providers: [
    Database,
    DatabaseProbe,
    PgSettlementStore,
    PgRegistryStore,
    PgPolicyVersionStore,
    { provide: SettlementStore, useExisting: PgSettlementStore },
    { provide: RegistryStore, useExisting: PgRegistryStore },
    { provide: PolicyVersionStore, useExisting: PgPolicyVersionStore },
    ...QUERIES,
  ],
  exports: [Database, DatabaseProbe, SettlementStore, RegistryStore, PolicyVersionStore, ...QUERIES],
})
export class StoreModule {}
