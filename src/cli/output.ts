import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/** Where text goes: stdout, or a file that must not lie inside the scanned root. */
export function writeOutput(text: string, file: string | undefined, root?: string): void {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const target = path.resolve(file);
  if (root !== undefined) {
    const r = path.resolve(root);
    if (target === r || target.startsWith(r === '/' ? '/' : `${r}/`)) {
      if (r !== '/') throw new CliError(`--output ${file} is inside the scanned root ${root}; cgdoctor never writes there`);
    }
  }
  try {
    fs.writeFileSync(target, text);
  } catch (err) {
    throw new CliError(`cannot write --output ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function terminalWidth(toFile: boolean): number {
  const cols = !toFile && process.stdout.isTTY ? process.stdout.columns : undefined;
  return Math.max(60, Math.min(cols ?? 100, 120));
}
