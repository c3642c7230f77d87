import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IDENTIFIER, IsContractTimestamp } from './contract-formats';

export const DECISIONS = ['APPROVE', 'DECLINE'] as const;

/** `mutualaid.authorization-decisions.v1` value: the holder's answer to a draw above the limit. */
export class AuthorizationDecisionDto {
  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  authorizationId: string;

  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  holderId: string;

  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision: (typeof DECISIONS)[number];

  @ApiProperty({ example: '2026-11-22T09:30:40+08:00' })
  @IsContractTimestamp()
  decidedAt: string;
}
