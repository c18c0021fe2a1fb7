import type { Entry, Host, ReadBytesResult, ReadOptions, ReadResult, StreamResult } from './host.js';
import { asText, normalizePath } from './host.js';

/**
 * Wraps a Host and remembers every answer it gave: the files read (with their bytes, as read),
 * the directories listed, and what exists. A capture replays exactly these answers, so it holds
 * exactly what a scan reads, and a new rule's files are captured without anyone listing them.
 */
export class RecordingHost implements Host {
  readonly files = new Map<string, Buffer>();
  readonly failed = new Map<string, string>();
  readonly dirs = new Map<string, Entry[]>();
  readonly present = new Map<string, 'dir' | 'file'>();

  constructor(readonly inner: Host) {}

  get label(): string {
    return this.inner.label;
  }

  readBytes(path: string, options?: ReadOptions): ReadBytesResult {
    const p = normalizePath(path);
    const r = this.inner.readBytes(p, options);
    if (r.ok) this.files.set(p, r.bytes);
    else this.failed.set(p, r.reason);
    return r;
  }

  read(path: string, options?: ReadOptions): ReadResult {
    return asText(this.readBytes(path, options));
  }

  readStream(path: string, onChunk: (text: string) => void, options?: ReadOptions): StreamResult {
    const p = normalizePath(path);
    const parts: string[] = [];
    const r = this.inner.readStream(p, (t) => {
      parts.push(t);
      onChunk(t);
    }, options);
    if (r.ok) this.files.set(p, Buffer.from(parts.join('')));
    else this.failed.set(p, r.reason);
    return r;
  }

  list(path: string): Entry[] | undefined {
    const p = normalizePath(path);
    const r = this.inner.list(p);
    if (r) this.dirs.set(p, r);
    return r;
  }

  isDir(path: string): boolean {
    const r = this.inner.isDir(path);
    if (r) this.present.set(normalizePath(path), 'dir');
    return r;
  }

  exists(path: string): boolean {
    const r = this.inner.exists(path);
    if (r) this.present.set(normalizePath(path), this.inner.isDir(path) ? 'dir' : 'file');
    return r;
  }
}
