import type { ChalkInstance } from 'chalk';

/** The part of chalk the reports use; without colour, a no-op that costs no chalk load. */
export type Style = ChalkInstance;

const identity = (s: string) => s;
// Every property of the plain style is the plain style itself: style.red.bold(x) === x. It must
// not look like a promise, or `await` would try to call its `then`.
const plain: Style = new Proxy(identity, { get: (_t, p) => (p === 'then' ? undefined : plain) }) as unknown as Style;

/**
 * Colour decided once, explicitly. On stdout: --color turns it on and --no-color off; otherwise
 * NO_COLOR turns it off and FORCE_COLOR on (0 off, 1-3 levels), and only a terminal gets colour.
 * A file written with -o gets colour only from --color: the environment is about the terminal.
 */
export async function makeStyle(opts: { color?: boolean; isTTY: boolean; toFile?: boolean; env?: NodeJS.ProcessEnv }): Promise<Style> {
  const env = opts.env ?? process.env;
  let level: 0 | 1 | 2 | 3 = opts.isTTY && !opts.toFile ? 1 : 0;
  if (!opts.toFile) {
    if (env['FORCE_COLOR'] !== undefined) {
      const f = env['FORCE_COLOR'];
      level = f === '' || f === 'true' ? 1 : f === 'false' ? 0 : (Math.min(3, Math.max(0, Number(f) || 0)) as 0 | 1 | 2 | 3);
    }
    if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') level = 0;
  }
  if (opts.color === false) level = 0;
  if (opts.color === true && level === 0) level = 1;
  if (level === 0) return plain;
  // Loaded only for colour, by a static import() a bundler follows.
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
