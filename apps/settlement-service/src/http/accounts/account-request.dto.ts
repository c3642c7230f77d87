import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IDENTIFIER, MAX_AMOUNT_FEN } from '../../inbound/contract-formats';
import { FenProperty } from '../shared/fen-property';

export const CREDIT_REASONS = ['MONTHLY_CONTRIBUTION', 'ADJUSTMENT'] as const;

/** Body of `POST /v1/accounts/{personId}/credits`. */
export class CreditDto {
  @ApiProperty({
    pattern: IDENTIFIER.source,
    description: 'idempotency key: a retry with the same content is answered again, not applied twice',
  })
  @Matches(IDENTIFIER, { message: 'creditId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  creditId: string;

  @FenProperty({ min: 1, example: 35000, description: 'money paid into the account' })
  amountFen: number;

  @ApiProperty({ enum: CREDIT_REASONS })
  @IsIn(CREDIT_REASONS)
  reason: (typeof CREDIT_REASONS)[number];
}

/**
 * Body of `PUT /v1/accounts/{personId}/reserve`: exactly one of a fixed `reserveFen` or a
 * `reserveRatioPercent` (contract 1.1 §4); the one set replaces the other.
 */
export class ReserveDto {
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: MAX_AMOUNT_FEN,
    required: false,
    example: 20000,
    description:
      "what relatives' draws must leave untouched (the owner's own spending ignores it); may exceed the balance",
  })
  @ValidateIf((o: ReserveDto) => o.reserveFen !== undefined || o.reserveRatioPercent === undefined)
  @IsInt({ message: 'reserveFen must be an integer number of fen' })
  @Min(0, { message: 'reserveFen must not be negative' })
  @Max(MAX_AMOUNT_FEN, { message: `reserveFen must be at most ${MAX_AMOUNT_FEN}` })
  reserveFen?: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 100,
    required: false,
    example: 20,
    description: 'instead of reserveFen: that share of the balance, at the moment of each draw, is left untouched',
  })
  @ValidateIf((o: ReserveDto) => o.reserveRatioPercent !== undefined || o.reserveFen === undefined)
  @IsInt({ message: 'reserveRatioPercent must be an integer from 0 to 100' })
  @Min(0, { message: 'reserveRatioPercent must be an integer from 0 to 100' })
  @Max(100, { message: 'reserveRatioPercent must be an integer from 0 to 100' })
  reserveRatioPercent?: number;
}

/** Body of `PUT /v1/accounts/{personId}/relatives-limit`. */
export class RelativesLimitDto {
  @FenProperty({
    min: 1,
    nullable: true,
    example: 100000,
    description:
      "one monthly limit for all relatives' draws together, where the holder's region provides it (e.g. Tai'an 3709xx); " +
      'null clears it (the key is required)',
  })
  monthlyLimitFen: number | null;
}
