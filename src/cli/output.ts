import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/** What a run read, so that its report is never written over it. */
export interface OutputGuard {
  /**
   * Directories scanned as node roots: nothing is written under their real paths. A root whose
   * real path is `/` is the live node, where everything is "inside": there /proc, /sys and /dev
   * (but for pipes and character devices) are refused instead, and so is every file in `read`.
   */
  roots?: readonly string[];
  /** Files named on the command line and read (--logs, --config, --from, a diff's captures). */
  inputs?: readonly string[];
  /** Folders whose files a run reads (report's): nothing is written among them, where the next run would read it. */
  folders?: readonly string[];
  /** Real paths of the files the scan read (DirHost.readPaths). */
  read?: (realPath: string) => boolean;
}

/**
 * Where a report goes. `replace`: a regular file (or none yet), replaced atomically so that a
 * reader (node_exporter's textfile collector) never sees half a file. `through`: a pipe, a
 * terminal, /dev/null, /dev/stdout: opened and written, as `sort -o` does, never renamed over.
 */
type Target = { how: 'replace'; path: string; mode?: number } | { how: 'through'; path: string; regular: boolean; fd?: number };

const MAX_LINK_HOPS = 40;
let tmpCount = 0;
const { O_WRONLY, O_NOCTTY, O_TRUNC } = fs.constants;

/** "no space left on device" from "ENOSPC: no space left on device, write". */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const m = /^E[A-Z0-9]+: ([^,]+)/.exec(e.message ?? '');
  return m ? m[1]! : (e.code ?? e.message ?? String(err));
}

const under = (p: string, dir: string) => dir === '/' || p === dir || p.startsWith(`${dir}/`);
const isDevice = (st: fs.Stats) => st.isCharacterDevice() || st.isFIFO() || st.isSocket();

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Follows the target to what it names (links by hand, loop-safe) and decides how to write it,
 * or refuses with one line. Checked before a long scan and again just before writing.
 */
export function checkOutput(file: string, guard: OutputGuard = {}): Target {
  const fail = (why: string) => new CliError(`--output ${file}: ${why}`);
  const realDir = (dir: string) => {
    try {
      return fs.realpathSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw fail(code === 'ENOENT' ? `no such directory ${dir}` : code === 'ENOTDIR' ? `${dir} is not a directory` : errnoText(err));
    }
  };
  let p = path.resolve(file);
  for (let hops = 0; ; hops++) {
    if (hops > MAX_LINK_HOPS) throw fail('too many levels of symbolic links');
    const dir = realDir(path.dirname(p));
    const real = path.join(dir, path.basename(p));
    let st: fs.Stats;
    try {
      st = fs.lstatSync(real);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(errnoText(err));
      return guarded({ how: 'replace', path: real }, guard, fail);
    }
    if (st.isSymbolicLink()) {
      // /proc/self/fd/1 names an open file, not a path ("pipe:[123]"): only the kernel can follow it.
      if (under(dir, '/proc')) return guarded(kernelLink(real, fail), guard, fail);
      try {
        p = path.resolve(dir, fs.readlinkSync(real));
      } catch (err) {
        throw fail(errnoText(err));
      }
      continue;
    }
    if (st.isFile()) return guarded({ how: 'replace', path: real, mode: st.mode & 0o7777 }, guard, fail);
    if (isDevice(st)) {
      if (isMemoryDevice(st)) throw fail('is a memory device; cgdoctor does not write there');
      return guarded({ how: 'through', path: real, regular: false }, guard, fail);
    }
    if (st.isDirectory()) throw fail('is a directory');
    if (st.isBlockDevice()) throw fail('is a block device; cgdoctor writes files, pipes and character devices only');
    throw fail('is not a file');
  }
}

/**
 * A /proc/<pid>/fd link (/dev/stdout is /proc/self/fd/1). One of our own descriptors is written
 * as it is, as the shell set it up (a socket cannot be opened again; `>>` keeps appending);
 * another process's is opened: a pipe or terminal as it is, a file truncated, as `>` would.
 */
function kernelLink(p: string, fail: (why: string) => CliError): Target {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (err) {
    throw fail(errnoText(err));
  }
  const own = new RegExp(`^/proc/${process.pid}(?:/task/\\d+)?/fd/(\\d+)$`).exec(p);
  const fd = own ? { fd: Number(own[1]) } : {};
  if (isDevice(st)) {
    if (isMemoryDevice(st)) throw fail('is a memory device; cgdoctor does not write there');
    return { how: 'through', path: p, regular: false, ...fd };
  }
  if (!st.isFile()) throw fail(st.isDirectory() ? 'is a directory' : 'is not a file');
  const real = realpathOrUndefined(p);
  if (!real) throw fail('names a deleted or unreachable file');
  return { how: 'through', path: real, regular: true, ...fd };
}

