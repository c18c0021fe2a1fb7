import { gzipSync } from 'node:zlib';
import type { Host } from './host/host.js';
import { RecordingHost } from './host/recording-host.js';
import { redactArgs, redactText, secretPath } from './host/redact.js';
import { DEFAULT_CAPS, tarLib, type Caps } from './host/tar-host.js';
import { scan, type ScanResult } from './scan.js';
import { VERSION } from './version.js';

export interface Manifest {
  tool: { name: 'cgdoctor'; version: string };
  time: string;
  hostname: string | null;
  kernel: string | null;
  root: string;
  files: Array<{ path: string; size: number }>;
  skipped: Array<{ path: string; reason: string }>;
  redacted: Array<{ path: string; values: number }>;
  cut: { files: number; bytes: number } | null;
}

type Item = { path: string; dir: true } | { path: string; data: Buffer };

/** What a captured file holds: the bytes read, with credentials redacted where text may carry them. */
function redacted(path: string, bytes: Buffer): { data: Buffer; count: number } {
  if (/^proc\/[^/]+\/cmdline$/.test(path)) {
    const args = bytes.toString('utf8').split('\0');
    const out = redactArgs(args);
    const count = out.filter((a, i) => a !== args[i]).length;
    return { data: Buffer.from(out.join('\0')), count };
  }
  // Kernel files are data, not configuration: nothing there to redact.
  if (/^(sys|proc|boot)\/|^var\/lib\/dpkg\//.test(path) || bytes.includes(0)) return { data: bytes, count: 0 };
  const r = redactText(bytes.toString('utf8'));
  return r.count > 0 ? { data: Buffer.from(r.text), count: r.count } : { data: bytes, count: 0 };
}

function firstLine(host: Host, paths: string[]): string | null {
  for (const p of paths) {
    const r = host.read(p, { maxBytes: 4096 });
    if (r.ok && r.text.trim() !== '') return r.text.split('\n')[0]!.trim();
  }
  return null;
}

/**
 * Runs a scan through a recording seam and packs what it read: the files (redacted), the
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
  const result = scan(rec, onProgress ? { context: { onProgress } } : {});
  const items = new Map<string, Item>();
  const skipped: Manifest['skipped'] = [];
  const redactions: Manifest['redacted'] = [];
  const addDir = (p: string) => {
    if (p !== '' && !items.has(p)) items.set(p, { path: p, dir: true });
  };
  const addFile = (p: string, data: Buffer) => {
    const why = secretPath(p);
    if (why) {
      skipped.push({ path: p, reason: why });
      return;
    }
    const r = redacted(p, data);
    if (r.count > 0) redactions.push({ path: p, values: r.count });
    items.set(p, { path: p, data: r.data });
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
  for (const [p, bytes] of rec.files) addFile(p, bytes);
  for (const [dir, entries] of rec.dirs) {
    addDir(dir);
    for (const e of entries) {
      const child = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.type === 'dir') addDir(child);
      // A listed file that was never read keeps its name (listings must match) but not its bytes.
      else if (e.type === 'file' && child !== 'capture.json' && !items.has(child) && !secretPath(child)) items.set(child, { path: child, data: Buffer.alloc(0) });
    }
  }
  for (const [p, kind] of rec.present) {
    if (kind === 'dir') addDir(p);
    else if (p !== 'capture.json' && !items.has(p) && !secretPath(p)) items.set(p, { path: p, data: Buffer.alloc(0) });
  }
  for (const [p, reason] of rec.failed) if (reason !== 'missing') skipped.push({ path: p, reason: `unreadable (${reason})` });

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
    files: kept.filter((i): i is { path: string; data: Buffer } => 'data' in i).map((i) => ({ path: i.path, size: i.data.length })),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)),
    redacted: redactions.sort((a, b) => (a.path < b.path ? -1 : 1)),
    cut: cutFiles > 0 ? { files: cutFiles, bytes: cutBytes } : null,
  };
  const { packTar } = await tarLib();
  const mtime = now;
  const entries = [
    { header: { name: 'capture.json', size: 0, type: 'file' as const, mtime }, body: `${JSON.stringify(manifest, null, 2)}\n` },
    ...kept.map((it) =>
      'dir' in it
        ? { header: { name: `${it.path}/`, size: 0, type: 'directory' as const, mtime, mode: 0o755 } }
        : { header: { name: it.path, size: it.data.length, type: 'file' as const, mtime, mode: 0o644 }, body: new Uint8Array(it.data) },
    ),
  ];
  entries[0]!.header.size = Buffer.byteLength(entries[0]!.body as string);
  return { tar: await packTar(entries), manifest, result };
}

export function gzip(tar: Uint8Array): Buffer {
  return gzipSync(tar, { level: 6 });
}

