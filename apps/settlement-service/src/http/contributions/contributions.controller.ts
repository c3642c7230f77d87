import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { isCalendarDate } from '@gongji/domain';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { Contributions } from '../../application/contributions/contributions.service';
import { ContributionRequestedDto } from '../../inbound/contribution-requested.dto';
import { ApplicationError } from '../../shared/errors/application-error';
import { ErrorBodyDto } from '../../shared/errors/error-bodies.dto';
import { ContributionViews } from '../../store/queries/contribution-views';
import { ApiInputAndId, ApiInvalidRequest } from '../errors/api-error-responses';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { ContributionRefundDto } from './contribution-refund.dto';

/** Relatives' contributions paid from a holder's personal account (代缴, contract 1.1 §1). */
@ApiTags('contributions')
@Controller('v1')
export class ContributionsController {
  constructor(
    private readonly contributions: Contributions,
    private readonly views: ContributionViews,
  ) {}

  @Post('contributions')
  @Access({ holder: OWNER.bodyField('holderId') })
  @ApiOperation({
    summary: "Pay a relative's contribution from the holder's account (bureau; the holder named in the body)",
    description:
      'One transaction, as on mutualaid.contribution-requests.v1: 201 with the contribution.paid data, or 422 ' +
      '`{code, message}`; the event is published either way. An identical re-send answers the same again.',
  })
  @ApiBody({ type: ContributionRequestedDto })
  @ApiCreatedResponse({ description: 'the contribution.paid data' })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description:
      'INVALID_CONTRIBUTION, UNKNOWN_PERSON, HOLDER_NOT_EMPLOYEE, HOLDER_NOT_INSURED, RELATIONSHIP_NOT_ALLOWED, ' +
      'SCHEME_NOT_ALLOWED, CROSS_REGION_NOT_ALLOWED, INSUFFICIENT_BALANCE, ALREADY_PAID, DUPLICATE_CONFLICT',
  })
  @ApiInvalidRequest()
  async request(
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const answer = await this.contributions.request(body);
    if (answer.kind === 'rejected') throw ApplicationError.refused(answer.code, answer.message);
    res.status(HttpStatus.CREATED);
    return answer.data;
  }

  @Get('contributions/:contributionId')
  @ApiIdParam('contributionId', 'the request’s contributionId')
  @Access({ holder: OWNER.contributionHolder })
  @ApiOperation({ summary: "A contribution's state (bureau, auditor; its holder)" })
  @ApiOkResponse({ description: 'status, what was asked, its outcome and any refund' })
  @ApiInputAndId('contribution')
  async one(@Param('contributionId', idParam('contributionId')) contributionId: string): Promise<unknown> {
    const view = await this.views.one(contributionId);
    if (!view) throw ApplicationError.notFound('no contribution with this id');
    return view;
  }

  @Post('contributions/:contributionId/refunds')
  @ApiIdParam('contributionId', 'the paid contribution')
  @Access()
  @ApiOperation({
    summary: 'Refund a paid contribution to the holder’s account, once (bureau)',
    description: '201 with the contribution.refunded data; the same refundId again answers 200 with the same.',
  })
  @ApiCreatedResponse({ description: 'the contribution.refunded data' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'ALREADY_REFUNDED (another refundId), CONTRIBUTION_NOT_PAID',
  })
  @ApiInputAndId('contribution')
  async refund(
    @Param('contributionId', idParam('contributionId')) contributionId: string,
    @Body() dto: ContributionRefundDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const { created, data } = await this.contributions.refund(contributionId, dto.refundId, dto.reason);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return data;
  }

  @Get('payees/:payeeId/reconciliation')
  @ApiIdParam('payeeId', 'who collects contributions (e.g. a tax bureau’s collection account)')
  @Access()
  @ApiOperation({ summary: "A payee's day (UTC+8): contributions paid to it and refunded (bureau, auditor)" })
  @ApiOkResponse({ description: '`{payeeId, date, paid: {count, amountFen}, refunded: {count, amountFen}}`' })
  @ApiInvalidRequest()
  payeeDay(@Param('payeeId', idParam('payeeId')) payeeId: string, @Query('date') date: string): Promise<unknown> {
    if (typeof date !== 'string' || !isCalendarDate(date)) {
      const problem = 'must be a calendar date YYYY-MM-DD';
      throw ApplicationError.invalidRequest(`date: ${problem}`, [{ field: 'date', problem }]);
    }
    return this.views.payeeDay(payeeId, date);
  }
}
