import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, Matches } from 'class-validator';
import { RELATIONSHIPS, type Relationship } from '@gongji/domain';
import { IDENTIFIER } from '../../inbound/contract-formats';
import { FenProperty } from '../shared/fen-property';

/** Body of `POST /v1/bindings`. */
export class CreateBindingDto {
  @ApiProperty({ pattern: IDENTIFIER.source, description: 'employee-insured person whose account pays' })
  @Matches(IDENTIFIER, { message: 'holderId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  holderId: string;

  @ApiProperty({ pattern: IDENTIFIER.source, description: 'relative who may draw on it' })
  @Matches(IDENTIFIER, { message: 'beneficiaryId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  beneficiaryId: string;

  @ApiProperty({ enum: RELATIONSHIPS, description: 'what the beneficiary is to the holder' })
  @IsIn(RELATIONSHIPS)
  relationship: Relationship;

  @FenProperty({
    min: 1,
    nullable: true,
    optional: true,
    example: 50000,
    description:
      "most the beneficiary may draw per UTC+8 month; null or absent = no limit, allowed only where the holder's region sets no range",
  })
  monthlyLimitFen?: number | null;
}

/** Body of `PATCH /v1/bindings/{bindingId}`. */
export class ChangeBindingLimitDto {
  @FenProperty({
    min: 1,
    nullable: true,
    example: 80000,
    description: "new monthly limit; null = no limit where the holder's region sets no range (the key is required)",
  })
  monthlyLimitFen: number | null;
}

/** Body of `PUT /v1/persons/{personId}/funding-order`. */
export class FundingOrderDto {
  @ApiProperty({
    type: [String],
    maxItems: 200,
    description: "exactly the beneficiary's non-revoked bindings, first to be drawn first",
  })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique({ message: 'bindingIds must not repeat a binding' })
  @Matches(IDENTIFIER, { each: true, message: 'each bindingId must be 1 to 64 characters of [A-Za-z0-9._:-]' })
  bindingIds: string[];
}
