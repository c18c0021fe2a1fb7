import { gzipSync } from 'node:zlib';
import type { Host } from './host/host.js';
import { RecordingHost } from './host/recording-host.js';
import { leaveOutByName, redactFile } from './redact/index.js';
import { DEFAULT_CAPS, UNREADABLE, UNREADABLE_DIR, tarLib, type Caps } from './host/tar-host.js';
import { scan, type ScanResult } from './scan.js';
import { DirHost } from './host/dir-host.js';
import { VERSION } from './version.js';

export interface Manifest {
  tool: { name: 'cgdoctor'; version: string };
  time: string;
  hostname: string | null;
  kernel: string | null;
  root: string;
  /** Who took it: a capture by a user other than root holds only what that user could read. */
  user: { uid: number } | null;
  files: Array<{ path: string; size: number }>;
  skipped: Array<{ path: string; reason: string }>;
  redacted: Array<{ path: string; values: number }>;
  cut: { files: number; bytes: number } | null;
  /**
   * Files kept in part (a binary's ELF header, section table and build information, a few KiB of
   * 50 MB): the archive's entry at `path` holds the parts one after another, in this order.
   */
  parts: Array<{ path: string; parts: Array<{ offset: number; length: number; size: number }> }>;
}

type Item = { path: string; dir: true } | { path: string; data: Buffer } | { path: string; link: string };

function firstLine(host: Host, paths: string[]): string | null {
  for (const p of paths) {
    const r = host.read(p, { maxBytes: 4096 });
    if (r.ok && r.text.trim() !== '') return r.text.split('\n')[0]!.trim();
  }
  return null;
}

/**
 * Runs a scan through a recording seam and packs what it read: the files (redacted by
 * src/redact/, or left out when they are secrets), the
 * directories it listed and the paths it found present, plus capture.json. Caps cut the largest
 * captures and say so in the manifest.
 */
