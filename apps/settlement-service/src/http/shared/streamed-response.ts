import type { Response } from 'express';

/**
 * Writing a large answer piece by piece: each write waits for the socket to drain when its buffer
 * is full (so the database cursor is read no faster than the client reads), and a client that
 * goes away ends the work with an error (the cursor's transaction is rolled back).
 */
export class StreamedResponse {
  private started = false;

  constructor(
    private readonly res: Response,
    private readonly head: () => void,
  ) {}

  async write(chunk: string): Promise<void> {
    this.start();
    if (this.res.destroyed) throw new Error('the client went away');
    if (this.res.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        this.res.off('drain', onDrain);
        this.res.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(new Error('the client went away'));
      this.res.once('drain', onDrain);
      this.res.once('close', onClose);
    });
  }

  /** Status and headers go out with the first piece: until then a failure can still be a clean error answer. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.head();
  }

  get hasStarted(): boolean {
    return this.started;
  }
}
