import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { IDENTIFIER } from '../../inbound/contract-formats';
import { ApplicationError } from '../../shared/errors/application-error';

/** Path parameters are contract identifiers: 1 to 64 of `[A-Za-z0-9._:-]`; anything else is 400. */
@Injectable()
export class IdentifierPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
      const problem = 'must be 1 to 64 characters of [A-Za-z0-9._:-]';
      throw ApplicationError.invalidRequest(`${this.name}: ${problem}`, [{ field: this.name, problem }]);
    }
    return value;
  }
}

/** `@Param('personId', idParam('personId'))` */
export const idParam = (name: string): IdentifierPipe => new IdentifierPipe(name);

/** OpenAPI for an identifier path parameter. */
export const ApiIdParam = (name: string, description: string): MethodDecorator =>
  ApiParam({ name, description, schema: { type: 'string', pattern: IDENTIFIER.source, maxLength: 64 } });
