import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { MAX_JSON_DEPTH } from '../../inbound/decode-inbound-message';
import { firstUnstorableString, nestsDeeperThan } from '../../inbound/storable-json';
import { ApplicationError } from '../../shared/errors/application-error';

/**
 * Every body and query, before any DTO rule: a NUL or a lone surrogate (which PostgreSQL refuses,
 * failing the statement as if the database were away) or nesting deeper than any contract body
 * (which would overflow the stack in hashing) is a 400 naming the field, never a 500 or a 503.
 */
@Injectable()
export class StorableBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
      const problem = `nests deeper than ${MAX_JSON_DEPTH} levels`;
      throw ApplicationError.invalidRequest(`(body): ${problem}`, [{ field: '(body)', problem }]);
    }
    const unstorable = firstUnstorableString(value);
    if (unstorable) {
      throw ApplicationError.invalidRequest(`${unstorable.field}: ${unstorable.problem}`, [unstorable]);
    }
    return value;
  }
}
