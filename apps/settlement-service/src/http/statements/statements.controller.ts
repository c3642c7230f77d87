import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Statement } from '@gongji/domain';
import type { Request, Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { ApplicationError } from '../../shared/errors/application-error';
import { fenToJson } from '../../shared/fen';
import { AccountStatements } from '../../store/queries/account-statements';
import { ApiInputAndId } from '../errors/api-error-responses';
import { csvRow } from '../shared/csv';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { StatementDto, StatementQueryDto } from './statement.dto';

/** The ref fields a CSV line may have, one column each (empty where a kind has none). */
const REF_COLUMNS = [
  'beneficiaryId',
  'relationship',
  'chargeId',
  'merchantId',
  'reversalId',
  'creditId',
  'reason',
  'contributionId',
  'refundId',
  'scheme',
  'period',
  'payeeId',
] as const;

/** A holder's month (contract 1.1 §3): what came in, what they and their relatives spent, where. */
@ApiTags('accounts')
@Controller('v1/accounts')
export class StatementsController {
  constructor(private readonly statements: AccountStatements) {}

  @Get(':personId/statement')
  @ApiIdParam('personId', "the account owner's person number")
  @Access({ holder: OWNER.personParam('personId') })
  @ApiOperation({
    summary: "A personal account's month, line by line (bureau, auditor; the owner)",
    description:
      'From the journal: closingBalanceFen = openingBalanceFen + Σ amountFen. RELATIVE_CHARGE lines name the relative ' +
      'who drew on the account. CSV with `Accept: text/csv`: a header row, an OPENING_BALANCE row, the lines, a ' +
      'CLOSING_BALANCE row.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StatementDto })
  @ApiInputAndId('person or no personal account')
  async statement(
    @Param('personId', idParam('personId')) personId: string,
    @Query() query: StatementQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StatementDto | string> {
    const statement = await this.statements.ofMonth(personId, query.month);
    if (!statement) throw ApplicationError.notFound('no personal account for this person');
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="statement-${query.month}.csv"`);
      return statementCsv(statement);
    }
    return statementJson(statement);
  }
}

function statementJson(s: Statement): StatementDto {
  return {
    personId: s.personId,
    month: s.month,
    openingBalanceFen: fenToJson(s.openingBalanceFen),
    lines: s.lines.map((l) => ({
      at: l.at.toISOString(),
      kind: l.kind,
      amountFen: fenToJson(l.amountFen),
      balanceAfterFen: fenToJson(l.balanceAfterFen),
      ref: { ...l.ref },
    })),
    closingBalanceFen: fenToJson(s.closingBalanceFen),
  };
}

function statementCsv(s: Statement): string {
  const empty = REF_COLUMNS.map(() => null);
  return [
    csvRow(['at', 'kind', 'amountFen', 'balanceAfterFen', ...REF_COLUMNS]),
    csvRow([null, 'OPENING_BALANCE', null, s.openingBalanceFen, ...empty]),
    ...s.lines.map((l) =>
      csvRow([l.at.toISOString(), l.kind, l.amountFen, l.balanceAfterFen, ...REF_COLUMNS.map((c) => l.ref[c])]),
    ),
    csvRow([null, 'CLOSING_BALANCE', null, s.closingBalanceFen, ...empty]),
  ].join('');
}
