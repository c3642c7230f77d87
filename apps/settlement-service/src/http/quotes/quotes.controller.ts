import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { stringifyWithBigint } from '../../shared/json/json-with-bigint';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { validateCharge } from '../../inbound/decode-inbound-message';
import { ChargeQuotes } from '../../application/settlement/charge-quotes.service';
import { ApiInvalidRequest } from '../errors/api-error-responses';
import { ApplicationError } from '../../shared/errors/application-error';
import { ChargeQuoteDto } from './charge-quote.dto';

@ApiTags('quotes')
@Controller('v1/quotes')
export class QuotesController {
  constructor(private readonly quotes: ChargeQuotes) {}

  @Post()
  @HttpCode(200)
  @Access({ merchant: OWNER.bodyField('merchantId') })
  @ApiOperation({
    summary: 'Pre-settlement (预结算): the split a charge would get now (bureau; the merchant in the body)',
    description: 'Same engine and same reads as settlement; moves and holds nothing.',
  })
  @ApiBody({ type: ChargeRequestedDto })
  @ApiOkResponse({ type: ChargeQuoteDto })
  @ApiInvalidRequest()
  async quote(@Body() body: Record<string, unknown>): Promise<unknown> {
    // Validated with the Kafka consumer's rules (schema and arithmetic), not a second copy.
    const result = validateCharge(body);
    if ('problems' in result) {
      throw ApplicationError.invalidRequest(
        result.problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
        result.problems,
      );
    }
    return JSON.parse(stringifyWithBigint(await this.quotes.quote(result.charge)));
  }
}
