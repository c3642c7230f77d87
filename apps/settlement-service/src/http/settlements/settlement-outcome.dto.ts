import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Documentation of `GET /v1/settlements/{chargeId}`: the `data` of the charge's current event
 * (charge.settled, charge.rejected, charge.authorization-requested or charge.reversed), exactly as
 * published on settlement.events.v1; see docs/asyncapi.yaml for each shape.
 */
export class SettlementOutcomeDto {
  @ApiProperty()
  chargeId: string;

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
