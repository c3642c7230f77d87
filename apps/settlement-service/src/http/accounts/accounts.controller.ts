import { Body, Controller, Get, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { ApiInputAndId, ApiLimitRefused } from '../errors/api-error-responses';
import { DuplicateConflictBodyDto } from '../../shared/errors/error-bodies.dto';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { chinaDate, resolvePolicyAt } from '@gongji/domain';
import { AccountCredits } from '../../application/accounts/account-credits.service';
import { PersonalAccounts } from '../../application/accounts/personal-accounts.service';
import { PolicyBooks } from '../../application/region-policies/policy-books.service';
import { ApplicationError } from '../../shared/errors/application-error';
import { fenToJson, jsonToFen, nullableJsonToFen } from '../../shared/fen';
import { AccountViews } from '../../store/queries/account-views';
import { CreditDto, RelativesLimitDto, ReserveDto } from './account-request.dto';
import { AccountViewDto, CreditReceiptDto } from './account-view.dto';
import { accountView } from './account-view';

const OWN_ACCOUNT = OWNER.personParam('personId');

@ApiTags('accounts')
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    private readonly accounts: PersonalAccounts,
    private readonly credits: AccountCredits,
    private readonly views: AccountViews,
    private readonly policies: PolicyBooks,
  ) {}

  @Get(':personId')
  @ApiIdParam('personId', "the account owner's person number")
  @Access({ holder: OWN_ACCOUNT })
  @ApiOperation({ summary: "A person's personal account (bureau, auditor; the owner)" })
  @ApiOkResponse({ type: AccountViewDto })
  @ApiInputAndId('person or no personal account')
  view(@Param('personId', idParam('personId')) personId: string): Promise<AccountViewDto> {
    return this.viewOf(personId);
  }

  @Put(':personId/reserve')
  @ApiIdParam('personId', "the account owner's person number")
  @Access({ holder: OWN_ACCOUNT })
  @ApiOperation({
    summary: "Set the reserve relatives' draws leave untouched (bureau; the owner)",
    description:
      'Either `{reserveFen}` (a fixed amount) or `{reserveRatioPercent}` (0..100: that share of the balance at each ' +
      'draw, rounded up); the one set replaces the other.',
  })
  @ApiOkResponse({ type: AccountViewDto })
  @ApiInputAndId('person or no personal account')
  async setReserve(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: ReserveDto,
  ): Promise<AccountViewDto> {
    if (dto.reserveFen !== undefined && dto.reserveRatioPercent !== undefined) {
      const problem = 'give reserveFen or reserveRatioPercent, not both';
      throw ApplicationError.invalidRequest(problem, [{ field: 'reserveRatioPercent', problem }]);
    }
    await this.accounts.setReserve(
      personId,
      dto.reserveRatioPercent !== undefined
        ? { reserveRatioPercent: dto.reserveRatioPercent }
        : { reserveFen: jsonToFen(dto.reserveFen as number) },
    );
    return this.viewOf(personId);
  }

  @Put(':personId/relatives-limit')
  @ApiIdParam('personId', "the holder's person number")
  @Access({ holder: OWN_ACCOUNT })
  @ApiOperation({
    summary: 'Set one monthly limit for all relatives together (bureau; the owner)',
    description:
      "Not in the contract's table: the Tai'an-style total limit of a holder. Only where the holder's region policy " +
      'provides it; elsewhere a value is refused with 422 LIMIT_OUT_OF_RANGE. null clears it.',
  })
  @ApiOkResponse({ type: AccountViewDto })
  @ApiInputAndId('person or no personal account')
  @ApiLimitRefused()
  async setRelativesLimit(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: RelativesLimitDto,
  ): Promise<AccountViewDto> {
    await this.accounts.setRelativesLimit(personId, nullableJsonToFen(dto.monthlyLimitFen));
    return this.viewOf(personId);
  }

  @Post(':personId/credits')
  @ApiIdParam('personId', "the account owner's person number")
  @Access()
  @ApiOperation({
    summary: 'Pay money into a personal account (bureau)',
    description:
      'Idempotent by creditId: the same content again is answered 200 with the original receipt and applied once; ' +
      'the same creditId with other content is 409 DUPLICATE_CONFLICT.',
  })
  @ApiCreatedResponse({ type: CreditReceiptDto, description: 'applied' })
  @ApiOkResponse({ type: CreditReceiptDto, description: 'a retry of a credit already applied' })
  @ApiInputAndId('person or no personal account')
  @ApiConflictResponse({ type: DuplicateConflictBodyDto, description: 'creditId already used with other content' })
  async credit(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: CreditDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreditReceiptDto> {
    const { applied, credit } = await this.credits.credit(personId, {
      creditId: dto.creditId,
      amountFen: jsonToFen(dto.amountFen),
      reason: dto.reason,
    });
    res.status(applied ? HttpStatus.CREATED : HttpStatus.OK);
    return {
      creditId: credit.creditId,
      personId,
      accountId: credit.accountId,
      amountFen: fenToJson(credit.amountFen),
      reason: credit.reason as CreditReceiptDto['reason'],
      balanceAfterFen: fenToJson(credit.balanceAfterFen),
    };
  }

  private async viewOf(personId: string): Promise<AccountViewDto> {
    const found = await this.views.ofPerson(personId);
    if (!found)
      throw ApplicationError.notFound('no personal account for this person (unknown, or resident-insured only)');
    const policy = resolvePolicyAt(await this.policies.book(), found.regionCode, chinaDate(new Date())).policy;
    return accountView(found.account, policy.suggestedReserveRatioPercent);
  }
}
