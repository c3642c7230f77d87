import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator';
import { ApiInputAndId } from '../errors/api-error-responses';
import { ApplicationError } from '../../shared/errors/application-error';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { MerchantReconciliation } from '../../store/queries/merchant-reconciliation';
import { ReconciliationQueryDto } from './reconciliation-query.dto';
import { ReconciliationDto } from './reconciliation-view.dto';

@ApiTags('merchants')
@Controller('v1/merchants')
export class ReconciliationController {
  constructor(private readonly reconciliation: MerchantReconciliation) {}

  @Get(':merchantId/reconciliation')
  @ApiIdParam('merchantId', "the provider's code")
  @Access()
  @ApiOperation({
    summary: "A provider's settled and reversed totals for one UTC+8 day (bureau, auditor)",
    description:
      'settled: charges settled that day (including those reversed later), sums of their amounts; ' +
      'reversed: charges reversed that day, with the account money returned (their acctPayFen).',
  })
  @ApiOkResponse({ type: ReconciliationDto })
  @ApiInputAndId('merchant')
  async ofDay(
    @Param('merchantId', idParam('merchantId')) merchantId: string,
    @Query() query: ReconciliationQueryDto,
  ): Promise<ReconciliationDto> {
    const totals = await this.reconciliation.ofDay(merchantId, query.date);
    if (!totals) throw ApplicationError.notFound('no merchant with this id');
    return totals;
  }
}
