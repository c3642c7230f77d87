import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type MerchantKind = 'PHARMACY' | 'CLINIC' | 'HOSPITAL';

/** A designated (or formerly designated) provider: table `merchants`. */
@Entity({ name: 'merchants' })
export class MerchantEntity {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: MerchantKind;

  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'boolean' })
  designated: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
