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
import { BindingRevokedBodyDto } from '../errors/error-bodies.dto';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { BindingChanges } from './binding-changes.service';
import { BindingEnrollment } from './binding-enrollment.service';
import { ChangeBindingLimitDto, CreateBindingDto } from './binding-request.dto';
import { BindingCreatedDto, BindingViewDto } from './binding-view.dto';

@ApiTags('bindings')
@Controller('v1/bindings')
export class BindingsController {
  constructor(
    private readonly enrollment: BindingEnrollment,
    private readonly changes: BindingChanges,
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
    return this.enrollment.bind(dto);
  }

  @Patch(':bindingId')
  @ApiIdParam('bindingId', 'the binding')
  @Access({ holder: OWNER.bindingHolder })
  @ApiOperation({ summary: "Change a binding's monthly limit (bureau; the binding's holder)" })
  @ApiOkResponse({ type: BindingViewDto })
  @ApiInputAndId('binding')
  @ApiLimitRefused()
  @ApiConflictResponse({ type: BindingRevokedBodyDto, description: 'the binding is revoked (BINDING_REVOKED)' })
  changeLimit(
    @Param('bindingId', idParam('bindingId')) bindingId: string,
    @Body() dto: ChangeBindingLimitDto,
  ): Promise<BindingViewDto> {
    return this.changes.changeLimit(bindingId, dto.monthlyLimitFen);
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
  revoke(
    @Param('bindingId', idParam('bindingId')) bindingId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BindingViewDto> {
    return this.changes.revoke(bindingId, principal);
  }
}
