import type { OutboxRowFilter } from '../../store/outbox-admin';
import { UsageError, parseTimeOption } from '../cli/parse-options';

const DEFAULT_LIMIT = 10_000;

/** `--ids 12,15,20-30` (whole ids and inclusive ranges). */
function parseIds(text: string): { ids: string[]; ranges: { from: string; to: string }[] } {
  const ids: string[] = [];
  const ranges: { from: string; to: string }[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`--ids ${text}: expected ids and ranges such as 12,15,20-30`);
    if (m[2] === undefined) ids.push(m[1]);
    else if (BigInt(m[1]) > BigInt(m[2])) throw new UsageError(`--ids ${part}: the range is reversed`);
    else ranges.push({ from: m[1], to: m[2] });
  }
  return { ids, ranges };
}

function parseTime(flag: string, text: string | undefined): Date | null {
  const ms = parseTimeOption(flag, text);
  return ms === null ? null : new Date(ms);
}

/**
 * The rows `republish` takes: by id and/or by creation time. One of them is required: a
 * re-publish of the whole table is never what a missing filter meant.
 */
export function outboxFilterFromOptions(o: Record<string, string | undefined>): OutboxRowFilter {
  if (o.ids === undefined && o.since === undefined && o.until === undefined) {
    throw new UsageError('republish needs --ids and/or --since/--until');
  }
  const parsedIds = o.ids === undefined ? null : parseIds(o.ids);
  const createdFrom = parseTime('--since', o.since);
  const createdTo = parseTime('--until', o.until);
  if (createdFrom && createdTo && createdFrom > createdTo) throw new UsageError('--since is after --until');
  if (o.limit !== undefined && !/^[1-9]\d*$/.test(o.limit))
    throw new UsageError(`--limit ${o.limit}: not a positive number`);
  return {
    ids: parsedIds ? parsedIds.ids : null,
    idRanges: parsedIds && parsedIds.ranges.length ? parsedIds.ranges : null,
    createdFrom,
    createdTo,
    limit: o.limit === undefined ? DEFAULT_LIMIT : Number(o.limit),
  };
}
