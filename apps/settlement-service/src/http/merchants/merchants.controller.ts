import { Body, Controller, HttpStatus, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { ApiInvalidRequest } from '../errors/api-error-responses';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { MerchantRegistrationDto } from './merchant-registration.dto';
import { MerchantRegistrations } from '../../application/merchants/merchant-registration.service';
import { MerchantViewDto } from './merchant-view.dto';

@ApiTags('merchants')
@Controller('v1/merchants')
export class MerchantsController {
  constructor(private readonly registrations: MerchantRegistrations) {}

  @Put(':merchantId')
  @ApiIdParam('merchantId', "the provider's code")
  @Access()
  @ApiOperation({ summary: 'Register or update a provider (bureau)' })
  @ApiCreatedResponse({ type: MerchantViewDto, description: 'registered' })
  @ApiOkResponse({ type: MerchantViewDto, description: 'updated' })
  @ApiInvalidRequest()
  async register(
    @Param('merchantId', idParam('merchantId')) merchantId: string,
    @Body() dto: MerchantRegistrationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MerchantViewDto> {
    const merchant = {
      merchantId,
      name: dto.name,
      kind: dto.kind,
      regionCode: dto.regionCode,
      designated: dto.designated,
    };
    const { created } = await this.registrations.register(merchant);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return merchant;
  }
}
