import type { PolicyVersion } from '@gongji/domain';

/** What a change of the versions decided: the version to write (or nothing) and the caller's answer. */
export interface PolicyVersionChange<T> {
  write: PolicyVersion | null;
  result: T;
}

/** Where region policy versions are kept (store/), shared by every instance. */
export abstract class PolicyVersionStore {
  abstract all(): Promise<PolicyVersion[]>;
  /**
   * One change at a time across instances: `decide` sees every version as it is now and answers
   * what to write; the write and a notice to every instance commit together.
   */
  abstract change<T>(decide: (current: readonly PolicyVersion[]) => PolicyVersionChange<T>): Promise<T>;
  /**
   * Calls `onChange` whenever any instance changed the versions, and after the notice channel
   * was lost and regained (a change may have passed meanwhile). Returns how to stop watching.
   */
  abstract watch(onChange: () => void): Promise<() => Promise<void>>;
}
