import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';

/**
 * Distinct statement texts that get a name. The combined writes have a handful of shapes; past
 * this a text is sent unnamed (planned on every call, as before) rather than growing every
 * connection's set of prepared statements without bound.
 */
export const MAX_NAMED_STATEMENTS = 64;

const names = new Map<string, string>();
const log = new Logger('PreparedQuery');
let warnedFull = false;

/** The statement's name: derived from its text, so every connection and process agrees on it. */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= MAX_NAMED_STATEMENTS) {
    if (!warnedFull) log.warn(`more than ${MAX_NAMED_STATEMENTS} distinct statements: further ones run unnamed`);
    warnedFull = true;
    return undefined;
  }
  const name = `gongji_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  names.set(text, name);
  return name;
}
