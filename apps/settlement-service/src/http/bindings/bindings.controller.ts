import { Body, Controller, Delete, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { OWNER } from '../../auth/owner-rule';
import type { Principal } from '../../auth/principal';
import {
  ApiBindingRefused,
  ApiInputAndId,
  ApiInvalidRequest,
  ApiLimitRefused,
  ApiUnknownId,
} from '../errors/api-error-responses';
import { BindingRevokedBodyDto } from '../../shared/errors/error-bodies.dto';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { BindingChanges } from '../../application/bindings/binding-changes.service';
import { BindingEnrollment } from '../../application/bindings/binding-enrollment.service';
import { ApplicationError } from '../../shared/errors/application-error';
import { nullableJsonToFen } from '../../shared/fen';
import { BindingViews } from '../../store/queries/binding-views';
import { ChangeBindingLimitDto, CreateBindingDto } from './binding-request.dto';
import { BindingCreatedDto, BindingViewDto } from './binding-view.dto';

@ApiTags('bindings')
@Controller('v1/bindings')
export class BindingsController {
  constructor(
    private readonly enrollment: BindingEnrollment,
    private readonly changes: BindingChanges,
    private readonly views: BindingViews,
  ) {}

  @Post()
  @Access({ holder: OWNER.bodyField('holderId') })
  @ApiOperation({
    summary: 'Bind a relative to a holder (bureau; the holder themself)',
    description:
      "Checked against the holder's region policy; the first failing rule answers 422 with its refusal code.",
  })
  @ApiCreatedResponse({ type: BindingCreatedDto })
  @ApiInvalidRequest()
  @ApiUnknownId('holderId or beneficiaryId')
  @ApiBindingRefused()
  bind(@Body() dto: CreateBindingDto): Promise<BindingCreatedDto> {
    return this.enrollment.bind({
      holderId: dto.holderId,
      beneficiaryId: dto.beneficiaryId,
      relationship: dto.relationship,
      monthlyLimitFen: nullableJsonToFen(dto.monthlyLimitFen),
    });
  }

  @Patch(':bindingId')
  @ApiIdParam('bindingId', 'the binding')
  @Access({ holder: OWNER.bindingHolder })
  @ApiOperation({ summary: "Change a binding's monthly limit (bureau; the binding's holder)" })
  @ApiOkResponse({ type: BindingViewDto })
  @ApiInputAndId('binding')
  @ApiLimitRefused()
  @ApiConflictResponse({ type: BindingRevokedBodyDto, description: 'the binding is revoked (BINDING_REVOKED)' })
  async changeLimit(
    @Param('bindingId', idParam('bindingId')) bindingId: string,
    @Body() dto: ChangeBindingLimitDto,
  ): Promise<BindingViewDto> {
    await this.changes.changeLimit(bindingId, nullableJsonToFen(dto.monthlyLimitFen));
    return this.viewOf(bindingId);
  }

  @Delete(':bindingId')
  @ApiIdParam('bindingId', 'the binding')
  @Access({ holder: OWNER.bindingHolder })
  @ApiOperation({
    summary: "Unbind (bureau; the binding's holder)",
    description:
      'Status becomes REVOKED and binding.revoked is published. Idempotent: revoking again answers the same.',
  })
  @ApiOkResponse({ type: BindingViewDto })
  @ApiInputAndId('binding')
  async revoke(
    @Param('bindingId', idParam('bindingId')) bindingId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BindingViewDto> {
    await this.changes.revoke(bindingId, principal.roles.includes('bureau') ? 'bureau' : 'holder');
    return this.viewOf(bindingId);
  }

  private async viewOf(bindingId: string): Promise<BindingViewDto> {
    const view = await this.views.one(bindingId);
    if (!view) throw ApplicationError.notFound('no binding with this id');
    return view;
  }
}
