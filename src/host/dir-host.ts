import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Entry, EntryType, LinkResult, ListResult, ReadBytesResult, ReadFailure, ReadOptions, StatResult, StreamResult } from './host.js';
import { BaseHost, isProcRoot, normalizePath, sortEntries } from './host.js';

const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;
const MAX_LINK_HOPS = 40;
const CHUNK = 64 * 1024;
const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
const SCRATCH = Buffer.allocUnsafe(CHUNK);
const STREAM_CHUNK = 1024 * 1024;
/** statfs(2) f_type of procfs (include/uapi/linux/magic.h). */
const PROC_SUPER_MAGIC = 0x9fa0;

class HostPathError extends Error {
  constructor(
    readonly reason: ReadFailure,
    message: string,
  ) {
    super(message);
  }
}

function failureOf(err: unknown): ReadFailure {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'missing';
    case 'EACCES':
    case 'EPERM':
      return 'denied';
    // A cgroup being removed, or a process exiting, between readdir and read.
    case 'ESRCH':
    case 'ENODEV':
    case 'EINVAL':
      return 'vanished';
    default:
      return 'error';
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(err);
}

/**
 * A read-only view of a directory tree as if it were `/`.
 *
 * Symlinks are resolved by hand, component by component, against the root: an absolute target
 * (`/host/etc -> /etc`) means the root's `etc`, and `..` stops at the root, so no path ever leads
 * to the scanning machine's own files. Files are opened O_NONBLOCK so a FIFO cannot hang the
 * scan, and checked to be regular files before a byte is read. Nothing here writes.
 */
export class DirHost extends BaseHost {
  readonly label: string;
  private readonly base: string;
  /** Root-relative directory -> real root-relative directory, links already resolved. */
  private readonly dirCache = new Map<string, string>();
  /**
   * Every file opened outside proc/ and sys/, as a path on this machine (the root joined to the
   * link-free root-relative path): on a live root, what `-o` must never be written over.
   */
  readonly readPaths = new Set<string>();

  constructor(
    root: string,
    label = root,
    private readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  ) {
    super();
    this.base = root === '/' ? '' : root.replace(/\/+$/, '');
    this.label = label;
  }

  private procIsProcfs: boolean | undefined;

  /**
   * Whether the root's proc/ is a real procfs: only there is proc/<pid>/root the kernel's magic
   * link. In a fixture or an extracted capture it is an ordinary link, and following it to "/"
   * would read the scanning machine's own files.
   */
  private procfs(): boolean {
    if (this.procIsProcfs === undefined) {
      try {
        this.procIsProcfs = fs.statfsSync(this.abs('proc')).type === PROC_SUPER_MAGIC;
      } catch {
        this.procIsProcfs = false;
      }
    }
    return this.procIsProcfs;
  }

  private abs(real: string): string {
    return real === '' ? this.base || '/' : `${this.base}/${real}`;
  }

