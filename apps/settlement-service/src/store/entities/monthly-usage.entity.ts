import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from './bigint-column';

/** What one binding has paid in one UTC+8 calendar month: table `monthly_usage`. */
@Entity({ name: 'monthly_usage' })
export class MonthlyUsageEntity {
  @PrimaryColumn({ name: 'binding_id', type: 'text' })
  bindingId: string;

  /** 'YYYY-MM' in UTC+8. */
  @PrimaryColumn({ name: 'month_key', type: 'char', length: 7 })
  monthKey: string;

  @Column({ name: 'holder_id', type: 'text' })
  holderId: string;

  @Column({ name: 'used_fen', type: 'bigint', transformer: bigintTransformer })
  usedFen: bigint;
}
