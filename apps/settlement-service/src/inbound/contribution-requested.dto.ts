import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { CONTRIBUTION_SCHEMES, RELATIONSHIPS } from '@gongji/domain';
import { IDENTIFIER, MAX_AMOUNT_FEN, IsContractTimestamp } from './contract-formats';

/** A contribution year "YYYY" or month "YYYY-MM". */
export const CONTRIBUTION_PERIOD = /^[0-9]{4}(-(0[1-9]|1[0-2]))?$/;

/**
 * `mutualaid.contribution-requests.v1` value and `POST /v1/contributions` body (contract 1.1 §1):
 * pay a relative's own contribution from the holder's personal account.
 */
export class ContributionRequestedDto {
  @ApiProperty({ pattern: IDENTIFIER.source, example: 'RM2027:140105000123:001', description: 'idempotency key' })
  @Matches(IDENTIFIER, { message: 'contributionId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  contributionId: string;

  @ApiProperty({ pattern: IDENTIFIER.source, description: 'the employee whose personal account pays' })
  @Matches(IDENTIFIER, { message: 'holderId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  holderId: string;

  @ApiProperty({
    pattern: IDENTIFIER.source,
    description: 'the relative whose contribution is paid (needs no binding)',
  })
  @Matches(IDENTIFIER, { message: 'beneficiaryId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  beneficiaryId: string;

  @ApiProperty({ enum: RELATIONSHIPS, description: 'what the beneficiary is to the holder' })
  @IsIn(RELATIONSHIPS)
  relationship: (typeof RELATIONSHIPS)[number];

  @ApiProperty({ enum: CONTRIBUTION_SCHEMES })
  @IsIn(CONTRIBUTION_SCHEMES)
  scheme: (typeof CONTRIBUTION_SCHEMES)[number];

  @ApiProperty({ example: '2027', description: 'the contribution year YYYY or month YYYY-MM' })
  @Matches(CONTRIBUTION_PERIOD, { message: 'period must be a year YYYY or a month YYYY-MM' })
  period: string;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1, maximum: MAX_AMOUNT_FEN, example: 40000 })
  @IsInt({ message: 'amountFen must be an integer number of fen' })
  @Min(1, { message: 'amountFen must be at least 1' })
  @Max(MAX_AMOUNT_FEN, { message: `amountFen must be at most ${MAX_AMOUNT_FEN}` })
  amountFen: number;

  @ApiProperty({ pattern: IDENTIFIER.source, example: 'TAX-1401', description: 'who collects it' })
  @Matches(IDENTIFIER, { message: 'payeeId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  payeeId: string;

  @ApiProperty({ example: '2026-11-22T09:30:00+08:00' })
  @IsContractTimestamp()
  requestedAt: string;
}
