/**
 * The one file-access seam. Every collector reads the scanned root through a Host, never through
 * `fs`, so the same code runs on `/`, on `/host` inside a pod, and on a capture in memory.
 *
 * Paths are root-relative POSIX strings (`proc/self/mountinfo`); a leading `/` is accepted and
 * means the same thing, because users and config files name paths as the node sees them.
 */

export type EntryType = 'file' | 'dir' | 'link' | 'other';

export interface Entry {
  name: string;
  type: EntryType;
}

/**
 * Why a read gave no text. `vanished` is the live-node race: a cgroup or pid went away mid-scan.
 * `denied` and `error` are not absence: what the file says is unknown, and the report says so.
 */
export type ReadFailure = 'missing' | 'not-a-file' | 'denied' | 'vanished' | 'error';

export type ReadFail = { ok: false; reason: ReadFailure; detail: string };
export type ReadResult = { ok: true; text: string; truncated: boolean } | ReadFail;
export type ReadBytesResult = { ok: true; bytes: Buffer; truncated: boolean } | ReadFail;
export type StreamResult = { ok: true; bytes: number; truncated: boolean } | ReadFail;
export type ListResult = { ok: true; entries: Entry[] } | ReadFail;
/** What a path is once every link on the way is followed. */
export type StatResult = { ok: true; type: Exclude<EntryType, 'link'> } | ReadFail;
export type LinkResult = { ok: true; target: string } | ReadFail;

/**
 * What an unreadable path means to the collector asking. `gap` (the default): the fact being
 * collected is incomplete, and rules that need it are skipped with the reason. `handled`: the
 * collector turns it into an unknown value itself. `quiet`: a hint that may be unreadable without
 * root (pid 1's namespace links), so its absence says nothing and is not worth a warning.
 */
export type Denial = 'gap' | 'handled' | 'quiet';

export interface ReadOptions {
  /** Stop after this many bytes and flag the result as truncated. */
  maxBytes?: number;
  denial?: Denial;
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
  /** Directory entries sorted by name, or why the directory could not be listed. */
  listing(path: string, options?: ReadOptions): ListResult;
  /** The entries, or undefined when the path is not a listable directory, for callers that need no reason. */
  list(path: string, options?: ReadOptions): Entry[] | undefined;
  stat(path: string, options?: ReadOptions): StatResult;
  isDir(path: string, options?: ReadOptions): boolean;
  exists(path: string, options?: ReadOptions): boolean;
  /** The target of the link itself (`proc/self/ns/mnt` -> `mnt:[4026531832]`), not followed. */
  readLink(path: string, options?: ReadOptions): LinkResult;
  /**
   * Up to `length` bytes from `offset` (fewer at the end of the file): the few KiB of a 50 MB
   * binary that say its version, without reading the rest. `truncated` is never set.
   */
  readRange(path: string, offset: number, length: number, options?: ReadOptions): ReadBytesResult;
}

/** The convenience half of Host, derived from the primitives every host implements. */
export abstract class BaseHost implements Host {
  abstract readonly label: string;
  abstract readBytes(path: string, options?: ReadOptions): ReadBytesResult;
  abstract readStream(path: string, onChunk: (text: string) => void, options?: ReadOptions): StreamResult;
  abstract listing(path: string, options?: ReadOptions): ListResult;
  abstract stat(path: string, options?: ReadOptions): StatResult;
  abstract readLink(path: string, options?: ReadOptions): LinkResult;

  /** A slice of the whole file: hosts that can seek (a directory, a capture's parts) do better. */
  readRange(path: string, offset: number, length: number, options?: ReadOptions): ReadBytesResult {
    const r = this.readBytes(path, options);
    return r.ok ? { ok: true, bytes: r.bytes.subarray(offset, offset + length), truncated: false } : r;
  }

  read(path: string, options?: ReadOptions): ReadResult {
    return asText(this.readBytes(path, options));
  }

  list(path: string, options?: ReadOptions): Entry[] | undefined {
    const r = this.listing(path, options);
    return r.ok ? r.entries : undefined;
  }

  isDir(path: string, options?: ReadOptions): boolean {
    const r = this.stat(path, options);
    return r.ok && r.type === 'dir';
  }

  exists(path: string, options?: ReadOptions): boolean {
    return this.stat(path, options).ok;
  }
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
function asText(r: ReadBytesResult): ReadResult {
  return r.ok ? { ok: true, text: r.bytes.toString('utf8'), truncated: r.truncated } : r;
}

const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
export const sortEntries = (entries: Entry[]): Entry[] => entries.sort(byName);

/** A failure as users read it: "permission denied", not EACCES. */
export function describeFailure(f: ReadFail): string {
  switch (f.reason) {
    case 'denied':
      return 'permission denied';
    case 'missing':
      return 'not found';
    case 'not-a-file':
      return 'not a regular file';
    case 'vanished':
      return 'vanished while it was read';
    default:
      return f.detail;
  }
}

/** Failures that leave what a file says unknown, as opposed to telling that it is not there. */
export const isUnknowable = (f: ReadFail): boolean => f.reason === 'denied' || f.reason === 'error';

/**
 * Whether a resolved path's first components are proc/<pid>/root: a process's own root, inside
 * which its absolute links resolve and `..` stops, as the kernel's view of it does.
 */
export const isProcRoot = (parts: readonly string[]): boolean => parts.length >= 3 && parts[0] === 'proc' && parts[2] === 'root' && /^\d+$/.test(parts[1]!);
