import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { policyBook, type PolicyBook } from '@gongji/domain';
import { PolicyVersionStore } from '../ports/policy-version-store';

/** A safety net beside the notices: the versions are read again this often regardless. */
const REREAD_EVERY_MS = 30_000;

/**
 * The region policy book every decision uses, kept in memory: read at start, and again whenever
 * any instance changes a version (a notice on the database's channel) or every 30 s, so a version
 * PUT on one instance applies on all of them without a restart. A read that fails keeps the
 * book in hand and is logged (the next notice or tick tries again).
 */
@Injectable()
export class PolicyBooks implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(PolicyBooks.name);
  private current: PolicyBook | null = null;
  private readonly loaded: Promise<void>;
  private markLoaded: () => void = () => undefined;
  private stopWatching: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private rereadRequested = false;

  constructor(private readonly store: PolicyVersionStore) {
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopWatching = await this.store.watch(() => void this.reload());
    await this.reload();
    this.timer = setInterval(() => void this.reload(), REREAD_EVERY_MS);
    this.timer.unref();
  }

  /** Before the pool closes (it would wait for the listening connection forever). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.stopWatching?.();
  }

  /** The book as of the latest read (waits for the first one). */
  async book(): Promise<PolicyBook> {
    await this.loaded;
    return this.current as PolicyBook;
  }

  /** Reads the versions again; concurrent calls share one read, and one more follows if asked meanwhile. */
  reload(): Promise<void> {
    if (this.reading) {
      this.rereadRequested = true;
      return this.reading;
    }
    this.reading = this.readOnce().finally(() => {
      this.reading = null;
      if (this.rereadRequested) {
        this.rereadRequested = false;
        void this.reload();
      }
    });
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    try {
      const book = policyBook(await this.store.all());
      const changed = this.current !== null && book.versions.length !== this.current.versions.length;
      this.current = book;
      this.markLoaded();
      if (changed) this.log.log(`region policy book reloaded: ${book.versions.length} versions`);
    } catch (err) {
      this.log.error(`reading the region policy versions failed; keeping the book in hand: ${(err as Error).message}`);
      if (this.current === null) setTimeout(() => void this.reload(), 1000).unref();
    }
  }
}
