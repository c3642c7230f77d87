import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IDENTIFIER, IsContractTimestamp } from './contract-formats';

export const REVERSAL_REASONS = ['CUSTOMER_RETURN', 'TIMEOUT', 'OPERATOR_ERROR'] as const;

/** `pos.reversals.v1` value: undoes a whole charge. */
export class ReversalRequestedDto {
  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  reversalId: string;

  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  chargeId: string;

  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  merchantId: string;

  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  terminalId: string;

  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  patientId: string;

  @ApiProperty({ example: '2026-11-22T09:31:00+08:00' })
  @IsContractTimestamp()
  requestedAt: string;

  @ApiProperty({ enum: REVERSAL_REASONS })
  @IsIn(REVERSAL_REASONS)
  reason: (typeof REVERSAL_REASONS)[number];
}
