import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { AuthorizationDecisions } from '../../application/settlement/authorization-decisions.service';
import { ApiInputAndId } from '../errors/api-error-responses';
import { ErrorBodyDto } from '../../shared/errors/error-bodies.dto';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { DecisionRequestDto } from './decision-request.dto';

/**
 * The holder's answer over HTTP. It goes through the same processor, locks and rules as an
 * answer on `mutualaid.authorization-decisions.v1`, so whichever arrives first wins.
 */
@ApiTags('authorizations')
@Controller('v1/authorizations')
export class AuthorizationDecisionsController {
  constructor(private readonly decisions: AuthorizationDecisions) {}

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
  decide(
    @Param('authorizationId', idParam('authorizationId')) authorizationId: string,
    @Body() body: DecisionRequestDto,
  ): Promise<unknown> {
    return this.decisions.decide(authorizationId, body.decision);
  }
}
