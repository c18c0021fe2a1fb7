import { gunzipSync } from 'node:zlib';
import type * as ModernTar from 'modern-tar';
import { normalizePath } from './host.js';
import { type FilePart, MemHost, type MemNode } from './mem-host.js';

import { CaptureError } from '../errors.js';

export { CaptureError };

/** How capture.json marks what the capturing user could not read: `scan --from` reads it as unreadable too. */
export const UNREADABLE = 'unreadable (';
export const UNREADABLE_DIR = 'unreadable directory (';

export interface Caps {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_CAPS: Caps = { maxFiles: 200_000, maxBytes: 512 * 1024 * 1024 };

// modern-tar is ESM-only and needed only for captures: imported when used.
export const tarLib = () => import('modern-tar') as Promise<typeof ModernTar>;

/**
 * Reads a capture (.tar or .tar.gz) into memory, refusing what a hostile archive could do:
 * absolute paths, `..`, links that leave the root, devices and FIFOs, more than the caps, and
 * corrupt or truncated data. Nothing is written to disk.
 */
export async function loadCapture(bytes: Buffer, label: string, caps: Caps = DEFAULT_CAPS): Promise<MemHost> {
  let tar: Buffer = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      tar = gunzipSync(bytes, { maxOutputLength: caps.maxBytes });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new CaptureError(`${label}: expands to more than --max-bytes (${caps.maxBytes} bytes); refused`);
      throw new CaptureError(`${label}: corrupt or truncated gzip (${(err as Error).message})`);
    }
  }
  if (tar.length > caps.maxBytes) throw new CaptureError(`${label}: ${tar.length} bytes, more than --max-bytes (${caps.maxBytes} bytes); refused`);
  if (tar.length < 512 || tar.length % 512 !== 0) throw new CaptureError(`${label}: not a complete tar archive (${tar.length} bytes, not a whole number of 512-byte blocks)`);
  const { unpackTar } = await tarLib();
  let entries: Awaited<ReturnType<typeof unpackTar>>;
  try {
    entries = await unpackTar(tar, { strict: true });
  } catch (err) {
    throw new CaptureError(`${label}: not a valid tar archive (${(err as Error).message})`);
  }
  if (entries.length > caps.maxFiles) throw new CaptureError(`${label}: ${entries.length} entries, more than --max-files ${caps.maxFiles}; refused`);
  const tree: Record<string, MemNode> = {};
  let total = 0;
  for (const e of entries) {
    const h = e.header;
    const raw = h.name;
    if (raw.startsWith('/')) throw new CaptureError(`${label}: entry "${raw}" has an absolute path; refused`);
    if (raw.split('/').includes('..')) throw new CaptureError(`${label}: entry "${raw}" contains ".."; refused`);
    const name = normalizePath(raw);
    const type = h.type ?? 'file';
    if (type === 'directory') tree[name] = { dir: true };
    else if (type === 'file') {
      total += e.data?.length ?? 0;
      if (total > caps.maxBytes) throw new CaptureError(`${label}: more than --max-bytes (${caps.maxBytes} bytes) of file data; refused`);
      tree[name] = e.data ?? new Uint8Array(0);
    } else if (type === 'symlink') {
      const target = h.linkname ?? '';
      const base = name.split('/').slice(0, -1);
      const depth = target.split('/').reduce((d, part) => (d < 0 ? d : part === '..' ? d - 1 : part === '' || part === '.' ? d : d + 1), base.length);
      // An absolute target is read inside the capture, as the node's own root would read it: a
      // process's exe link (/usr/bin/kubelet) is a fact the scan needs. Only a leaf may carry one
      // (checked below), so extracting the archive with tar writes nothing through it.
      if (depth < 0 && !target.startsWith('/')) throw new CaptureError(`${label}: link "${raw}" -> "${target}" leaves the root; refused`);
      tree[name] = { link: target };
    } else {
      throw new CaptureError(`${label}: entry "${raw}" is a ${type}; only files, directories and links inside the root are accepted`);
    }
  }
  const parents = new Set(
    Object.keys(tree).flatMap((p) =>
      p
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  for (const [name, node] of Object.entries(tree)) {
    if (typeof node === 'object' && 'link' in node && node.link.startsWith('/') && parents.has(name))
      throw new CaptureError(`${label}: link "${name}" -> "${node.link}" leaves the root and has entries beneath it; refused`);
  }
  markUnreadable(tree);
  splitParts(tree, label);
  return new MemHost(tree, label);
}

/** The manifest's list of files kept in part: each entry's bytes are cut back into the parts it names. */
function splitParts(tree: Record<string, MemNode>, label: string): void {
  const m = tree['capture.json'];
  if (!(m instanceof Uint8Array)) return;
  let list: unknown;
  try {
    list = (JSON.parse(Buffer.from(m).toString('utf8')) as { parts?: unknown }).parts;
  } catch {
    return;
  }
  if (!Array.isArray(list)) return;
  for (const entry of list as Array<{ path?: unknown; parts?: unknown }>) {
    if (typeof entry.path !== 'string' || !Array.isArray(entry.parts)) continue;
    const path = normalizePath(entry.path);
    const data = tree[path];
    if (!(data instanceof Uint8Array)) continue;
    const parts: FilePart[] = [];
    let at = 0;
    for (const p of entry.parts as Array<{ offset?: unknown; length?: unknown; size?: unknown }>) {
      const { offset, length, size } = p;
      if (![offset, length, size].every((n) => Number.isSafeInteger(n) && (n as number) >= 0) || (size as number) > (length as number) || at + (size as number) > data.length)
        throw new CaptureError(`${label}: capture.json: the parts of "${path}" do not match its ${data.length} bytes; refused`);
      parts.push({ offset: offset as number, length: length as number, bytes: data.subarray(at, at + (size as number)) });
      at += size as number;
    }
    if (at !== data.length) throw new CaptureError(`${label}: capture.json: the parts of "${path}" do not match its ${data.length} bytes; refused`);
    tree[path] = { parts };
  }
}

/**
 * What the capturing user could not read, or what the capture left out as a secret, must read
 * as unknown from the capture too, never as absent: capture.json lists both.
 */
function markUnreadable(tree: Record<string, MemNode>): void {
  const m = tree['capture.json'];
  if (m === undefined || (typeof m === 'object' && !(m instanceof Uint8Array))) return;
  let skipped: unknown;
  try {
    skipped = (JSON.parse(Buffer.from(m as Uint8Array).toString('utf8')) as { skipped?: unknown }).skipped;
  } catch {
    return;
  }
  if (!Array.isArray(skipped)) return;
  for (const s of skipped as Array<{ path?: unknown; reason?: unknown }>) {
    if (typeof s.path !== 'string' || typeof s.reason !== 'string') continue;
    const path = normalizePath(s.path);
    if (path === '' || path.split('/').includes('..')) continue;
    const existing = tree[path];
    // A directory the listing named but nobody could open stays a closed directory.
    if (s.reason === `${UNREADABLE_DIR}denied)`) {
      if (existing === undefined || (typeof existing === 'object' && 'dir' in existing)) tree[path] = { dir: true, denied: true };
    } else if (existing === undefined) tree[path] = s.reason === `${UNREADABLE}denied)` ? { denied: true } : { withheld: s.reason };
  }
}
