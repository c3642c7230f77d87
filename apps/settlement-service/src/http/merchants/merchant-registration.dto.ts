import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { REGION_CODE } from '../../inbound/contract-formats';

export const MERCHANT_KINDS = ['PHARMACY', 'CLINIC', 'HOSPITAL'] as const;

/** Body of `PUT /v1/merchants/{merchantId}`: the whole registration (a PUT replaces it). */
export class MerchantRegistrationDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '西安市某某大药房' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: MERCHANT_KINDS })
  @IsIn(MERCHANT_KINDS)
  kind: (typeof MERCHANT_KINDS)[number];

  @ApiProperty({ pattern: REGION_CODE.source, example: '610113', description: '6-digit administrative division code' })
  @Matches(REGION_CODE, { message: 'regionCode must be 6 digits' })
  regionCode: string;

  @ApiProperty({ description: 'designated provider (定点): allowed to settle with insurance' })
  @IsBoolean()
  designated: boolean;
}
