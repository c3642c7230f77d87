import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

/** Query of `GET /v1/merchants/{merchantId}/reconciliation`. */
export class ReconciliationQueryDto {
  @ApiProperty({ format: 'date', example: '2026-11-22', description: 'calendar day in China Standard Time (UTC+8)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date: string;
}
