import { ValidationError } from 'class-validator';
import { describeProblems, fieldProblems } from '../../inbound/validation-message';
import { ApiError } from './api-error';

/** ValidationPipe failures become 400 `{code: "INVALID_REQUEST", message, fields}`. */
export function validationExceptionFactory(errors: ValidationError[]): ApiError {
  const fields = fieldProblems(errors);
  return ApiError.invalidRequest(describeProblems(fields) || 'invalid request', fields);
}
