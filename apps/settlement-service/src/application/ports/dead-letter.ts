/** A message kept for an operator: its original bytes and headers, where it came from and why. */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values as received (Kafka allows a header name more than once). */
  headers: Record<string, Buffer[]>;
  code: string;
  message: string;
}
