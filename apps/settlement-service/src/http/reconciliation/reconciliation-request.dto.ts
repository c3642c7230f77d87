import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsInt, Matches, Max, Min } from 'class-validator';
import { FenField } from '../shared/fen-property';

const MAX_COUNT = 100_000_000;
const MAX_FEN = 1e15;

/** Body of `POST /v1/merchants/{merchantId}/reconciliations`: the merchant's own figures (3201). */
export class ReconciliationRequestDto {
  @ApiProperty({ format: 'date', example: '2026-11-22', description: 'calendar day in UTC+8' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'charges settled that day, reversed later or not' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  settledCount: number;

  @FenField('sum of their acct_pay (all personal-account money)')
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  acctPayFen: number;

  @FenField("sum of their acct_mulaid_pay (of it, relatives' money)")
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  acctMulaidPayFen: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'reversals that day of settled charges' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  reversedCount: number;

  @FenField('account money those reversals returned')
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  reversedFen: number;
}
