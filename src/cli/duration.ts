import { InvalidArgumentError } from 'commander';

/** Go's units (time.ParseDuration), the form kubelet, NPD and Prometheus take durations in. */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest wait a timer can hold (setTimeout's limit, about 24.8 days). */
const MAX_MS = 2 ** 31 - 1;

/** "5m", "90s", "1h30m", "500ms" as milliseconds; anything else is a usage error. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/gy)];
  if (text === '' || parts.map((p) => p[0]).join('') !== text) throw new InvalidArgumentError('expected a duration such as 30s, 5m or 1h30m (units ms, s, m, h)');
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
  if (!(ms >= 1)) throw new InvalidArgumentError('expected a duration of at least 1ms');
  if (ms > MAX_MS) throw new InvalidArgumentError('expected a duration of at most 24 days');
  return Math.round(ms);
}
