import { Body, Controller, Get, HttpStatus, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { isCalendarDate, isRegionCode, resolvePolicyAt, chinaDate, type PolicyVersion } from '@gongji/domain';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { PolicyBooks } from '../../application/region-policies/policy-books.service';
import { policyFieldsToJson } from '../../application/region-policies/policy-fields-json';
import { RegionPolicyVersions } from '../../application/region-policies/region-policy-versions.service';
import { ApiInvalidRequest } from '../errors/api-error-responses';
import { ApplicationError } from '../../shared/errors/application-error';
import { ErrorBodyDto } from '../../shared/errors/error-bodies.dto';

export interface PolicyVersionView {
  regionCode: string;
  effectiveFrom: string;
  policyVersion: string;
  source: string;
  fields: Record<string, unknown>;
}

const view = (v: PolicyVersion): PolicyVersionView => ({
  regionCode: v.regionCode,
  effectiveFrom: v.effectiveFrom,
  policyVersion: v.policyVersion,
  source: v.source,
  fields: policyFieldsToJson(v.fields),
});

/**
 * Region policies as versioned data (contract 1.1 §4). Region codes: "00" is the national
 * default; 2, 4 or 6 digits a province, city or district, the most specific applying.
 */
@ApiTags('region-policies')
@Controller('v1/region-policies')
export class RegionPoliciesController {
  constructor(
    private readonly versions: RegionPolicyVersions,
    private readonly books: PolicyBooks,
  ) {}

  @Get()
  @Access({ anyRole: true })
  @ApiOperation({ summary: "Every region's policy versions (any role)" })
  @ApiOkResponse({ description: '`{versions: [{regionCode, effectiveFrom, policyVersion, source, fields}]}`' })
  async list(): Promise<{ versions: PolicyVersionView[] }> {
    return { versions: (await this.versions.list()).map(view) };
  }

  @Get(':regionCode')
  @Access({ anyRole: true })
  @ApiOperation({
    summary: 'The policy that applies to a 6-digit insured region on a date (today by default; any role)',
  })
  @ApiOkResponse({ description: '`{regionCode, date, policyVersion, policy}`' })
  @ApiInvalidRequest()
  async resolved(
    @Param('regionCode') regionCode: string,
    @Query('date') date?: string,
  ): Promise<{ regionCode: string; date: string; policyVersion: string; policy: Record<string, unknown> }> {
    if (!isRegionCode(regionCode)) throw invalid('regionCode', 'must be a 6-digit insured region code');
    const on = date ?? chinaDate(new Date());
    if (!isCalendarDate(on)) throw invalid('date', 'must be a calendar date YYYY-MM-DD');
    const book = await this.books.book();
    try {
      const resolved = resolvePolicyAt(book, regionCode, on);
      return {
        regionCode,
        date: on,
        policyVersion: resolved.policyVersion,
        policy: policyFieldsToJson(resolved.policy),
      };
    } catch {
      throw invalid('date', 'is before the first national policy version');
    }
  }

  @Put(':regionCode/versions/:effectiveFrom')
  @Access()
  @ApiOperation({
    summary: 'Add (or, before its day, replace) a policy version: the fields that differ from what it refines (bureau)',
    description:
      'effectiveFrom is a UTC+8 date, not in the past. A version in force (dated today or earlier) never changes.',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiCreatedResponse({ description: '`{regionCode, effectiveFrom, policyVersion}`: a new version' })
  @ApiOkResponse({ description: 'the same, for a future version replaced or an identical one sent again' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'POLICY_VERSION_IN_FORCE: that version already applies' })
  @ApiInvalidRequest()
  async put(
    @Param('regionCode') regionCode: string,
    @Param('effectiveFrom') effectiveFrom: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ regionCode: string; effectiveFrom: string; policyVersion: string }> {
    const result = await this.versions.put(regionCode, effectiveFrom, body);
    switch (result.kind) {
      case 'invalid':
        throw ApplicationError.invalidRequest(
          result.problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
          result.problems.map((p) => ({ field: p.field, problem: p.problem })),
        );
      case 'in-force':
        throw ApplicationError.conflict(
          'POLICY_VERSION_IN_FORCE',
          `${result.version.policyVersion} is already in force and never changes; add a version with a later date`,
        );
      default:
        res.status(result.kind === 'created' ? HttpStatus.CREATED : HttpStatus.OK);
        return {
          regionCode: result.version.regionCode,
          effectiveFrom: result.version.effectiveFrom,
          policyVersion: result.version.policyVersion,
        };
    }
  }
}

function invalid(field: string, problem: string): ApplicationError {
  return ApplicationError.invalidRequest(`${field}: ${problem}`, [{ field, problem }]);
}
