import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { compareDayTotals, DAY_TOTAL_FIELDS, type DayTotals } from '@gongji/domain';
import type { Request, Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { ApplicationError } from '../../shared/errors/application-error';
import { describeFault } from '../../shared/fault-class';
import { fenToJson } from '../../shared/fen';
import { MerchantReconciliation, ReconciliationView } from '../../store/queries/merchant-reconciliation';
import {
  LINE_AMOUNT_FIELDS,
  MerchantSettlementLines,
  SettlementLine,
} from '../../store/queries/merchant-settlement-lines';
import { ApiInputAndId } from '../errors/api-error-responses';
import { csvRow } from '../shared/csv';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { StreamedResponse } from '../shared/streamed-response';
import { ReconciliationQueryDto } from './reconciliation-query.dto';
import { ReconciliationRequestDto } from './reconciliation-request.dto';
import { ReconciliationResultDto, SettlementLinesDto } from './reconciliation-result.dto';
import { ReconciliationDto } from './reconciliation-view.dto';

const CSV_COLUMNS = [
  'chargeId',
  'terminalId',
  'status',
  'settledAt',
  'reversedAt',
  'reversalId',
  ...LINE_AMOUNT_FIELDS,
];

/** A merchant's day: totals (v1), its own figures checked against ours (3201), the lines (3202). */
@ApiTags('merchants')
@Controller('v1/merchants')
export class ReconciliationController {
  private readonly log = new Logger(ReconciliationController.name);

  constructor(
    private readonly reconciliation: MerchantReconciliation,
    private readonly lines: MerchantSettlementLines,
  ) {}

  @Get(':merchantId/reconciliation')
  @ApiIdParam('merchantId', "the provider's code")
  @Access({ merchant: OWNER.merchantParam })
  @ApiOperation({
    summary: "A provider's settled and reversed totals for one UTC+8 day (bureau, auditor; the merchant itself)",
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
    return this.totals(merchantId, query.date);
  }

  @Post(':merchantId/reconciliations')
  @HttpCode(200)
  @ApiIdParam('merchantId', "the provider's code")
  @Access({ merchant: OWNER.merchantParam })
  @ApiOperation({
    summary: "Check a merchant's figures for a day against the service's (3201; bureau, the merchant itself)",
    description:
      'MATCHED when all five figures agree; MISMATCHED names the fields that differ, and `ours` has the ' +
      "service's figures. Nothing is stored or changed: the merchant may check again after fixing its side.",
  })
  @ApiBody({ type: ReconciliationRequestDto })
  @ApiOkResponse({ type: ReconciliationResultDto })
  @ApiInputAndId('merchant')
  async reconcile(
    @Param('merchantId', idParam('merchantId')) merchantId: string,
    @Body() body: ReconciliationRequestDto,
  ): Promise<ReconciliationResultDto> {
    const view = await this.totals(merchantId, body.date);
    const ours: DayTotals = {
      settledCount: view.settled.count,
      acctPayFen: BigInt(view.settled.acctPayFen),
      acctMulaidPayFen: BigInt(view.settled.acctMulaidPayFen),
      reversedCount: view.reversed.count,
      reversedFen: BigInt(view.reversed.reversedFen),
    };
    const theirs: DayTotals = {
      settledCount: body.settledCount,
      acctPayFen: BigInt(body.acctPayFen),
      acctMulaidPayFen: BigInt(body.acctMulaidPayFen),
      reversedCount: body.reversedCount,
      reversedFen: BigInt(body.reversedFen),
    };
    const { result, differences } = compareDayTotals(theirs, ours);
    const oursJson = Object.fromEntries(DAY_TOTAL_FIELDS.map((f) => [f, fenToJson(BigInt(ours[f]))]));
    return {
      date: body.date,
      result,
      ours: oursJson as unknown as ReconciliationResultDto['ours'],
      differences: [...differences],
    };
  }

  @Get(':merchantId/settlements')
  @ApiIdParam('merchantId', "the provider's code")
  @Access({ merchant: OWNER.merchantParam })
  @ApiOperation({
    summary: "A merchant's lines for one UTC+8 day (3202; bureau, auditor, the merchant itself)",
    description:
      'Every charge settled that day (reversed later or not) and every settled charge reversed that day, in the ' +
      'order they were settled. JSON by default, CSV (RFC 4180, a header row) with `Accept: text/csv`; streamed.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SettlementLinesDto })
  @ApiInputAndId('merchant')
  async dayLines(
    @Param('merchantId', idParam('merchantId')) merchantId: string,
    @Query() query: ReconciliationQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!(await this.lines.merchantExists(merchantId))) throw ApplicationError.notFound('no merchant with this id');
    const csv = req.accepts(['application/json', 'text/csv']) === 'text/csv';
    const out = new StreamedResponse(res, () => {
      res.status(200);
      if (csv) {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${merchantId}-${query.date}.csv"`);
      } else res.type('application/json; charset=utf-8');
    });
    let first = true;
    try {
      await this.lines.ofDay(merchantId, query.date, async (batch) => {
        if (first) await out.write(csv ? csvRow(CSV_COLUMNS) : jsonHead(merchantId, query.date));
        const text = csv
          ? batch.map(csvLine).join('')
          : batch.map((l, i) => (first && i === 0 ? '' : ',') + JSON.stringify(l)).join('');
        first = false;
        await out.write(text);
      });
      if (first) await out.write(csv ? csvRow(CSV_COLUMNS) : jsonHead(merchantId, query.date));
      if (!csv) await out.write(']}');
      res.end();
    } catch (err) {
      // Before the first byte the error filter still answers (a 503 for the database); after, the
      // answer can only be cut short, which a client sees as an incomplete body.
      if (!out.hasStarted) throw err;
      this.log.warn(`day lines of a merchant cut short: ${describeFault(err)}`);
      res.destroy(err as Error);
    }
  }

  private async totals(merchantId: string, date: string): Promise<ReconciliationView> {
    const totals = await this.reconciliation.ofDay(merchantId, date);
    if (!totals) throw ApplicationError.notFound('no merchant with this id');
    return totals;
  }
}

function jsonHead(merchantId: string, date: string): string {
  return `{"merchantId":${JSON.stringify(merchantId)},"date":${JSON.stringify(date)},"lines":[`;
}

function csvLine(l: SettlementLine): string {
  return csvRow([
    l.chargeId,
    l.terminalId,
    l.status,
    l.settledAt,
    l.reversedAt,
    l.reversalId,
    ...LINE_AMOUNT_FIELDS.map((f) => l.amounts[f]),
  ]);
}