export async function buildCapture(
  host: Host,
  root: string,
  caps: Caps = DEFAULT_CAPS,
  now = new Date(),
  onProgress?: (phase: string, count: number) => void,
): Promise<{ tar: Uint8Array; manifest: Manifest; result: ScanResult }> {
  const rec = new RecordingHost(host);
  // The capture holds what a scan of this root reads: of a live root, the scanner's own view too.
  const uid = process.geteuid?.();
  const result = scan(rec, { context: { live: root === '/', ...(uid !== undefined ? { uid } : {}), ...(onProgress ? { onProgress } : {}) } });
  const items = new Map<string, Item>();
  const skipped: Manifest['skipped'] = [];
  const redactions: Manifest['redacted'] = [];
  const addDir = (p: string) => {
    if (p !== '' && !items.has(p)) items.set(p, { path: p, dir: true });
  };
  const left = new Set<string>();
  const addFile = async (p: string, data: Buffer) => {
    const d = await redactFile(p, data);
    if ('skip' in d) {
      left.add(p);
      skipped.push({ path: p, reason: d.skip });
      return;
    }
    if (d.values > 0) redactions.push({ path: p, values: d.values });
    items.set(p, { path: p, data: d.keep });
  };
  // A name in a listing stays (listings must match) without its bytes, unless the name alone says key.
  const addName = (p: string) => {
    if (p !== 'capture.json' && !items.has(p) && !left.has(p) && !rec.failed.has(p) && !leaveOutByName(p)) items.set(p, { path: p, data: Buffer.alloc(0) });
  };
  // A capture of a capture keeps the first one's root (a live `/` stays live) and its own manifest.
  const source = rec.files.get('capture.json');
  let sourceRoot: string | undefined;
  try {
    const r = source ? (JSON.parse(source.toString('utf8')) as { root?: unknown }).root : undefined;
    if (typeof r === 'string') sourceRoot = r;
  } catch {
    // an unreadable manifest in the source is only data
  }
  rec.files.delete('capture.json');
  for (const [p, bytes] of rec.files) await addFile(p, bytes);
  // A file read whole is kept whole; one read only in parts keeps those parts, never zeros between.
  const parts: Manifest['parts'] = [];
  for (const [p, byOffset] of [...rec.ranges].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (items.has(p) || left.has(p)) continue;
    const list = [...byOffset].sort(([a], [b]) => a - b).map(([offset, part]) => ({ offset, ...part }));
    items.set(p, { path: p, data: Buffer.concat(list.map((x) => x.bytes)) });
    parts.push({ path: p, parts: list.map((x) => ({ offset: x.offset, length: x.length, size: x.bytes.length })) });
  }
  for (const [dir, entries] of rec.dirs) {
    addDir(dir);
    for (const e of entries) {
      const child = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.type === 'dir') addDir(child);
      else if (e.type === 'file') addName(child);
    }
  }
  for (const [p, kind] of rec.present) {
    if (kind === 'dir') addDir(p);
    else addName(p);
  }
  // Links the scan read itself (namespace links: `cgroup:[4026531835]`), never followed.
  for (const [p, target] of rec.links) if (!items.has(p)) items.set(p, { path: p, link: target });
  for (const [p, f] of rec.failed) if (f.reason !== 'missing') skipped.push({ path: p, reason: `${f.dir ? UNREADABLE_DIR : UNREADABLE}${f.reason})` });

  const sorted = [...items.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const kept: Item[] = [];
  let bytes = 0;
  let cutFiles = 0;
  let cutBytes = 0;
  // The archive as a whole stays within --max-bytes: data in 512-byte blocks, a header each, and a
  // PAX header for names longer than ustar allows, so `scan --from` with the same caps reads it.
  bytes = 1024 + 2048;
  for (const it of sorted) {
    const data = 'data' in it ? it.data.length : 0;
    const size = 512 + Math.ceil(data / 512) * 512 + (it.path.length > 99 ? 1536 : 0);
    if (kept.length + 1 > caps.maxFiles || bytes + size > caps.maxBytes) {
      cutFiles++;
      cutBytes += data;
      continue;
    }
    kept.push(it);
    bytes += size;
  }
  const manifest: Manifest = {
    tool: { name: 'cgdoctor', version: VERSION },
    time: now.toISOString(),
    hostname: firstLine(host, ['proc/sys/kernel/hostname', 'etc/hostname']),
    kernel: firstLine(host, ['proc/sys/kernel/osrelease']),
    root: sourceRoot ?? root,
    user: host instanceof DirHost && uid !== undefined ? { uid } : null,
    files: kept.filter((i): i is { path: string; data: Buffer } => 'data' in i).map((i) => ({ path: i.path, size: i.data.length })),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)),
    redacted: redactions.sort((a, b) => (a.path < b.path ? -1 : 1)),
    cut: cutFiles > 0 ? { files: cutFiles, bytes: cutBytes } : null,
    parts: parts.filter((x) => kept.some((k) => k.path === x.path)),
  };
  const { packTar } = await tarLib();
  const mtime = now;
  const entries = [
    { header: { name: 'capture.json', size: 0, type: 'file' as const, mtime }, body: `${JSON.stringify(manifest, null, 2)}\n` },
    ...kept.map((it) =>
      'dir' in it
        ? { header: { name: `${it.path}/`, size: 0, type: 'directory' as const, mtime, mode: 0o755 } }
        : 'link' in it
          ? { header: { name: it.path, size: 0, type: 'symlink' as const, linkname: it.link, mtime, mode: 0o777 } }
          : { header: { name: it.path, size: it.data.length, type: 'file' as const, mtime, mode: 0o644 }, body: new Uint8Array(it.data) },
    ),
  ];
  entries[0]!.header.size = Buffer.byteLength(entries[0]!.body as string);
  return { tar: await packTar(entries), manifest, result };
}

export function gzip(tar: Uint8Array): Buffer {
  return gzipSync(tar, { level: 6 });
}
