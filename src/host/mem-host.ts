import type { Entry, LinkResult, ListResult, ReadBytesResult, ReadFail, ReadOptions, StatResult, StreamResult } from './host.js';
import { BaseHost, isProcRoot, normalizePath, sortEntries } from './host.js';

/**
 * A file's text or bytes, an (empty) directory, a symbolic link (absolute targets mean the
 * root's), or a path the reader may not open (`{ denied: true }`, a directory too with `dir`):
 * what a scan without root meets on a real node.
 */
export type MemNode = string | Uint8Array | { link: string } | { dir: true; denied?: true } | { denied: true } | { withheld: string } | { parts: FilePart[] };

/**
 * A piece of a file a capture kept (a binary's ELF header, section table and build information):
 * `length` bytes were asked for at `offset`, and `bytes` came back (fewer at the end of the file).
 */
export interface FilePart {
  offset: number;
  length: number;
  bytes: Uint8Array;
}

const isFile = (n: MemNode | undefined): n is string | Uint8Array => typeof n === 'string' || n instanceof Uint8Array;
const isParts = (n: MemNode | undefined): n is { parts: FilePart[] } => typeof n === 'object' && 'parts' in n;
const PARTS_ONLY: ReadFail = { ok: false, reason: 'error', detail: 'only parts of this file are in the capture' };
const DENIED: ReadFail = { ok: false, reason: 'denied', detail: 'EACCES: permission denied' };
const MISSING: ReadFail = { ok: false, reason: 'missing', detail: 'ENOENT' };

/**
 * A Host over an in-memory tree: tests state trees as objects, and a capture held in memory
 * reads through the same seam as a directory. Links resolve inside the tree, like DirHost.
 */
export class MemHost extends BaseHost {
  private readonly nodes = new Map<string, MemNode>();
  private readonly dirs = new Map<string, Map<string, Entry['type']>>();
  /** Directories that cannot be listed or entered, and files that cannot be opened. */
  private readonly denied = new Set<string>();
  /** Files a capture left out on purpose (secrets), with why: what they say is unknown, not absent. */
  private readonly withheld = new Map<string, string>();

  constructor(
    tree: Record<string, MemNode>,
    readonly label = 'memory',
  ) {
    super();
    this.dirs.set('', new Map());
    for (const [p, node] of Object.entries(tree)) this.add(normalizePath(p), node);
  }

