import { ApiProperty } from '@nestjs/swagger';
import { DAY_TOTAL_FIELDS } from '@gongji/domain';
import { FenField } from '../shared/fen-property';

export class DayFiguresDto {
  @ApiProperty({ type: 'integer' })
  settledCount: number;

  @FenField('acct_pay of the charges settled that day')
  acctPayFen: number;

  @FenField('acct_mulaid_pay of the charges settled that day')
  acctMulaidPayFen: number;

  @ApiProperty({ type: 'integer' })
  reversedCount: number;

  @FenField('account money returned by the reversals made that day')
  reversedFen: number;
}

/** Answer of `POST /v1/merchants/{merchantId}/reconciliations` (对总账, 3201). */
export class ReconciliationResultDto {
  @ApiProperty({ format: 'date' })
  date: string;

  @ApiProperty({ enum: ['MATCHED', 'MISMATCHED'] })
  result: 'MATCHED' | 'MISMATCHED';

  @ApiProperty({ type: DayFiguresDto, description: "the service's figures for the day" })
  ours: DayFiguresDto;

  @ApiProperty({ type: 'string', enum: DAY_TOTAL_FIELDS, isArray: true, description: 'the fields that differ' })
  differences: string[];
}

/** One line of `GET /v1/merchants/{merchantId}/settlements` (对明细账, 3202). */
export class SettlementLineDto {
  @ApiProperty()
  chargeId: string;

  @ApiProperty({ type: 'string', nullable: true })
  terminalId: string | null;

  @ApiProperty({ enum: ['SETTLED', 'REVERSED'], description: 'as it stands now' })
  status: string;

  @ApiProperty({ format: 'date-time' })
  settledAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  reversedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  reversalId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      'medfeeSumamtFen, fundPaySumamtFen, psnPartAmtFen, ineligibleFen, acctPayFen, acctMulaidPayFen, psnCashPayFen',
  })
  amounts: Record<string, number>;
}

export class SettlementLinesDto {
  @ApiProperty()
  merchantId: string;

  @ApiProperty({ format: 'date' })
  date: string;

  @ApiProperty({ type: SettlementLineDto, isArray: true })
  lines: SettlementLineDto[];
}
