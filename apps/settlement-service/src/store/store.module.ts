import { Global, Module } from '@nestjs/common';
import { SettlementStore } from '../application/ports/settlement-store';
import { Database } from './database';
import { DatabaseModule } from './database.module';
import { DatabaseProbe } from './database-probe';
import { PgSettlementStore } from './settlement/pg-settlement-store';

/** PostgreSQL: the pool and migrations (DatabaseModule), the seam over it, and the ports it implements. */
@Global()
@Module({
  imports: [DatabaseModule],
  providers: [Database, DatabaseProbe, PgSettlementStore, { provide: SettlementStore, useExisting: PgSettlementStore }],
  exports: [Database, DatabaseProbe, SettlementStore],
})
export class StoreModule {}
