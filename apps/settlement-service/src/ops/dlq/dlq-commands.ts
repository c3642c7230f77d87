import type { IHeaders, Kafka } from 'kafkajs';
import { producerOptions } from '../../messaging/kafka-client';
import type { KafkaConnectionConfig } from '../../config/app-config';
import { dlqTopic } from '../../shared/topics';
import { EXIT, OpsOutput } from '../ops-output';
import { DeadLetterView, readDeadLetter } from './dead-letter-record';
import { describeDeadLetter, describeReplay } from './describe-dead-letter';
import { DlqSelection, matchesSelection } from './dlq-selection';
import { readDlqTopics } from './read-dlq-topics';

export interface DlqContext {
  kafka: Kafka;
  config: KafkaConnectionConfig;
  output: OpsOutput;
}

/** The dead letters a selection names, in DLQ order (per partition, by offset). */
async function selected(ctx: DlqContext, s: DlqSelection): Promise<DeadLetterView[]> {
  const views: DeadLetterView[] = [];
  await readDlqTopics(ctx.kafka, `${ctx.config.kafkaClientId}-dlq`, s.topics.map(dlqTopic), (r) => {
    const v = readDeadLetter(r);
    if (matchesSelection(v, s)) views.push(v);
  });
  views.sort(
    (a, b) =>
      a.record.dlqTopic.localeCompare(b.record.dlqTopic) ||
      a.record.partition - b.record.partition ||
      Number(BigInt(a.record.offset) - BigInt(b.record.offset)),
  );
  return s.limit === null ? views : views.slice(0, s.limit);
}

/** Messages per DLQ topic and reason, with the oldest and newest. */
export async function listDeadLetters(ctx: DlqContext, s: DlqSelection): Promise<number> {
  const views = await selected(ctx, s);
  for (const topic of s.topics.map(dlqTopic)) {
    const mine = views.filter((v) => v.record.dlqTopic === topic);
    if (mine.length === 0) {
      ctx.output.out(`${topic}: 0`);
      continue;
    }
    const times = mine.map((v) => v.record.timestamp);
    ctx.output.out(
      `${topic}: ${mine.length}  (${new Date(Math.min(...times)).toISOString()} .. ${new Date(Math.max(...times)).toISOString()})`,
    );
    const byReason = new Map<string, number>();
    for (const v of mine) byReason.set(v.reason, (byReason.get(v.reason) ?? 0) + 1);
    for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      ctx.output.out(`  ${reason}: ${n}`);
    }
  }
  return EXIT.ok;
}

export async function inspectDeadLetters(ctx: DlqContext, s: DlqSelection, opts: { full: boolean }): Promise<number> {
  const views = await selected(ctx, s);
  for (const v of views) for (const line of describeDeadLetter(v, opts)) ctx.output.out(line);
  ctx.output.err(`${views.length} dead letter(s)`);
  return EXIT.ok;
}

/**
 * Sends the selected dead letters back to their original topic: the original key, bytes and
 * headers (the DLQ's own taken off), partitioned by key as any producer would, in DLQ order. The
 * service recognises a message it settled already by its business id, so a replay is safe;
 * a message still unfit is dead-lettered again. Only with `yes` and not `dryRun`.
 */
export async function replayDeadLetters(
  ctx: DlqContext,
  s: DlqSelection,
  opts: { dryRun: boolean; yes: boolean },
): Promise<number> {
  const views = await selected(ctx, s);
  const replayable = views.filter((v) => v.notReplayable === null);
  for (const v of views.filter((x) => x.notReplayable !== null)) {
    ctx.output.err(`skipped ${v.record.dlqTopic} ${v.record.partition}@${v.record.offset}: ${v.notReplayable}`);
  }
  const send = opts.yes && !opts.dryRun;
  for (const v of replayable) ctx.output.out(`${send ? 'replay' : 'would replay'} ${describeReplay(v)}`);
  if (!send) {
    ctx.output.err(
      opts.dryRun
        ? `dry run: ${replayable.length} message(s) would be replayed; nothing sent`
        : `${replayable.length} message(s) would be replayed; nothing sent: add --yes to send them`,
    );
    return opts.dryRun ? EXIT.ok : EXIT.notDone;
  }
  if (replayable.length === 0) {
    ctx.output.err('nothing to replay');
    return EXIT.ok;
  }
  const producer = ctx.kafka.producer(producerOptions(ctx.config));
  await producer.connect();
  try {
    // One request per original topic, in DLQ order: a patient's messages keep their order.
    const byTopic = new Map<string, DeadLetterView[]>();
    for (const v of replayable) byTopic.set(v.original.topic!, [...(byTopic.get(v.original.topic!) ?? []), v]);
    for (const [topic, list] of byTopic) {
      await producer.send({
        topic,
        acks: -1,
        messages: list.map((v) => ({
          key: v.record.key,
          value: v.record.value,
          headers: v.replayHeaders as IHeaders,
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  ctx.output.err(`replayed ${replayable.length} message(s)`);
  return EXIT.ok;
}
