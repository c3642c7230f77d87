import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class QuoteAmountsDto {
  @ApiProperty({ type: 'integer' }) medfeeSumamtFen: number;
  @ApiProperty({ type: 'integer' }) fundPaySumamtFen: number;
  @ApiProperty({ type: 'integer' }) psnPartAmtFen: number;
  @ApiProperty({ type: 'integer' }) ineligibleFen: number;
  @ApiProperty({ type: 'integer' }) acctPayFen: number;
  @ApiProperty({ type: 'integer' }) acctMulaidPayFen: number;
  @ApiProperty({ type: 'integer' }) psnCashPayFen: number;
}

class QuoteLegDto {
  @ApiProperty() accountId: string;
  @ApiProperty() holderId: string;
  @ApiProperty({ description: 'SELF or the binding relationship' }) relationship: string;
  @ApiProperty({ type: 'integer' }) amountFen: number;
  @ApiProperty({ type: 'integer' }) balanceAfterFen: number;
}

class QuoteAuthorizationDto {
  @ApiProperty() holderId: string;
  @ApiProperty({ type: 'integer' }) requestedFen: number;
}

class QuoteReasonDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

/** `POST /v1/quotes` answer: the split a charge would get now; nothing moved or held. */
export class ChargeQuoteDto {
  @ApiProperty({ enum: ['SETTLED', 'PENDING_AUTHORIZATION', 'REJECTED'] }) outcome: string;
  @ApiProperty() chargeId: string;
  @ApiProperty({ format: 'date-time' }) quotedAt: string;
  @ApiPropertyOptional({ type: QuoteAmountsDto }) amounts?: QuoteAmountsDto;
  @ApiPropertyOptional({ type: [QuoteLegDto] }) legs?: QuoteLegDto[];
  @ApiPropertyOptional({ type: 'integer', nullable: true }) balcFen?: number | null;
  @ApiPropertyOptional() policyVersion?: string;
  @ApiPropertyOptional({ type: QuoteAuthorizationDto, nullable: true }) authorization?: QuoteAuthorizationDto | null;
  @ApiPropertyOptional({ type: QuoteReasonDto, description: 'only when REJECTED' }) reason?: QuoteReasonDto;
}
