/**
 * The one file-access seam. Every collector reads the scanned root through a Host, never through
 * `fs`, so the same code runs on `/`, on `/host` inside a pod, and (later) on a capture in memory.
 *
 * Paths are root-relative POSIX strings (`proc/self/mountinfo`); a leading `/` is accepted and
 * means the same thing, because users and config files name paths as the node sees them.
 */

export type EntryType = 'file' | 'dir' | 'link' | 'other';

export interface Entry {
  name: string;
  type: EntryType;
}

/** Why a read gave no text. `vanished` is the live-node race: a cgroup or pid went away mid-scan. */
export type ReadFailure = 'missing' | 'not-a-file' | 'denied' | 'vanished' | 'error';

export type ReadFail = { ok: false; reason: ReadFailure; detail: string };
export type ReadResult = { ok: true; text: string; truncated: boolean } | ReadFail;
export type ReadBytesResult = { ok: true; bytes: Buffer; truncated: boolean } | ReadFail;
export type StreamResult = { ok: true; bytes: number; truncated: boolean } | ReadFail;

export interface ReadOptions {
  /** Stop after this many bytes and flag the result as truncated. */
  maxBytes?: number;
}

export interface Host {
  /** How the root is shown to users: the --root argument, or the capture's file name. */
  readonly label: string;
  /** The file as UTF-8 text (invalid bytes become U+FFFD). */
  read(path: string, options?: ReadOptions): ReadResult;
  /** The file's bytes, for binary formats (proc/config.gz, gzipped logs). */
  readBytes(path: string, options?: ReadOptions): ReadBytesResult;
  /** The file's text in chunks, for files too big to hold at once (a leaking node's mountinfo). */
  readStream(path: string, onChunk: (text: string) => void, options?: ReadOptions): StreamResult;
  /** Directory entries sorted by name, or undefined when the path is not a readable directory. */
  list(path: string): Entry[] | undefined;
  isDir(path: string): boolean;
  exists(path: string): boolean;
}

/** Normalises a root-relative path: no leading slash, no `.`, and `..` clamped at the root. */
export function normalizePath(path: string): string {
  // The common case, already clean, costs no split: thousands of cgroup reads take this path.
  if (path !== '' && path[0] !== '/' && path[0] !== '.' && !path.includes('//') && !path.includes('/.') && !path.endsWith('/')) return path;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Text from bytes, as every Host's read() gives it. */
export function asText(r: ReadBytesResult): ReadResult {
  return r.ok ? { ok: true, text: r.bytes.toString('utf8'), truncated: r.truncated } : r;
}
