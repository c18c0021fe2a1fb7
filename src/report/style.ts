import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour decided once, explicitly: --no-color and NO_COLOR turn it off, FORCE_COLOR turns it on
 * (0 off, 1-3 levels), otherwise only a terminal gets colour.
 */
export function makeStyle(opts: { color?: boolean; isTTY: boolean; env?: NodeJS.ProcessEnv }): ChalkInstance {
  const env = opts.env ?? process.env;
  let level: 0 | 1 | 2 | 3 = opts.isTTY ? 1 : 0;
  if (env['FORCE_COLOR'] !== undefined) {
    const f = env['FORCE_COLOR'];
    level = f === '' || f === 'true' ? 1 : f === 'false' ? 0 : (Math.min(3, Math.max(0, Number(f) || 0)) as 0 | 1 | 2 | 3);
  }
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') level = 0;
  if (opts.color === false) level = 0;
  return new Chalk({ level });
}

/** Wraps text at `width`, indenting continuation lines. */
export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line !== '' && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(indent + line);
  }
  return out.join('\n');
}
