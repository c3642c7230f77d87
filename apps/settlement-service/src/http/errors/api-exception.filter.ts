import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { describeFault, isWorldFault } from '../../shared/fault-class';
import { ApplicationError, ErrorBody, ErrorKind } from '../../shared/errors/application-error';

/** How each kind of refusal is answered over HTTP. */
const STATUS_BY_KIND: Record<ErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  refused: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** Seconds a client is asked to wait before trying again while a dependency is away. */
const RETRY_AFTER_S = '2';

/** Codes for errors Nest or Express raise themselves (unknown route, malformed JSON, body too large). */
const CODE_BY_STATUS: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'INVALID_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHORIZED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

/**
 * Every error leaves as `{code, message}` (plus `fields` for 400). A fault of the world (the
 * database away or read-only, fault-class.ts) is 503 SERVICE_UNAVAILABLE with Retry-After: nothing
 * was done, the same request may be sent again. Other unexpected errors are logged (message and
 * stack only: driver details may quote personal data) and answered 500 without detail.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toAnswer(exception);
    if (status === HttpStatus.UNAUTHORIZED) res.setHeader('WWW-Authenticate', 'Bearer');
    if (status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', RETRY_AFTER_S);
    if (!res.headersSent) res.status(status).json(body);
  }

  private toAnswer(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof ApplicationError) {
      return { status: STATUS_BY_KIND[exception.kind], body: exception.body };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'REQUEST_FAILED');
      // e.g. malformed JSON (body-parser), an unknown route, a body above the size limit
      const message = exception.message;
      return { status, body: status === HttpStatus.BAD_REQUEST ? { code, message, fields: [] } : { code, message } };
    }
    const parserStatus = clientErrorStatus(exception);
    if (parserStatus !== null) {
      // body-parser's own errors (http-errors: a body above the limit, malformed JSON, a bad charset)
      const code = CODE_BY_STATUS[parserStatus] ?? 'REQUEST_FAILED';
      const message = (exception as Error).message;
      return {
        status: parserStatus,
        body: parserStatus === HttpStatus.BAD_REQUEST ? { code, message, fields: [] } : { code, message },
      };
    }
    if (isWorldFault(exception)) {
      this.log.warn(`request not served, a dependency is away: ${describeFault(exception)}`);
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'the service cannot do this right now; try again shortly',
        },
      };
    }
    const err = exception instanceof Error ? exception : new Error(String(exception));
    this.log.error(`unhandled error: ${err.message}`, err.stack);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: 'INTERNAL_ERROR', message: 'internal error' } };
  }
}

/** The 4xx status of an http-errors error meant for the client (`expose`), or null. */
function clientErrorStatus(exception: unknown): number | null {
  if (!(exception instanceof Error)) return null;
  const e = exception as Error & { status?: unknown; expose?: unknown };
  return e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : null;
}
