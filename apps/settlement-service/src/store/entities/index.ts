import { AccountEntity } from './account.entity';
import { BindingEntity } from './binding.entity';
import { CreditEntity } from './credit.entity';
import { MerchantEntity } from './merchant.entity';
import { MonthlyUsageEntity } from './monthly-usage.entity';
import { PersonEntity } from './person.entity';

export { AccountEntity, BindingEntity, CreditEntity, MerchantEntity, MonthlyUsageEntity, PersonEntity };

/**
 * TypeORM entity classes, registered here (no globs) so the compiled app and the tests agree.
 * They map tables of the initial migration; the schema itself is only ever changed by migrations.
 * Charges, legs, authorizations and reversals are read and written with SQL by the settlement engine.
 */
export const ENTITIES: Function[] = [
  MerchantEntity,
  PersonEntity,
  AccountEntity,
  BindingEntity,
  MonthlyUsageEntity,
  CreditEntity,
];
