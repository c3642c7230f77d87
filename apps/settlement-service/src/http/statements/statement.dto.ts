import { ApiProperty } from '@nestjs/swagger';
import { STATEMENT_LINE_KINDS } from '@gongji/domain';
import { Matches } from 'class-validator';

/** Query of `GET /v1/accounts/{personId}/statement`. */
export class StatementQueryDto {
  @ApiProperty({ example: '2026-11', description: 'calendar month in UTC+8' })
  @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;
}

export class StatementLineDto {
  @ApiProperty({ format: 'date-time', description: 'when the money moved' })
  at: string;

  @ApiProperty({ enum: STATEMENT_LINE_KINDS })
  kind: string;

  @ApiProperty({ type: 'integer', format: 'int64', description: 'signed fen: money in positive, out negative' })
  amountFen: number;

  @ApiProperty({ type: 'integer', format: 'int64' })
  balanceAfterFen: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description:
      'what the line refers to: RELATIVE_CHARGE {beneficiaryId, relationship, chargeId, merchantId}; OWN_CHARGE ' +
      '{chargeId, merchantId}; REVERSAL {reversalId, chargeId, merchantId, beneficiaryId, relationship}; CREDIT ' +
      '{creditId, reason}; CONTRIBUTION {contributionId, beneficiaryId, relationship, scheme, period, payeeId}; ' +
      'CONTRIBUTION_REFUND {refundId, contributionId, beneficiaryId}',
  })
  ref: Record<string, string | null>;
}

/** Answer of `GET /v1/accounts/{personId}/statement` (contract 1.1 §3). */
export class StatementDto {
  @ApiProperty()
  personId: string;

  @ApiProperty({ example: '2026-11' })
  month: string;

  @ApiProperty({ type: 'integer', format: 'int64' })
  openingBalanceFen: number;

  @ApiProperty({ type: StatementLineDto, isArray: true })
  lines: StatementLineDto[];

  @ApiProperty({ type: 'integer', format: 'int64', description: 'openingBalanceFen + the sum of the lines' })
  closingBalanceFen: number;
}
