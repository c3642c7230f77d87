import { ApiProperty } from '@nestjs/swagger';
import { FenField } from '../shared/fen-property';

export class SettledTotalsDto {
  @ApiProperty({ type: 'integer', description: 'charges settled that day (also those reversed later)' })
  count: number;

  @FenField('sum of medfee_sumamt (total medical fees)')
  medfeeSumamtFen: number;

  @FenField('sum of fund_pay_sumamt (pooled fund)')
  fundPaySumamtFen: number;

  @FenField('sum of psn_part_amt (personal share)')
  psnPartAmtFen: number;

  @FenField('sum of acct_pay (all personal-account payments)')
  acctPayFen: number;

  @FenField("sum of acct_mulaid_pay (of acct_pay, from relatives' accounts)")
  acctMulaidPayFen: number;

  @FenField('sum of psn_cash_pay (cash at the counter)')
  psnCashPayFen: number;
}

export class ReversedTotalsDto {
  @ApiProperty({ type: 'integer', description: 'settled charges reversed that day (whenever they were settled)' })
  count: number;

  @FenField('account money returned by those reversals (their acct_pay)')
  reversedFen: number;
}

/** Answer of `GET /v1/merchants/{merchantId}/reconciliation` (对总账). */
export class ReconciliationDto {
  @ApiProperty()
  merchantId: string;

  @ApiProperty({ format: 'date', description: 'the UTC+8 calendar day' })
  date: string;

  @ApiProperty({ type: SettledTotalsDto })
  settled: SettledTotalsDto;

  @ApiProperty({ type: ReversedTotalsDto })
  reversed: ReversedTotalsDto;
}
