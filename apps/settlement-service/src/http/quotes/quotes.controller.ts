import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Access } from '../../auth/access.decorator';
import { AppConfig } from '../../config/app-config';
import { stringifyWithBigint } from '../../shared/json/json-with-bigint';
import { APP_CONFIG } from '../../config/config.module';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { validateCharge } from '../../inbound/decode-inbound-message';
import { quoteCharge } from '../../application/settlement/quote-charge';
import { ApiInvalidRequest } from '../errors/api-error-responses';
import { ApiError } from '../errors/api-error';
import { ChargeQuoteDto } from './charge-quote.dto';

@ApiTags('quotes')
@Controller('v1/quotes')
export class QuotesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Access()
  @ApiOperation({
    summary: 'Pre-settlement (预结算): the split a charge would get now (bureau)',
    description: 'Same engine and same reads as settlement; moves and holds nothing.',
  })
  @ApiBody({ type: ChargeRequestedDto })
  @ApiOkResponse({ type: ChargeQuoteDto })
  @ApiInvalidRequest()
  async quote(@Body() body: Record<string, unknown>): Promise<unknown> {
    // Validated with the Kafka consumer's rules (schema and arithmetic), not a second copy.
    const result = validateCharge(body);
    if ('problems' in result) {
      throw ApiError.invalidRequest(result.problems.map((p) => `${p.field}: ${p.problem}`).join('; '), result.problems);
    }
    const quote = await this.db.transaction('REPEATABLE READ', (tx) =>
      quoteCharge(tx, result.charge, new Date(), { chargeMaxAgeS: this.config.chargeMaxAgeS }),
    );
    return JSON.parse(stringifyWithBigint(quote));
  }
}