  /** Resolves every link on the way, confined to the root. Throws HostPathError. */
  resolve(path: string): string {
    const queue = normalizePath(path).split('/').filter(Boolean);
    const stack: string[] = [];
    // Inside proc/<pid>/root, a process's own root: its links resolve there, and `..` stops there.
    let floor = 0;
    let hops = 0;
    while (queue.length > 0) {
      const part = queue.shift()!;
      if (part === '.' || part === '') continue;
      if (part === '..') {
        if (stack.length > floor) stack.pop();
        continue;
      }
      const parent = stack.join('/');
      // proc/<pid>/root is a magic link the kernel follows into the process's mount namespace;
      // its readlink text ("/") names the scanner's view, not the process's. Left to the kernel.
      if (part === 'root' && stack.length === 2 && isProcRoot([...stack, part]) && this.procfs()) {
        stack.push(part);
        floor = stack.length;
        continue;
      }
      const cached = this.dirCache.get(parent === '' ? part : `${parent}/${part}`);
      if (cached !== undefined) {
        stack.length = 0;
        if (cached !== '') stack.push(...cached.split('/'));
        floor = isProcRoot(stack) ? 3 : 0;
        continue;
      }
      const candidate = parent === '' ? part : `${parent}/${part}`;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(this.abs(candidate));
      } catch (err) {
        throw new HostPathError(failureOf(err), describe(err));
      }
      if (st.isSymbolicLink()) {
        if (++hops > MAX_LINK_HOPS) throw new HostPathError('error', `ELOOP: too many levels of links at ${candidate}`);
        let target: string;
        try {
          target = fs.readlinkSync(this.abs(candidate));
        } catch (err) {
          throw new HostPathError(failureOf(err), describe(err));
        }
        if (target.startsWith('/')) stack.length = floor;
        queue.unshift(...target.split('/').filter(Boolean));
        continue;
      }
      stack.push(part);
      // A fixture's or a capture's proc/<pid>/root is a directory: the same rules hold inside it.
      if (stack.length === 3 && isProcRoot(stack)) floor = 3;
    }
    return stack.join('/');
  }

  private realDir(path: string): string {
    const key = normalizePath(path);
    const hit = this.dirCache.get(key);
    if (hit !== undefined) return hit;
    const real = this.resolve(key);
    this.dirCache.set(key, real);
    return real;
  }

  /** The parent directory resolved (cached), the last component left for open(O_NOFOLLOW). */
  private split(path: string): { dir: string; name: string } {
    const norm = normalizePath(path);
    const cut = norm.lastIndexOf('/');
    const dir = cut < 0 ? '' : norm.slice(0, cut);
    const name = cut < 0 ? norm : norm.slice(cut + 1);
    return { dir: this.realDir(dir), name };
  }

  /** Opens a regular file inside the root, links resolved inside it; O_NONBLOCK so a FIFO cannot hang. */
  private open(path: string): { fd: number } | { fail: ReadFailure; detail: string } {
    let fd: number;
    let real: string;
    try {
      const { dir, name } = this.split(path);
      if (name === '') return { fail: 'not-a-file', detail: 'the root is a directory' };
      real = dir === '' ? name : `${dir}/${name}`;
      try {
        fd = fs.openSync(this.abs(real), O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
        // The last component is a link: follow it inside the root, then open what it names.
        real = this.resolve(real);
        fd = fs.openSync(this.abs(real), O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
      }
    } catch (err) {
      if (err instanceof HostPathError) return { fail: err.reason, detail: err.message };
      return { fail: failureOf(err), detail: describe(err) };
    }
    try {
      if (!fs.fstatSync(fd).isFile()) {
        fs.closeSync(fd);
        return { fail: 'not-a-file', detail: 'not a regular file' };
      }
    } catch (err) {
      fs.closeSync(fd);
      return { fail: failureOf(err), detail: describe(err) };
    }
    if (!real.startsWith('proc/') && !real.startsWith('sys/')) this.readPaths.add(this.abs(real));
    return { fd };
  }

  /**
   * Reads to EOF or the cap, chunk by chunk: procfs and cgroupfs report size 0, so st_size is
   * never trusted. Reads go through one scratch buffer, so thousands of tiny control files cost
   * no big allocation each.
   */
  private pump(fd: number, maxBytes: number, chunk: number, onData: (b: Buffer) => void): { total: number; truncated: boolean } {
    const scratch = chunk === CHUNK ? SCRATCH : Buffer.allocUnsafe(chunk);
    let total = 0;
    for (;;) {
      const want = Math.min(chunk, maxBytes - total);
      if (want <= 0) return { total, truncated: true };
      const n = fs.readSync(fd, scratch, 0, want, null);
      if (n === 0) return { total, truncated: false };
      onData(scratch.subarray(0, n));
      total += n;
    }
  }

  readBytes(path: string, options: ReadOptions = {}): ReadBytesResult {
    const o = this.open(path);
    if ('fail' in o) return { ok: false, reason: o.fail, detail: o.detail };
    try {
      const chunks: Buffer[] = [];
      const { total, truncated } = this.pump(o.fd, options.maxBytes ?? this.maxFileBytes, CHUNK, (b) => chunks.push(Buffer.from(b)));
      return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), truncated };
    } catch (err) {
      return { ok: false, reason: failureOf(err), detail: describe(err) };
    } finally {
      fs.closeSync(o.fd);
    }
  }

  override readRange(path: string, offset: number, length: number): ReadBytesResult {
    const o = this.open(path);
    if ('fail' in o) return { ok: false, reason: o.fail, detail: o.detail };
    try {
      const want = Math.max(0, Math.min(length, this.maxFileBytes));
      const out = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(o.fd, out, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return { ok: true, bytes: out.subarray(0, got), truncated: false };
    } catch (err) {
      return { ok: false, reason: failureOf(err), detail: describe(err) };
    } finally {
      fs.closeSync(o.fd);
    }
  }

  readStream(path: string, onChunk: (text: string) => void, options: ReadOptions = {}): StreamResult {
    const o = this.open(path);
    if ('fail' in o) return { ok: false, reason: o.fail, detail: o.detail };
    try {
      const decoder = new StringDecoder('utf8');
      const { total, truncated } = this.pump(o.fd, options.maxBytes ?? Infinity, STREAM_CHUNK, (b) => onChunk(decoder.write(b)));
      const tail = decoder.end();
      if (tail) onChunk(tail);
      return { ok: true, bytes: total, truncated };
    } catch (err) {
      return { ok: false, reason: failureOf(err), detail: describe(err) };
    } finally {
      fs.closeSync(o.fd);
    }
  }

  listing(path: string): ListResult {
    try {
      const real = this.realDir(path);
      const dirents = fs.readdirSync(this.abs(real), { withFileTypes: true });
      const key = normalizePath(path);
      const out: Entry[] = [];
      for (const d of dirents) {
        const type: EntryType = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : d.isSymbolicLink() ? 'link' : 'other';
        // Children that are plain directories need no lstat walk later: remember them now.
        if (type === 'dir') this.dirCache.set(key === '' ? d.name : `${key}/${d.name}`, real === '' ? d.name : `${real}/${d.name}`);
        out.push({ name: d.name, type });
      }
      return { ok: true, entries: sortEntries(out) };
    } catch (err) {
      if (err instanceof HostPathError) return { ok: false, reason: err.reason, detail: err.message };
      return { ok: false, reason: failureOf(err), detail: describe(err) };
    }
  }

  stat(path: string): StatResult {
    try {
      const st = fs.lstatSync(this.abs(this.realDir(path)));
      return { ok: true, type: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other' };
    } catch (err) {
      if (err instanceof HostPathError) return { ok: false, reason: err.reason, detail: err.message };
      return { ok: false, reason: failureOf(err), detail: describe(err) };
    }
  }

  readLink(path: string): LinkResult {
    try {
      const { dir, name } = this.split(path);
      return { ok: true, target: fs.readlinkSync(this.abs(dir === '' ? name : `${dir}/${name}`)) };
    } catch (err) {
      if (err instanceof HostPathError) return { ok: false, reason: err.reason, detail: err.message };
      // readlink on something that is not a link answers EINVAL: not a race here.
      if ((err as NodeJS.ErrnoException).code === 'EINVAL') return { ok: false, reason: 'not-a-file', detail: 'not a symbolic link' };
      return { ok: false, reason: failureOf(err), detail: describe(err) };
    }
  }
}
