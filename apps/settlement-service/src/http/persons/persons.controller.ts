import { Body, Controller, HttpStatus, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator';
import { ApiInvalidRequest } from '../errors/api-error-responses';
import { ApiIdParam, idParam } from '../shared/identifier.pipe';
import { PersonRegistrationDto } from './person-registration.dto';
import { PersonRegistry } from './person-registry.service';
import { PersonViewDto } from './person-view.dto';

@ApiTags('persons')
@Controller('v1/persons')
export class PersonsController {
  constructor(private readonly registry: PersonRegistry) {}

  @Put(':personId')
  @ApiIdParam('personId', 'person number (人员编号)')
  @Access()
  @ApiOperation({
    summary: 'Register or update an insured person (bureau)',
    description:
      'An EMPLOYEE gets a personal account. Enrollment SUSPENDED/TERMINATED suspends the bindings the person is part of; ' +
      'ACTIVE again resumes those suspended for that reason whose other side is ACTIVE too. Events go to settlement.events.v1.',
  })
  @ApiCreatedResponse({ type: PersonViewDto, description: 'registered' })
  @ApiOkResponse({ type: PersonViewDto, description: 'updated' })
  @ApiInvalidRequest()
  async register(
    @Param('personId', idParam('personId')) personId: string,
    @Body() dto: PersonRegistrationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PersonViewDto> {
    const { created, person } = await this.registry.register(personId, dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return person;
  }
}
