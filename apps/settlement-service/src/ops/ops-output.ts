/** Where a tool writes: stdout for results, stderr for notes; both lines. */
export interface OpsOutput {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: OpsOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit statuses of the tools. */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** A usage error, or a replay/re-publish not confirmed with --yes: nothing was changed. */
  notDone: 2,
} as const;
