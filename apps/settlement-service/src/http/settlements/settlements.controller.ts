import { Controller, Get, Param } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator';
import { ApiInputAndId } from '../errors/api-error-responses';
import { ApplicationError } from '../../shared/errors/application-error';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { SettlementOutcomeDto } from './settlement-outcome.dto';
import { SettlementOutcomes } from '../../store/queries/settlement-outcomes';

@ApiTags('settlements')
@ApiExtraModels(SettlementOutcomeDto)
@Controller('v1/settlements')
export class SettlementsController {
  constructor(private readonly outcomes: SettlementOutcomes) {}

  @Get(':chargeId')
  @ApiIdParam('chargeId', "the charge's idempotency key")
  @Access()
  @ApiOperation({
    summary: "A charge's current outcome (bureau, auditor)",
    description:
      "The `data` of the charge's latest event on settlement.events.v1 (settled, rejected, authorization-requested or reversed).",
  })
  @ApiOkResponse({ schema: { $ref: getSchemaPath(SettlementOutcomeDto), additionalProperties: true } })
  @ApiInputAndId('charge')
  async outcome(@Param('chargeId', idParam('chargeId')) chargeId: string): Promise<Record<string, unknown>> {
    const outcome = await this.outcomes.outcomeOf(chargeId);
    if (!outcome) throw ApplicationError.notFound('no charge with this id');
    return outcome;
  }
}
