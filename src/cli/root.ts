import * as fs from 'node:fs';
import { CliError } from './errors.js';

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
