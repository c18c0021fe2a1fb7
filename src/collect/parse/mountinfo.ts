import type { ParseWarning } from './diagnostic.js';
import { clip } from './diagnostic.js';

/** One line of /proc/<pid>/mountinfo (proc(5)), with octal escapes decoded. */
export interface Mount {
  id: number;
  parentId: number;
  major: number;
  minor: number;
  /** The mount's root within its filesystem: not `/` for a cgroup namespace or bind mount. */
  root: string;
  mountpoint: string;
  options: string[];
  optionalFields: string[];
  fstype: string;
  source: string;
  superOptions: string[];
  line: number;
}

export interface MountTable {
  path: string;
  /** Mounts that passed `keep` (by default: cgroup and cgroup2 filesystems). */
  mounts: Mount[];
  /** Every non-empty line, kept or not: mountinfo bloat is itself a symptom. */
  lineCount: number;
  /** How often each `fstype source` and each mountpoint shape occurs, for the bloat report. */
  sources: Map<string, number>;
  targets: Map<string, number>;
  warnings: ParseWarning[];
}

/** Distinct keys kept per counter: a leak repeats a few keys; a hostile file cannot grow the map. */
const MAX_KEYS = 4096;

function count(map: Map<string, number>, key: string): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + 1);
  else if (map.size < MAX_KEYS) map.set(key, 1);
}

/** A mountpoint with its ids blanked, so 36,000 leaked shm mounts count as one target. */
export function mountpointShape(p: string): string {
  return p.replace(/[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}/g, '<uid>').replace(/[0-9a-f]{12,}/g, '<id>').replace(/(?<=[/_-])\d+(?=$|[/_.-])/g, 'N');
}

/** Counts a line's `fstype source` and mountpoint shape without splitting the whole line. */
function tally(raw: string, sources: Map<string, number>, targets: Map<string, number>): void {
  const sep = raw.indexOf(' - ');
  if (sep >= 0) {
    const rest = raw.slice(sep + 3).split(' ', 2);
    if (rest.length === 2) count(sources, `${rest[0]} ${unescapeOctal(rest[1]!)}`);
  }
  let i = -1;
  for (let f = 0; f < 4; f++) {
    i = raw.indexOf(' ', i + 1);
    if (i < 0) return;
  }
  const end = raw.indexOf(' ', i + 1);
  if (end > i) count(targets, mountpointShape(unescapeOctal(raw.slice(i + 1, end))));
}

export interface MountinfoOptions {
  path?: string;
  keep?: (m: Mount) => boolean;
}

export const isCgroupMount = (m: Mount): boolean => m.fstype === 'cgroup' || m.fstype === 'cgroup2';

/** Decodes the kernel's `\NNN` octal escapes (space, tab, newline, backslash). */
export function unescapeOctal(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

const INT = /^\d+$/;

/** Parses one line; returns a reason string when the line cannot be used. */
export function parseMountLine(text: string, line: number): Mount | string {
  // Fields are single-space separated, but tolerate runs of spaces (seen in the wild before `-`).
  // Only spaces: a raw CR or tab inside a path is data, not a separator.
  const f = text.split(' ').filter((t) => t !== '');
  const sep = f.indexOf('-', 6);
  if (f.length < 7) return `not enough fields (${f.length}), line ignored`;
  if (sep < 0) return 'no " - " separator before the filesystem type, line ignored';
  if (f.length - sep - 1 < 3) return 'not enough fields after the separator (need type, source and super options), line ignored';
  const [id, parent, devno, root, mountpoint, options] = f as [string, string, string, string, string, string];
  if (!INT.test(id) || !INT.test(parent)) return `mount id "${clip(id, 40)}" or parent id "${clip(parent, 40)}" is not a number, line ignored`;
  const dev = /^(\d+):(\d+)$/.exec(devno);
  if (!dev) return `device "${clip(devno, 40)}" is not major:minor, line ignored`;
  return {
    id: Number(id),
    parentId: Number(parent),
    major: Number(dev[1]),
    minor: Number(dev[2]),
    root: unescapeOctal(root),
    mountpoint: unescapeOctal(mountpoint),
    options: options.split(','),
    optionalFields: f.slice(6, sep),
    fstype: f[sep + 1]!,
    source: unescapeOctal(f[sep + 2]!),
    // Some filesystems put spaces in their options (seen with aufs); keep the rest of the line.
    superOptions: unescapeOctal(f.slice(sep + 3).join(' ')).split(','),
    line,
  };
}

/**
 * Parses mountinfo text. Cheap for huge files: lines that cannot be cgroup mounts are only
 * counted, never split, unless `keep` asks for more.
 */
export function parseMountinfo(text: string, options: MountinfoOptions = {}): MountTable {
  const path = options.path ?? 'proc/self/mountinfo';
  const keep = options.keep ?? isCgroupMount;
  const prefilter = options.keep === undefined;
  const mounts: Mount[] = [];
  const warnings: ParseWarning[] = [];
  const sources = new Map<string, number>();
  const targets = new Map<string, number>();
  let lineCount = 0;
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    lineCount++;
    tally(raw, sources, targets);
    // A scan only needs cgroup mounts, so other lines are counted but not split (or checked).
    if (prefilter && !raw.includes('cgroup')) continue;
    const m = parseMountLine(raw, lineNo);
    if (typeof m === 'string') {
      warnings.push({ path, line: lineNo, message: m });
      continue;
    }
    if (keep(m)) mounts.push(m);
  }
  return { path, mounts, lineCount, sources, targets, warnings };
}
