import { SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr. Without a terminal (CI, a log file) it prints a line every few
 * seconds instead of redrawing.
 */
export function progressBar(format: string, enabled: boolean): SingleBar | null {
  if (!enabled) return null;
  return new SingleBar({
    format,
    stream: process.stderr,
    barsize: 24,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    etaBuffer: 50,
  });
}
