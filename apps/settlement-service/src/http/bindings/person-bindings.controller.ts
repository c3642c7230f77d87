import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator';
import { OWNER } from '../../auth/owner-rule';
import { ApiInputAndId } from '../errors/api-error-responses';
import { ApplicationError } from '../../shared/errors/application-error';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { FundingOrderDto } from './binding-request.dto';
import { FundingOrderViewDto, PersonBindingsDto } from './binding-view.dto';
import { BindingViews } from '../../store/queries/binding-views';
import { FundingOrder } from '../../application/bindings/funding-order.service';

@ApiTags('bindings')
@Controller('v1/persons')
export class PersonBindingsController {
  constructor(
    private readonly views: BindingViews,
    private readonly fundingOrder: FundingOrder,
  ) {}

  @Get(':personId/bindings')
  @ApiIdParam('personId', 'person number (人员编号)')
  @Access({ holder: OWNER.personParam('personId') })
  @ApiOperation({
    summary: "A person's bindings as holder and as beneficiary, with this month's usage (bureau, auditor; the person)",
  })
  @ApiOkResponse({ type: PersonBindingsDto })
  @ApiInputAndId('person')
  async list(@Param('personId', idParam('personId')) personId: string): Promise<PersonBindingsDto> {
    const bindings = await this.views.ofPerson(personId);
    if (!bindings) throw ApplicationError.notFound('no person with this id');
    return bindings;
  }

  @Put(':personId/funding-order')
  @ApiIdParam('personId', "the beneficiary's person number")
  @Access()
  @ApiOperation({
    summary: "Set a beneficiary's payment order (bureau)",
    description: "bindingIds must be exactly the beneficiary's non-revoked bindings, else 400 INVALID_REQUEST.",
  })
  @ApiOkResponse({ type: FundingOrderViewDto })
  @ApiInputAndId('person')
  async reorder(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: FundingOrderDto,
  ): Promise<FundingOrderViewDto> {
    await this.fundingOrder.reorder(personId, dto.bindingIds);
    return { personId, bindingIds: dto.bindingIds };
  }
}
