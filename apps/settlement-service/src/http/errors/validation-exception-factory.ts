import { ValidationError } from 'class-validator';
import { describeProblems, fieldProblems } from '../../inbound/validation-message';
import { ApplicationError } from '../../shared/errors/application-error';

/** ValidationPipe failures become 400 `{code: "INVALID_REQUEST", message, fields}`. */
export function validationExceptionFactory(errors: ValidationError[]): ApplicationError {
  const fields = fieldProblems(errors);
  return ApplicationError.invalidRequest(describeProblems(fields) || 'invalid request', fields);
}
