import type { Entry, Host, ReadBytesResult, ReadOptions, ReadResult, StreamResult } from './host.js';
import { asText, normalizePath } from './host.js';

/** A file's text or bytes, an (empty) directory, or a symbolic link (absolute targets mean the root's). */
export type MemNode = string | Uint8Array | { link: string } | { dir: true };

const isFile = (n: MemNode | undefined): n is string | Uint8Array => typeof n === 'string' || n instanceof Uint8Array;

/**
 * A Host over an in-memory tree: tests state trees as objects, and a capture held in memory
 * reads through the same seam as a directory. Links resolve inside the tree, like DirHost.
 */
export class MemHost implements Host {
  private readonly nodes = new Map<string, MemNode>();
  private readonly dirs = new Map<string, Map<string, Entry['type']>>();

  constructor(
    tree: Record<string, MemNode>,
    readonly label = 'memory',
  ) {
    this.dirs.set('', new Map());
    for (const [p, node] of Object.entries(tree)) this.add(normalizePath(p), node);
  }

  private add(path: string, node: MemNode): void {
    if (path === '') return;
    if (typeof node === 'object' && 'dir' in node) {
      this.mkdir(path);
      return;
    }
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) this.mkdir(parts.slice(0, i).join('/'));
    this.nodes.set(path, node);
    this.dirs.get(parts.slice(0, -1).join('/'))!.set(parts[parts.length - 1]!, isFile(node) ? 'file' : 'link');
  }

  private mkdir(path: string): void {
    if (this.dirs.has(path)) return;
    const cut = path.lastIndexOf('/');
    const parent = cut < 0 ? '' : path.slice(0, cut);
    this.mkdir(parent);
    this.dirs.get(parent)!.set(path.slice(cut + 1), 'dir');
    this.dirs.set(path, new Map());
  }

  /** The real path after following links, confined to the tree; undefined when missing. */
  private resolve(path: string): string | undefined {
    const queue = normalizePath(path).split('/').filter(Boolean);
    const stack: string[] = [];
    let hops = 0;
    while (queue.length > 0) {
      const part = queue.shift()!;
      if (part === '..') {
        stack.pop();
        continue;
      }
      if (part === '.') continue;
      const candidate = [...stack, part].join('/');
      const node = this.nodes.get(candidate);
      if (node !== undefined && !isFile(node) && 'link' in node) {
        if (++hops > 40) return undefined;
        if (node.link.startsWith('/')) stack.length = 0;
        queue.unshift(...node.link.split('/').filter(Boolean));
        continue;
      }
      if (node === undefined && !this.dirs.has(candidate)) return undefined;
      stack.push(part);
    }
    return stack.join('/');
  }

  read(path: string, options: ReadOptions = {}): ReadResult {
    return asText(this.readBytes(path, options));
  }

  readBytes(path: string, options: ReadOptions = {}): ReadBytesResult {
    const real = this.resolve(path);
    if (real === undefined) return { ok: false, reason: 'missing', detail: 'ENOENT' };
    const node = this.nodes.get(real);
    if (!isFile(node)) return { ok: false, reason: 'not-a-file', detail: 'not a regular file' };
    const bytes = typeof node === 'string' ? Buffer.from(node) : Buffer.from(node.buffer, node.byteOffset, node.byteLength);
    const max = options.maxBytes;
    if (max !== undefined && bytes.length > max) return { ok: true, bytes: bytes.subarray(0, max), truncated: true };
    return { ok: true, bytes, truncated: false };
  }

  readStream(path: string, onChunk: (text: string) => void, options: ReadOptions = {}): StreamResult {
    const r = this.readBytes(path, options);
    if (!r.ok) return r;
    onChunk(r.bytes.toString('utf8'));
    return { ok: true, bytes: r.bytes.length, truncated: r.truncated };
  }

  list(path: string): Entry[] | undefined {
    const real = this.resolve(path);
    const d = real === undefined ? undefined : this.dirs.get(real);
    if (!d) return undefined;
    return [...d.entries()].map(([name, type]) => ({ name, type })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  isDir(path: string): boolean {
    const real = this.resolve(path);
    return real !== undefined && this.dirs.has(real);
  }

  exists(path: string): boolean {
    return this.resolve(path) !== undefined;
  }
}
