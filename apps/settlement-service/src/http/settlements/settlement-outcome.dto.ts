import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** 202 of the settlement endpoints: not final yet (contract 1.1 §2). */
export class PendingSettlementDto {
  @ApiPropertyOptional({ description: 'for a charge' })
  chargeId?: string;

  @ApiPropertyOptional({ description: 'for a reversal' })
  reversalId?: string;

  @ApiProperty({
    enum: ['RECEIVED', 'PENDING_AUTHORIZATION'],
    description: 'RECEIVED: on the inbound topic, not yet settled; PENDING_AUTHORIZATION: waiting for a holder',
  })
  status: string;
}

/**
 * Documentation of `GET /v1/settlements/{chargeId}`: the `data` of the charge's current event
 * (charge.settled, charge.rejected, charge.authorization-requested or charge.reversed), exactly as
 * published on settlement.events.v1; see docs/asyncapi.yaml for each shape.
 */
export class SettlementOutcomeDto {
  @ApiProperty()
  chargeId: string;

  @ApiProperty({
    enum: ['SETTLED', 'REJECTED', 'REVERSED', 'PENDING_AUTHORIZATION'],
    description: "the charge's state (a reversal's answer: REVERSED, or REJECTED for a refused reversal)",
  })
  status: string;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  patientId?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      'charge.settled: medfeeSumamtFen, fundPaySumamtFen, psnPartAmtFen, ineligibleFen, acctPayFen, acctMulaidPayFen, psnCashPayFen',
  })
  amounts?: Record<string, number>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'charge.settled / charge.reversed: legs in payment order',
  })
  legs?: object[];

  @ApiPropertyOptional({
    type: 'object',
    properties: { code: { type: 'string' }, message: { type: 'string' } },
    description: 'charge.rejected: why',
  })
  reason?: { code: string; message: string };
}
