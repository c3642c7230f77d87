import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IDENTIFIER } from '../../inbound/contract-formats';

/** Body of `POST /v1/contributions/{contributionId}/refunds`. */
export class ContributionRefundDto {
  @ApiProperty({ pattern: IDENTIFIER.source, description: 'idempotency key of the refund' })
  @Matches(IDENTIFIER, { message: 'refundId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  refundId: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'paid twice through the tax bureau' })
  @IsString()
  @Length(1, 200)
  reason: string;
}
