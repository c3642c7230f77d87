import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { SettlementProcessor } from '../../application/settlement/settlement-processor';
import { ApiInputAndId } from '../errors/api-error-responses';
import { ApiError } from '../errors/api-error';
import { ErrorBodyDto } from '../errors/error-bodies.dto';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { DecisionRequestDto } from './decision-request.dto';

/**
 * The holder's answer over HTTP. It goes through the same processor, locks and rules as an
 * answer on `mutualaid.authorization-decisions.v1`, so whichever arrives first wins.
 */
@ApiTags('authorizations')
@Controller('v1/authorizations')
export class AuthorizationDecisionsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly processor: SettlementProcessor,
  ) {}

  @Post(':authorizationId/decision')
  @HttpCode(200)
  @ApiIdParam('authorizationId', 'from the charge.authorization-requested event')
  @Access({ holder: OWNER.authorizationHolder })
  @ApiOperation({
    summary: 'Approve or decline a draw above the monthly limit (the holder asked; bureau)',
    description:
      'On success the charge is settled and its `charge.settled` event published; the answer is that outcome.',
  })
  @ApiOkResponse({
    description: 'The charge.settled data of the charge',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'AUTHORIZATION_NOT_PENDING: already decided, expired or cancelled',
  })
  @ApiInputAndId('authorization')
  async decide(
    @Param('authorizationId', idParam('authorizationId')) authorizationId: string,
    @Body() body: DecisionRequestDto,
  ): Promise<unknown> {
    const rows = (await this.db.query(`SELECT holder_id, charge_id FROM authorizations WHERE authorization_id = $1`, [
      authorizationId,
    ])) as { holder_id: string; charge_id: string }[];
    if (rows.length === 0) throw ApiError.notFound('no authorization with this id');
    // The access guard already let only that holder (or bureau, acting for them) through.
    const [result] = await this.processor.process([
      { kind: 'decision', authorizationId, holderId: rows[0].holder_id, decision: body.decision },
    ]);
    if (result.kind === 'ignored') {
      if (result.code === 'NOT_FOUND') throw ApiError.notFound(result.message);
      throw ApiError.conflict('AUTHORIZATION_NOT_PENDING', result.message);
    }
    const [charge] = (await this.db.query(`SELECT outcome FROM charges WHERE charge_id = $1`, [rows[0].charge_id])) as {
      outcome: unknown;
    }[];
    return charge.outcome;
  }
}
