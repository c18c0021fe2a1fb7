import type { Entry, Host, LinkResult, ListResult, ReadBytesResult, ReadFailure, ReadOptions, StatResult, StreamResult } from './host.js';
import { BaseHost, normalizePath } from './host.js';

/**
 * Wraps a Host and remembers every answer it gave: the files read (with their bytes, as read),
 * the directories listed, what exists, the links read, and what could not be read and why. A
 * capture replays exactly these answers, so it holds exactly what a scan reads, and a new rule's
 * files are captured without anyone listing them.
 */
export class RecordingHost extends BaseHost {
  readonly files = new Map<string, Buffer>();
  /** What could not be read or listed, and why (`dir` for a directory that could not be listed). */
  readonly failed = new Map<string, { reason: ReadFailure; dir: boolean }>();
  readonly dirs = new Map<string, Entry[]>();
  readonly present = new Map<string, 'dir' | 'file'>();
  readonly links = new Map<string, string>();
  /**
   * Parts of files read by offset (a binary's headers), by path then offset: what was asked for
   * and what came back (fewer bytes only at the end of the file). What a capture keeps of a binary.
   */
  readonly ranges = new Map<string, Map<number, { length: number; bytes: Buffer }>>();

  constructor(readonly inner: Host) {
    super();
  }

  get label(): string {
    return this.inner.label;
  }

  readBytes(path: string, options?: ReadOptions): ReadBytesResult {
    const p = normalizePath(path);
    const r = this.inner.readBytes(p, options);
    if (r.ok) this.files.set(p, r.bytes);
    else this.failed.set(p, { reason: r.reason, dir: false });
    return r;
  }

  readStream(path: string, onChunk: (text: string) => void, options?: ReadOptions): StreamResult {
    const p = normalizePath(path);
    const parts: string[] = [];
    const r = this.inner.readStream(
      p,
      (t) => {
        parts.push(t);
        onChunk(t);
      },
      options,
    );
    if (r.ok) this.files.set(p, Buffer.from(parts.join('')));
    else this.failed.set(p, { reason: r.reason, dir: false });
    return r;
  }

  listing(path: string, options?: ReadOptions): ListResult {
    const p = normalizePath(path);
    const r = this.inner.listing(p, options);
    if (r.ok) this.dirs.set(p, r.entries);
    else if (r.reason !== 'missing') this.failed.set(p, { reason: r.reason, dir: true });
    return r;
  }

  stat(path: string, options?: ReadOptions): StatResult {
    const p = normalizePath(path);
    const r = this.inner.stat(p, options);
    if (r.ok && r.type !== 'other') this.present.set(p, r.type);
    else if (!r.ok && r.reason !== 'missing' && !this.failed.has(p)) this.failed.set(p, { reason: r.reason, dir: false });
    return r;
  }

  override readRange(path: string, offset: number, length: number, options?: ReadOptions): ReadBytesResult {
    const p = normalizePath(path);
    const r = this.inner.readRange(p, offset, length, options);
    if (r.ok) {
      const parts = this.ranges.get(p) ?? new Map<number, { length: number; bytes: Buffer }>();
      this.ranges.set(p, parts);
      if ((parts.get(offset)?.length ?? -1) < length) parts.set(offset, { length, bytes: Buffer.from(r.bytes) });
    } else this.failed.set(p, { reason: r.reason, dir: false });
    return r;
  }

  readLink(path: string, options?: ReadOptions): LinkResult {
    const p = normalizePath(path);
    const r = this.inner.readLink(p, options);
    if (r.ok) this.links.set(p, r.target);
    else if (r.reason !== 'missing' && r.reason !== 'not-a-file') this.failed.set(p, { reason: r.reason, dir: false });
    return r;
  }
}
