import * as fs from 'node:fs';
import { CliError } from './errors.js';
import { DirHost } from '../host/dir-host.js';
import type { Host } from '../host/host.js';
import { DEFAULT_CAPS, loadCapture } from '../host/tar-host.js';

/** The --root argument must be a readable directory. */
export function checkRoot(root: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`--root ${root}: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code}`);
  }
  if (!st.isDirectory()) throw new CliError(`--root ${root}: not a directory (to scan a capture, use --from)`);
}

/** The tree to read: a capture (into memory, checked) or a directory root. */
export async function openHost(
  from: { capture: string } | { root: string },
  caps: { maxFiles?: number; maxBytes?: number; maxFileBytes?: number } = {},
): Promise<{ host: Host; live: boolean; root?: string }> {
  if ('capture' in from) {
    const file = from.capture;
    const limits = { maxFiles: caps.maxFiles ?? DEFAULT_CAPS.maxFiles, maxBytes: caps.maxBytes ?? DEFAULT_CAPS.maxBytes };
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (err) {
      throw new CliError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    if (!st.isFile()) throw new CliError(`${file}: not a file`);
    // A gzip bomb is caught while inflating; the compressed file itself is capped here.
    if (st.size > limits.maxBytes) throw new CliError(`${file}: ${st.size} bytes, more than --max-bytes ${limits.maxBytes}; refused`);
    return { host: await loadCapture(fs.readFileSync(file), file, limits), live: false };
  }
  checkRoot(from.root);
  // Only the live root is the scanner's own view (CG028 asks); any other root is a tree.
  return { host: new DirHost(from.root, from.root, caps.maxFileBytes), live: fs.realpathSync(from.root) === '/', root: from.root };
}
