import { ApiProperty } from '@nestjs/swagger';
import { MERCHANT_KINDS } from './merchant-registration.dto';

/** A registered provider as the API shows it. */
export class MerchantViewDto {
  @ApiProperty()
  merchantId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: MERCHANT_KINDS })
  kind: (typeof MERCHANT_KINDS)[number];

  @ApiProperty({ example: '610113' })
  regionCode: string;

  @ApiProperty()
  designated: boolean;
}
