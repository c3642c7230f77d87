/** RFC 3339 timestamps as terminals in China write them: local time with a +08:00 offset. */
export function chinaTimestamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}
