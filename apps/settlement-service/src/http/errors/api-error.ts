import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldProblem } from '../../inbound/validation-message';

/** The JSON body of every error answer: a stable `code` to branch on and a human `message`. */
export interface ErrorBody {
  code: string;
  message: string;
  /** Only on 400 INVALID_REQUEST: one entry per offending field. */
  fields?: FieldProblem[];
}

/**
 * An error answer with a contract code. Messages never carry personal data (names, person
 * numbers): they name fields and rules, not people.
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(fields ? { code, message, fields } : { code, message }, status);
  }

  static invalidRequest(message: string, fields: FieldProblem[] = []): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', message, fields);
  }

  static notFound(message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', message);
  }

  static unauthorized(message: string): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message);
  }

  /** A request that is well-formed but refused by a business rule (e.g. a binding refusal code). */
  static refused(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, code, message);
  }
}
