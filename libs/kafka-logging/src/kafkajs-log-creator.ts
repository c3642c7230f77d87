import { KafkajsLogEntry, LogSeverity, classifyKafkajsLog, kafkajsLogText } from './classify-kafkajs-log';

/** Where an app writes a classified kafkajs line (its own logger, or stderr). */
export type KafkajsLogSink = (severity: LogSeverity, text: string) => void;

/**
 * A kafkajs `logCreator` that sends every entry through `classifyKafkajsLog` to `sink`. Typed
 * structurally so this library does not import kafkajs; pass it as `logCreator` in `new Kafka`.
 */
export function kafkajsLogCreator(sink: KafkajsLogSink): () => (entry: KafkajsLogEntry) => void {
  return () => (entry) => sink(classifyKafkajsLog(entry), kafkajsLogText(entry));
}

/** For command-line apps without a structured logger: one line on stderr, severity first. */
export const stderrKafkajsSink: KafkajsLogSink = (severity, text) => {
  process.stderr.write(`kafkajs ${severity.toUpperCase()} ${text}\n`);
};
