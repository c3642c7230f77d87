import type { FieldProblem } from '../../inbound/validation-message';

/** What went wrong, protocol-neutral: the HTTP layer answers each with its status. */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'refused';

/** The JSON body of every error answer: a stable `code` to branch on and a human `message`. */
export interface ErrorBody {
  code: string;
  message: string;
  /** Only on INVALID_REQUEST: one entry per offending field. */
  fields?: FieldProblem[];
}

/**
 * A refusal with a contract code, thrown by the application layer and the guards and answered by
 * the adapter (http/errors/api-exception.filter.ts). Messages never carry personal data (names,
 * person numbers): they name fields and rules, not people.
 */
export class ApplicationError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }

  static invalidRequest(message: string, fields: FieldProblem[] = []): ApplicationError {
    return new ApplicationError('invalid', 'INVALID_REQUEST', message, fields);
  }

  static notFound(message: string): ApplicationError {
    return new ApplicationError('not-found', 'NOT_FOUND', message);
  }

  static unauthorized(message: string): ApplicationError {
    return new ApplicationError('unauthorized', 'UNAUTHORIZED', message);
  }

  static forbidden(message: string): ApplicationError {
    return new ApplicationError('forbidden', 'FORBIDDEN', message);
  }

  static conflict(code: string, message: string): ApplicationError {
    return new ApplicationError('conflict', code, message);
  }

  /** Well-formed but refused by a business rule (e.g. a binding refusal code). */
  static refused(code: string, message: string): ApplicationError {
    return new ApplicationError('refused', code, message);
  }
}
