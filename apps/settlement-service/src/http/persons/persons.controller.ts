import { Body, Controller, HttpStatus, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { ApiInvalidRequest } from '../errors/api-error-responses';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { PersonRegistrationDto } from './person-registration.dto';
import { PersonRegistration } from '../../application/persons/person-registration.service';
import { PersonViewDto } from './person-view.dto';

@ApiTags('persons')
@Controller('v1/persons')
export class PersonsController {
  constructor(private readonly registration: PersonRegistration) {}

  @Put(':personId')
  @ApiIdParam('personId', 'person number (人员编号)')
  @Access()
  @ApiOperation({
    summary: 'Register or update an insured person (bureau)',
    description:
      'An EMPLOYEE gets a personal account. Every change re-judges the bindings the person is part of by the rules each ' +
      'was made under: a lapse of enrollment, a holder no longer EMPLOYEE or a move out of the binding policy’s scope ' +
      '(province, or city for a pooling area) suspends it (binding.suspended with ENROLLMENT_LAPSED, INSURANCE_CHANGED ' +
      'or REGION_CHANGED); the way back resumes it (binding.resumed). fraudRecordAt left out keeps the recorded date; ' +
      'null clears it.',
  })
  @ApiCreatedResponse({ type: PersonViewDto, description: 'registered' })
  @ApiOkResponse({ type: PersonViewDto, description: 'updated' })
  @ApiInvalidRequest()
  async register(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: PersonRegistrationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PersonViewDto> {
    const { created, person, accountId } = await this.registration.register({
      personId,
      name: dto.name,
      regionCode: dto.regionCode,
      insuranceType: dto.insuranceType,
      enrollmentStatus: dto.enrollmentStatus,
      fraudRecordAt: dto.fraudRecordAt,
    });
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return {
      personId,
      name: person.name,
      regionCode: person.regionCode,
      insuranceType: person.insuranceType,
      enrollmentStatus: person.enrollmentStatus,
      fraudRecordAt: person.fraudRecordAt,
      accountId,
    };
  }
}
