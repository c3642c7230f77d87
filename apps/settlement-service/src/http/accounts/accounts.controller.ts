import { Body, Controller, Get, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { ApiInputAndId, ApiLimitRefused } from '../errors/api-error-responses';
import { DuplicateConflictBodyDto } from '../errors/error-bodies.dto';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { AccountCredits } from './account-credits.service';
import { CreditDto, RelativesLimitDto, ReserveDto } from './account-request.dto';
import { AccountViewDto, CreditReceiptDto } from './account-view.dto';
import { PersonalAccounts } from './personal-accounts.service';

const OWN_ACCOUNT = OWNER.personParam('personId');

@ApiTags('accounts')
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    private readonly accounts: PersonalAccounts,
    private readonly credits: AccountCredits,
  ) {}

  @Get(':personId')
  @ApiIdParam('personId', "the account owner's person number")
  @Access({ holder: OWN_ACCOUNT })
  @ApiOperation({ summary: "A person's personal account (bureau, auditor; the owner)" })
  @ApiOkResponse({ type: AccountViewDto })
  @ApiInputAndId('person or no personal account')
  view(@Param('personId', idParam('personId')) personId: string): Promise<AccountViewDto> {
    return this.accounts.view(personId);
  }

  @Put(':personId/reserve')
  @ApiIdParam('personId', "the account owner's person number")
  @Access({ holder: OWN_ACCOUNT })
  @ApiOperation({ summary: "Set the reserve relatives' draws leave untouched (bureau; the owner)" })
  @ApiOkResponse({ type: AccountViewDto })
  @ApiInputAndId('person or no personal account')
  setReserve(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: ReserveDto,
  ): Promise<AccountViewDto> {
    return this.accounts.setReserve(personId, dto.reserveFen);
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
  setRelativesLimit(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: RelativesLimitDto,
  ): Promise<AccountViewDto> {
    return this.accounts.setRelativesLimit(personId, dto.monthlyLimitFen);
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
    const { applied, receipt } = await this.credits.credit(personId, dto);
    res.status(applied ? HttpStatus.CREATED : HttpStatus.OK);
    return receipt;
  }
}