/** /dev/mem, /dev/kmem and /dev/port (character devices 1:1, 1:2, 1:4): a report written there is a crash. */
const isMemoryDevice = (st: fs.Stats) => st.isCharacterDevice() && [0x101, 0x102, 0x104].includes(st.rdev);

function guarded(t: Target, g: OutputGuard, fail: (why: string) => CliError): Target {
  const device = t.how === 'through' && !t.regular;
  // A pipe or terminal reached through /proc/self/fd has no path to compare, and holds no file.
  if (device && t.path.startsWith('/proc/')) return t;
  if (!device) for (const kernel of ['/proc', '/sys']) if (under(t.path, kernel)) throw fail(`is under ${kernel}; cgdoctor never writes kernel files`);
  for (const root of g.roots ?? []) {
    const r = realpathOrUndefined(root) ?? path.resolve(root);
    if (r !== '/') {
      if (under(t.path, r)) throw fail(`is inside the scanned root ${root}; cgdoctor never writes there`);
      continue;
    }
    if (under(t.path, '/dev') && !device) throw fail('is under /dev of the live node, and not a pipe or character device');
  }
  for (const dir of g.folders ?? []) {
    if (under(t.path, realpathOrUndefined(dir) ?? path.resolve(dir))) throw fail(`is inside ${dir}, a folder this run reads; the next run would read the report as an input`);
  }
  if (g.read?.(t.path)) throw fail('the scan read this file; cgdoctor never writes over what it reads');
  // The same file, by any path or link: compared by device and inode, and only when the target
  // exists (an input always does).
  const target = g.inputs?.length ? fs.statSync(t.path, { throwIfNoEntry: false }) : undefined;
  if (target) {
    for (const input of g.inputs ?? []) {
      const st = fs.statSync(input, { throwIfNoEntry: false });
      if (st && st.dev === target.dev && st.ino === target.ino) throw fail(`is ${input}, an input of this run; cgdoctor never writes over what it reads`);
    }
  }
  return t;
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; ) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off);
    } catch (err) {
      // An inherited descriptor may be non-blocking: wait for the reader instead of failing.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * Writes the report to `file` (see checkOutput), or to stdout when there is none. A stdout the
 * reader closed (`| head -1`) is not an error; any other failed write is one line and exit 2.
 */
export async function writeOutput(data: string | Uint8Array, file: string | undefined, guard: OutputGuard = {}): Promise<void> {
  if (file === undefined) return writeStdout(data);
  const t = checkOutput(file, guard);
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (t.how === 'through') return writeThrough(file, t, bytes);
  // Unique enough with the pid and a counter: the file is opened with 'wx', which never reuses one.
  // (No node:crypto for it: loading it costs every command a few milliseconds.)
  const tmp = path.join(path.dirname(t.path), `.${path.basename(t.path)}.${process.pid}.${Date.now().toString(36)}${(tmpCount++).toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', t.mode ?? 0o666);
    writeAll(fd, bytes);
    // open's mode passes through the umask; the file being replaced keeps exactly its own.
    if (t.mode !== undefined) fs.fchmodSync(fd, t.mode);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, t.path);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw new CliError(`--output ${file}: ${errnoText(err)}`);
  }
}

function writeThrough(file: string, t: Extract<Target, { how: 'through' }>, bytes: Uint8Array): void {
  let fd: number;
  try {
    // No O_CREAT: what was checked must still be there. A FIFO blocks here until it has a reader.
    fd = t.fd ?? fs.openSync(t.path, O_WRONLY | O_NOCTTY | (t.regular ? O_TRUNC : 0));
  } catch (err) {
    throw new CliError(`--output ${file}: ${errnoText(err)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (t.regular ? !st.isFile() : !isDevice(st)) throw new CliError(`--output ${file}: changed while it was being opened; not written`);
    writeAll(fd, bytes);
  } catch (err) {
    if (err instanceof CliError) throw err;
    // The reader went away, as `| head` does: what it wanted, it has.
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw new CliError(`--output ${file}: ${errnoText(err)}`);
  } finally {
    if (t.fd === undefined) fs.closeSync(fd);
  }
}

/** Resolves when the bytes are written (the write callback), so a full disk is seen, not lost. */
function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (err) => {
      if (!err || (err as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(new CliError(`cannot write to standard output: ${errnoText(err)}`));
    });
  });
}

export function terminalWidth(toFile: boolean): number {
  const cols = !toFile && process.stdout.isTTY ? process.stdout.columns : undefined;
  return Math.max(60, Math.min(cols ?? 100, 120));
}
