import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IDENTIFIER } from '../../inbound/contract-formats';
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

/** Body of `PUT /v1/accounts/{personId}/reserve`. */
export class ReserveDto {
  @FenProperty({
    min: 0,
    example: 20000,
    description:
      "what relatives' draws must leave untouched (the owner's own spending ignores it); may exceed the balance",
  })
  reserveFen: number;
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
