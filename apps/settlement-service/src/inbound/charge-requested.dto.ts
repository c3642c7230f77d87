import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CREDENTIAL_KINDS, ITEM_CATEGORIES } from '@gongji/domain';
import { IDENTIFIER, MAX_AMOUNT_FEN, IsContractTimestamp } from './contract-formats';

export class CredentialDto {
  @ApiProperty({ enum: CREDENTIAL_KINDS })
  @IsIn(CREDENTIAL_KINDS)
  kind: (typeof CREDENTIAL_KINDS)[number];

  @ApiProperty({ pattern: IDENTIFIER.source, description: 'whose credential was presented' })
  @Matches(IDENTIFIER)
  personId: string;
}

export class ChargeItemDto {
  @ApiProperty({ pattern: IDENTIFIER.source })
  @Matches(IDENTIFIER)
  lineId: string;

  @ApiProperty({ maxLength: 64 })
  @IsString()
  @MaxLength(64)
  code: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsIn(ITEM_CATEGORIES)
  category: (typeof ITEM_CATEGORIES)[number];

  @ApiProperty()
  @IsBoolean()
  inCatalog: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_AMOUNT_FEN })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_AMOUNT_FEN,
    description: 'paid by the pooled fund, 0..amountFen',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  fundPaidFen: number;
}

/** `pos.charges.v1` value, also the body of `POST /v1/quotes`. */
export class ChargeRequestedDto {
  @ApiProperty({ pattern: IDENTIFIER.source, description: 'idempotency key, unique across merchants' })
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

  @ApiProperty({ type: CredentialDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CredentialDto)
  credential: CredentialDto;

  @ApiProperty({ example: '2026-11-22T09:30:00+08:00', description: 'RFC 3339 with an offset' })
  @IsContractTimestamp()
  occurredAt: string;

  @ApiProperty({ type: [ChargeItemDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChargeItemDto)
  items: ChargeItemDto[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_AMOUNT_FEN, description: 'sum of items[].amountFen' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  totalFen: number;
}
