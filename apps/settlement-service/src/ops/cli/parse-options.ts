/** A command line the tool cannot act on: printed with the usage, exit status 2. */
export class UsageError extends Error {}

export interface ParsedCommandLine {
  command: string | undefined;
  options: Record<string, string | undefined>;
  flags: Set<string>;
}

/**
 * `<command> [--name value] [--flag]`: `valued` names the options that take a value, `flags`
 * those that do not; anything else is refused (a mistyped filter must not widen a replay).
 */
export function parseCommandLine(
  argv: readonly string[],
  spec: { valued: readonly string[]; flags: readonly string[] },
): ParsedCommandLine {
  const out: ParsedCommandLine = { command: undefined, options: {}, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      out.flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      if (out.command !== undefined) throw new UsageError(`unexpected argument '${arg}'`);
      out.command = arg;
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
    } else if (spec.valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value`);
      }
      if (out.options[name] !== undefined) throw new UsageError(`--${name} given twice`);
      out.options[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return out;
}

/** A `--since`/`--until` value: epoch ms, or null when the option is absent; a usage error when it is no time. */
export function parseTimeOption(flag: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} ${text}: not a time (e.g. 2026-12-04T15:00:00Z)`);
  return ms;
}
