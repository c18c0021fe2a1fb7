import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

/** The part of chalk the reports use; without colour, a no-op that costs no chalk load. */
export type Style = ChalkInstance;

const identity = (s: string) => s;
// Every property of the plain style is the plain style itself: style.red.bold(x) === x. It must
// not look like a promise, or `await` would try to call its `then`.
const plain: Style = new Proxy(identity, { get: (_t, p) => (p === 'then' ? undefined : plain) }) as unknown as Style;

const require = createRequire(import.meta.url);

/**
 * Colour decided once, explicitly: --no-color and NO_COLOR turn it off, FORCE_COLOR turns it on
 * (0 off, 1-3 levels), otherwise only a terminal gets colour.
 */
export function makeStyle(opts: { color?: boolean; isTTY: boolean; env?: NodeJS.ProcessEnv }): Style {
  const env = opts.env ?? process.env;
  let level: 0 | 1 | 2 | 3 = opts.isTTY ? 1 : 0;
  if (env['FORCE_COLOR'] !== undefined) {
    const f = env['FORCE_COLOR'];
    level = f === '' || f === 'true' ? 1 : f === 'false' ? 0 : (Math.min(3, Math.max(0, Number(f) || 0)) as 0 | 1 | 2 | 3);
  }
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') level = 0;
  if (opts.color === false) level = 0;
  if (level === 0) return plain;
  const { Chalk } = require('chalk') as typeof import('chalk');
  return new Chalk({ level });
}
