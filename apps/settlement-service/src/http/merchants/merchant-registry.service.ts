import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MerchantRegistrationDto } from './merchant-registration.dto';
import { MerchantViewDto } from './merchant-view.dto';

/** Registers providers; the settlement engine reads `merchants` to admit charges. */
@Injectable()
export class MerchantRegistry {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Insert or replace; `created` tells the two apart (201 vs 200). */
  async register(
    merchantId: string,
    dto: MerchantRegistrationDto,
  ): Promise<{ created: boolean; merchant: MerchantViewDto }> {
    const [row] = (await this.db.query(
      `INSERT INTO merchants (merchant_id, name, kind, region_code, designated)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id) DO UPDATE
         SET name = EXCLUDED.name, kind = EXCLUDED.kind, region_code = EXCLUDED.region_code,
             designated = EXCLUDED.designated, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [merchantId, dto.name, dto.kind, dto.regionCode, dto.designated],
    )) as { created: boolean }[];
    return {
      created: row.created,
      merchant: { merchantId, name: dto.name, kind: dto.kind, regionCode: dto.regionCode, designated: dto.designated },
    };
  }

  async exists(merchantId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM merchants WHERE merchant_id = $1`, [merchantId])) as unknown[];
    return rows.length > 0;
  }
}
