import { ApiProperty } from '@nestjs/swagger';
import { FenField } from '../shared/fen-property';
import { CREDIT_REASONS } from './account-request.dto';

/** Answer of `GET /v1/accounts/{personId}` and of the account settings. */
export class AccountViewDto {
  @ApiProperty()
  personId: string;

  @ApiProperty()
  accountId: string;

  @FenField('money in the account')
  balanceFen: number;

  @FenField('promised to pending authorizations; nobody may spend it')
  heldFen: number;

  @FenField(
    'what the owner can spend now on their own care: balanceFen - heldFen (the reserve does not apply to the owner)',
  )
  availableFen: number;

  @FenField(
    "what relatives' draws must leave untouched now: relatives may draw at most balanceFen - heldFen - reserveFen " +
      '(with a reserve ratio, that share of the balance, rounded up)',
  )
  reserveFen: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 100,
    nullable: true,
    description: 'the reserve as a share of the balance at each draw (contract 1.1 §4); null for a fixed reserveFen',
  })
  reserveRatioPercent: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 100,
    nullable: true,
    description: "the share the owner's region advises keeping (Shaanxi: 20); advice only, not enforced unless set",
  })
  suggestedReserveRatioPercent: number | null;

  @FenField("one monthly limit for all relatives together (where the holder's region provides it); null = none", true)
  relativesMonthlyLimitFen: number | null;
}

/** Answer of `POST /v1/accounts/{personId}/credits`: 201 when applied, 200 when it is a retry. */
export class CreditReceiptDto {
  @ApiProperty()
  creditId: string;

  @ApiProperty()
  personId: string;

  @ApiProperty()
  accountId: string;

  @FenField('money paid in')
  amountFen: number;

  @ApiProperty({ enum: CREDIT_REASONS })
  reason: (typeof CREDIT_REASONS)[number];

  @FenField('the balance right after this credit')
  balanceAfterFen: number;
}
