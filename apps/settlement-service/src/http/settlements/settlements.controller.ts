import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { HttpSettlement, SettlementAnswer } from '../../application/settlement/http-settlement.service';
import { Access } from '../../auth/access.decorator';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { assertMerchantOwns } from '../../auth/merchant-scope';
import { OWNER } from '../../auth/owner-rule';
import type { Principal } from '../../auth/principal';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { validateCharge, validateReversal } from '../../inbound/decode-inbound-message';
import type { FieldProblem } from '../../inbound/validation-message';
import { ReversalRequestedDto } from '../../inbound/reversal-requested.dto';
import { ApplicationError } from '../../shared/errors/application-error';
import { ErrorBodyDto } from '../../shared/errors/error-bodies.dto';
import { ApiInputAndId, ApiInvalidRequest } from '../errors/api-error-responses';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { PendingSettlementDto, SettlementOutcomeDto } from './settlement-outcome.dto';
import { WaitQueryDto } from './wait-query.dto';

/** How long POST waits when the caller does not say (contract 1.1 §2). */
const DEFAULT_WAIT_S = 10;

const FINAL_DESCRIPTION =
  "the final outcome: the `data` of the charge's event on settlement.events.v1 plus `status` " +
  '(SETTLED, REJECTED or REVERSED)';

/**
 * Settlement over HTTP (contract 1.1 §2): a hospital's billing system or a pharmacy sends the
 * ChargeRequested or ReversalRequested a terminal would put on Kafka; it is produced to the
 * same inbound topic and settled by the same lane, and the call waits for the committed outcome.
 */
@ApiTags('settlements')
@ApiExtraModels(SettlementOutcomeDto, PendingSettlementDto)
@Controller('v1')
export class SettlementsController {
  constructor(private readonly settlement: HttpSettlement) {}

  @Post('charges')
  @Access({ merchant: OWNER.bodyField('merchantId') })
  @ApiOperation({
    summary: 'Settle a charge and wait for its outcome (bureau; the merchant in the body)',
    description:
      'Produced to pos.charges.v1 keyed by patientId: the same ordering, idempotency and rules as a terminal. ' +
      '200 with the final outcome, or 202 `{chargeId, status}` (RECEIVED or PENDING_AUTHORIZATION) when it is ' +
      'not final within waitS. Sending the same charge again is safe and answers its outcome. A charge whose ' +
      'chargeId another merchant used answers 403.',
  })
  @ApiBody({ type: ChargeRequestedDto })
  @ApiOkResponse({ description: FINAL_DESCRIPTION, schema: finalSchema() })
  @ApiAcceptedResponse({ description: 'not final yet', schema: { $ref: getSchemaPath(PendingSettlementDto) } })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'the broker or database is unavailable; retry' })
  @ApiInvalidRequest()
  async charge(
    @Body() body: Record<string, unknown>,
    @Query() query: WaitQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const result = validateCharge(body);
    if ('problems' in result) throw invalid(result.problems);
    // Only the contract's fields go on: what is produced is what would be stored.
    const answer = await this.settlement.submitCharge(result.charge, query.waitS ?? DEFAULT_WAIT_S);
    return respond(answer, principal, res, false);
  }

  @Post('reversals')
  @Access({ merchant: OWNER.bodyField('merchantId') })
  @ApiOperation({
    summary: 'Reverse a charge and wait for the outcome (bureau; the merchant in the body)',
    description:
      'Produced to pos.reversals.v1 keyed by patientId. 200 with the charge.reversed data (`status` REVERSED) or ' +
      'the reversal.rejected data (`status` REJECTED); 202 `{reversalId, status: RECEIVED}` when not done within waitS.',
  })
  @ApiBody({ type: ReversalRequestedDto })
  @ApiOkResponse({ description: 'the reversal outcome plus `status`', schema: finalSchema() })
  @ApiAcceptedResponse({ description: 'not done yet', schema: { $ref: getSchemaPath(PendingSettlementDto) } })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'the broker or database is unavailable; retry' })
  @ApiInvalidRequest()
  async reversal(
    @Body() body: Record<string, unknown>,
    @Query() query: WaitQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const result = validateReversal(body);
    if ('problems' in result) throw invalid(result.problems);
    const answer = await this.settlement.submitReversal(result.reversal, query.waitS ?? DEFAULT_WAIT_S);
    return respond(answer, principal, res, false);
  }

  @Get('settlements/:chargeId')
  @ApiIdParam('chargeId', "the charge's idempotency key")
  @Access({ merchant: 'in-handler' })
  @ApiOperation({
    summary: "A charge's outcome (bureau, auditor; the charge's merchant)",
    description:
      'Without waitS (contract v1): 200 with the `data` of the charge’s latest event, whatever it is, plus `status`. ' +
      'With waitS=N: waits up to N seconds for a final outcome; 200 when final, 202 `{chargeId, status}` when still ' +
      'PENDING_AUTHORIZATION, 404 when no such charge arrived by then.',
  })
  @ApiOkResponse({ description: FINAL_DESCRIPTION, schema: finalSchema() })
  @ApiAcceptedResponse({ description: 'not final yet', schema: { $ref: getSchemaPath(PendingSettlementDto) } })
  @ApiInputAndId('charge')
  async outcome(
    @Param('chargeId', idParam('chargeId')) chargeId: string,
    @Query() query: WaitQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    if (query.waitS === undefined) {
      const current = await this.settlement.currentCharge(chargeId);
      if (!current) throw ApplicationError.notFound('no charge with this id');
      assertMerchantOwns(principal, current.merchantId, true);
      return current.body;
    }
    const answer = await this.settlement.chargeOutcome(chargeId, query.waitS);
    if (!answer) throw ApplicationError.notFound('no charge with this id');
    return respond(answer, principal, res, true);
  }
}

function respond(
  answer: SettlementAnswer,
  principal: Principal,
  res: Response,
  read: boolean,
): Record<string, unknown> {
  assertMerchantOwns(principal, answer.merchantId, read);
  res.status(answer.final ? HttpStatus.OK : HttpStatus.ACCEPTED);
  return answer.body;
}

function invalid(problems: FieldProblem[]): ApplicationError {
  return ApplicationError.invalidRequest(problems.map((p) => `${p.field}: ${p.problem}`).join('; '), problems);
}

function finalSchema(): object {
  return { $ref: getSchemaPath(SettlementOutcomeDto), additionalProperties: true };
}
