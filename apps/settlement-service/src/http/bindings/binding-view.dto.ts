import { ApiProperty } from '@nestjs/swagger';
import { RELATIONSHIPS, type BindingStatus, type Relationship } from '@gongji/domain';
import { FenField } from '../shared/fen-property';

export const BINDING_STATUSES: readonly BindingStatus[] = ['ACTIVE', 'SUSPENDED', 'REVOKED'];

/** Answer of `POST /v1/bindings` (201). */
export class BindingCreatedDto {
  @ApiProperty({ example: 'bnd-6f1c2d3e-8a47-4e0b-9b55-0c2f8f4a1d3e' })
  bindingId: string;

  @ApiProperty({ enum: BINDING_STATUSES })
  status: BindingStatus;
}

/** One binding with this month's usage. */
export class BindingViewDto {
  @ApiProperty()
  bindingId: string;

  @ApiProperty()
  holderId: string;

  @ApiProperty()
  beneficiaryId: string;

  @ApiProperty({ enum: RELATIONSHIPS })
  relationship: Relationship;

  @FenField('most the beneficiary may draw per UTC+8 month; null = no limit', true)
  monthlyLimitFen: number | null;

  @ApiProperty({
    enum: BINDING_STATUSES,
    description:
      'stored status; an ACTIVE binding still pays nothing while the holder balance is 0 or either side is not insured',
  })
  status: BindingStatus;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'ENROLLMENT_LAPSED',
    description:
      'why SUSPENDED (ENROLLMENT_LAPSED) or REVOKED (REVOKED_BY_HOLDER, REVOKED_BY_BUREAU); null while ACTIVE',
  })
  statusReason: string | null;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: "position among the beneficiary's funding accounts (1 = first)",
  })
  paymentOrder: number;

  @FenField('drawn through this binding in the current UTC+8 calendar month')
  usedThisMonthFen: number;
}

/** Answer of `GET /v1/persons/{personId}/bindings`; revoked bindings are left out. */
export class PersonBindingsDto {
  @ApiProperty()
  personId: string;

  @ApiProperty({ example: '2026-11', description: 'the UTC+8 month usedThisMonthFen counts' })
  month: string;

  @ApiProperty({ type: [BindingViewDto], description: 'bindings where the person is the holder, oldest first' })
  asHolder: BindingViewDto[];

  @ApiProperty({
    type: [BindingViewDto],
    description: 'bindings where the person is the beneficiary, in payment order',
  })
  asBeneficiary: BindingViewDto[];
}

/** Answer of `PUT /v1/persons/{personId}/funding-order`. */
export class FundingOrderViewDto {
  @ApiProperty()
  personId: string;

  @ApiProperty({ type: [String], description: 'the non-revoked bindings in payment order' })
  bindingIds: string[];
}