  private add(path: string, node: MemNode): void {
    if (path === '') return;
    if (typeof node === 'object' && 'denied' in node) this.denied.add(path);
    if (typeof node === 'object' && 'withheld' in node) this.withheld.set(path, node.withheld);
    if (typeof node === 'object' && 'dir' in node) {
      this.mkdir(path);
      return;
    }
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) this.mkdir(parts.slice(0, i).join('/'));
    this.nodes.set(path, node);
    this.dirs.get(parts.slice(0, -1).join('/'))!.set(parts[parts.length - 1]!, isFile(node) || 'denied' in node || 'withheld' in node || 'parts' in node ? 'file' : 'link');
  }

  private mkdir(path: string): void {
    if (this.dirs.has(path)) return;
    const cut = path.lastIndexOf('/');
    const parent = cut < 0 ? '' : path.slice(0, cut);
    this.mkdir(parent);
    this.dirs.get(parent)!.set(path.slice(cut + 1), 'dir');
    this.dirs.set(path, new Map());
  }

  /**
   * The real path after following links, confined to the tree (`follow: false` leaves the last
   * component a link); missing, or denied when the way passes through a closed directory.
   */
  private resolve(path: string, follow = true): string | ReadFail {
    const queue = normalizePath(path).split('/').filter(Boolean);
    const stack: string[] = [];
    // Inside proc/<pid>/root, a process's own root: its absolute links resolve there, and `..` stops there (as DirHost).
    let floor = 0;
    let hops = 0;
    while (queue.length > 0) {
      const part = queue.shift()!;
      if (part === '..') {
        if (stack.length > floor) stack.pop();
        continue;
      }
      if (part === '.') continue;
      const parent = stack.join('/');
      if (this.denied.has(parent) && this.dirs.has(parent)) return DENIED;
      const candidate = parent === '' ? part : `${parent}/${part}`;
      const node = this.nodes.get(candidate);
      if (node !== undefined && typeof node === 'object' && 'link' in node && (follow || queue.length > 0)) {
        if (++hops > 40) return { ok: false, reason: 'error', detail: 'ELOOP: too many levels of links' };
        if (node.link.startsWith('/')) stack.length = floor;
        queue.unshift(...node.link.split('/').filter(Boolean));
        continue;
      }
      if (node === undefined && !this.dirs.has(candidate)) return MISSING;
      stack.push(part);
      if (stack.length === 3 && isProcRoot(stack)) floor = 3;
    }
    return stack.join('/');
  }

  readBytes(path: string, options: ReadOptions = {}): ReadBytesResult {
    const real = this.resolve(path);
    if (typeof real !== 'string') return real;
    if (this.denied.has(real)) return DENIED;
    const why = this.withheld.get(real);
    if (why !== undefined) return { ok: false, reason: 'error', detail: `left out of the capture (${why})` };
    const node = this.nodes.get(real);
    if (isParts(node)) return PARTS_ONLY;
    if (!isFile(node)) return { ok: false, reason: 'not-a-file', detail: 'not a regular file' };
    const bytes = typeof node === 'string' ? Buffer.from(node) : Buffer.from(node.buffer, node.byteOffset, node.byteLength);
    const max = options.maxBytes;
    if (max !== undefined && bytes.length > max) return { ok: true, bytes: bytes.subarray(0, max), truncated: true };
    return { ok: true, bytes, truncated: false };
  }

  override readRange(path: string, offset: number, length: number, options: ReadOptions = {}): ReadBytesResult {
    const real = this.resolve(path);
    if (typeof real !== 'string') return real;
    const node = this.nodes.get(real);
    if (!isParts(node)) {
      const r = this.readBytes(real, options);
      return r.ok ? { ok: true, bytes: r.bytes.subarray(offset, offset + length), truncated: false } : r;
    }
    // Only a read the capture made itself can be answered: anything else is unknown, not zeros.
    const part = node.parts.find((p) => offset >= p.offset && offset + length <= p.offset + p.length);
    if (!part) return PARTS_ONLY;
    const from = offset - part.offset;
    return { ok: true, bytes: Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength).subarray(from, from + length), truncated: false };
  }

  readStream(path: string, onChunk: (text: string) => void, options: ReadOptions = {}): StreamResult {
    const r = this.readBytes(path, options);
    if (!r.ok) return r;
    onChunk(r.bytes.toString('utf8'));
    return { ok: true, bytes: r.bytes.length, truncated: r.truncated };
  }

  listing(path: string): ListResult {
    const real = this.resolve(path);
    if (typeof real !== 'string') return real;
    const d = this.dirs.get(real);
    if (!d) return { ok: false, reason: 'missing', detail: 'ENOTDIR' };
    if (this.denied.has(real)) return DENIED;
    return { ok: true, entries: sortEntries([...d.entries()].map(([name, type]) => ({ name, type }))) };
  }

  stat(path: string): StatResult {
    const real = this.resolve(path);
    if (typeof real !== 'string') return real;
    const node = this.nodes.get(real);
    return { ok: true, type: this.dirs.has(real) ? 'dir' : isFile(node) || isParts(node) || this.denied.has(real) || this.withheld.has(real) ? 'file' : 'other' };
  }

  readLink(path: string): LinkResult {
    const real = this.resolve(path, false);
    if (typeof real !== 'string') return real;
    const node = this.nodes.get(real);
    return node !== undefined && typeof node === 'object' && 'link' in node ? { ok: true, target: node.link } : { ok: false, reason: 'not-a-file', detail: 'not a symbolic link' };
  }
}
