import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/** Where text goes: stdout, or a file (written atomically) that must not lie inside the scanned root. */
export function writeOutput(text: string, file: string | undefined, root?: string): void {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  writeFileAtomic(file, text, root);
}

/**
 * Writes a temporary file beside the target and renames it over the target, so a reader (the
 * node_exporter textfile collector) never sees half a file. Never inside the scanned root.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, root?: string): void {
  const target = path.resolve(file);
  if (root !== undefined) {
    const r = path.resolve(root);
    if (r !== '/' && (target === r || target.startsWith(`${r}/`))) throw new CliError(`--output ${file} is inside the scanned root ${root}; cgdoctor never writes there`);
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, target);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to clean up
    }
    throw new CliError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function terminalWidth(toFile: boolean): number {
  const cols = !toFile && process.stdout.isTTY ? process.stdout.columns : undefined;
  return Math.max(60, Math.min(cols ?? 100, 120));
}
