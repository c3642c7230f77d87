import { ApiProperty } from '@nestjs/swagger';
import { BINDING_REFUSAL_CODES } from '@gongji/domain';

/** OpenAPI shapes of the error answers (the filter produces them; these classes only document them). */
export class ErrorBodyDto {
  @ApiProperty({ description: 'stable machine-readable code', example: 'NOT_FOUND' })
  code: string;

  @ApiProperty({ description: 'human-readable explanation; never carries personal data' })
  message: string;
}

export class FieldProblemDto {
  @ApiProperty({ example: 'monthlyLimitFen' })
  field: string;

  @ApiProperty({ example: 'monthlyLimitFen must be an integer number' })
  problem: string;
}

export class ValidationErrorBodyDto {
  @ApiProperty({ enum: ['INVALID_REQUEST'] })
  code: 'INVALID_REQUEST';

  @ApiProperty()
  message: string;

  @ApiProperty({ type: [FieldProblemDto] })
  fields: FieldProblemDto[];
}

export class UnauthorizedBodyDto {
  @ApiProperty({ enum: ['UNAUTHORIZED'] })
  code: 'UNAUTHORIZED';

  @ApiProperty({ example: 'missing bearer token' })
  message: string;
}

export class ForbiddenBodyDto {
  @ApiProperty({ enum: ['FORBIDDEN'] })
  code: 'FORBIDDEN';

  @ApiProperty({ example: 'this role may not do that' })
  message: string;
}

export class NotFoundBodyDto {
  @ApiProperty({ enum: ['NOT_FOUND'] })
  code: 'NOT_FOUND';

  @ApiProperty({ example: 'no person with this id' })
  message: string;
}

export class BindingRefusalBodyDto {
  @ApiProperty({ enum: BINDING_REFUSAL_CODES })
  code: (typeof BINDING_REFUSAL_CODES)[number];

  @ApiProperty({
    example: 'region policy 00@2024-01-01+61@2024-01-01 requires a holder balance of at least 1000.00 yuan',
  })
  message: string;
}

export class LimitRefusalBodyDto {
  @ApiProperty({ enum: ['LIMIT_OUT_OF_RANGE'] })
  code: 'LIMIT_OUT_OF_RANGE';

  @ApiProperty()
  message: string;
}

export class DuplicateConflictBodyDto {
  @ApiProperty({ enum: ['DUPLICATE_CONFLICT'] })
  code: 'DUPLICATE_CONFLICT';

  @ApiProperty({ example: 'creditId was already used for a different credit' })
  message: string;
}

export class BindingRevokedBodyDto {
  @ApiProperty({ enum: ['BINDING_REVOKED'] })
  code: 'BINDING_REVOKED';

  @ApiProperty()
  message: string;
}
