import type { Host, LinkResult, ListResult, ReadBytesResult, ReadFail, ReadOptions, StatResult, StreamResult } from './host.js';
import { BaseHost, isUnknowable } from './host.js';

/** Told of every path that exists but could not be read, and what the reader meant to do about it. */
export type OnUnreadable = (path: string, failure: ReadFail, options: ReadOptions | undefined) => void;
/** Told of every file cut at a byte cap: what it says past the cut is unknown. */
export type OnTruncated = (path: string) => void;

/**
 * Wraps the scanned root and reports every read that failed for a reason other than absence
 * (permission denied, I/O error, a link loop). Collectors keep asking simple questions; the
 * store that wraps them learns which facts rest on files nobody could read.
 */
export class AuditedHost extends BaseHost {
  constructor(
    private readonly inner: Host,
    private readonly onUnreadable: OnUnreadable,
    private readonly onTruncated: OnTruncated = () => {},
  ) {
    super();
  }

  get label(): string {
    return this.inner.label;
  }

  private check<T extends { ok: boolean }>(path: string, r: T, options: ReadOptions | undefined): T {
    if (!r.ok && isUnknowable(r as unknown as ReadFail)) this.onUnreadable(path, r as unknown as ReadFail, options);
    // A cut the caller asked for (maxBytes) is what it wanted; only the host's own cap is a gap.
    else if (r.ok && (r as unknown as { truncated?: boolean }).truncated && options?.maxBytes === undefined) this.onTruncated(path);
    return r;
  }

  readBytes(path: string, options?: ReadOptions): ReadBytesResult {
    return this.check(path, this.inner.readBytes(path, options), options);
  }

  readStream(path: string, onChunk: (text: string) => void, options?: ReadOptions): StreamResult {
    return this.check(path, this.inner.readStream(path, onChunk, options), options);
  }

  listing(path: string, options?: ReadOptions): ListResult {
    return this.check(path, this.inner.listing(path, options), options);
  }

  stat(path: string, options?: ReadOptions): StatResult {
    return this.check(path, this.inner.stat(path, options), options);
  }

  readLink(path: string, options?: ReadOptions): LinkResult {
    return this.check(path, this.inner.readLink(path, options), options);
  }

  override readRange(path: string, offset: number, length: number, options?: ReadOptions): ReadBytesResult {
    return this.check(path, this.inner.readRange(path, offset, length, options), options);
  }
}
