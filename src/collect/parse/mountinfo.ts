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

function count(map: Map<string, number>, key: string, weight = 1): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + weight);
  else if (map.size < MAX_KEYS) map.set(key, weight);
}

/** Mountpoint shapes are tallied for every line up to here, then for one line in TARGET_SAMPLE. */
export const TARGET_EXACT = 20_000;
const TARGET_SAMPLE = 64;

const HEX_ID = /^[0-9a-f]{12,}$/;
const UID = /^[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}$/;
const NUM = /^\d+$/;

/**
 * A mountpoint with its ids blanked, so 36,000 leaked shm mounts count as one target. Works one
 * path component at a time with anchored tests: an unanchored uid pattern backtracks on every
 * 64-hex id and took seconds over a million lines.
 */
export function mountpointShape(p: string): string {
  const parts = p.split('/');
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    if (c.length >= 12 && HEX_ID.test(c)) parts[i] = '<id>';
    else if (c.length === 36 && UID.test(c)) parts[i] = '<uid>';
    else if (NUM.test(c)) parts[i] = 'N';
  }
  return parts.join('/');
}

export interface MountinfoOptions {
  path?: string;
  keep?: (m: Mount) => boolean;
}

const isCgroupMount = (m: Mount): boolean => m.fstype === 'cgroup' || m.fstype === 'cgroup2';

/** Decodes the kernel's `\NNN` octal escapes (space, tab, newline, backslash). */
function unescapeOctal(s: string): string {
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
 * Parses mountinfo text as it streams in. Cheap for huge files: lines that cannot be cgroup mounts
 * are only counted and tallied, never split, unless `keep` asks for more; after `maxLines` lines
 * are only counted, so a leak of a million mounts still reports its size.
 */
export class MountinfoParser {
  private readonly path: string;
  private readonly keep: (m: Mount) => boolean;
  private readonly prefilter: boolean;
  private readonly maxLines: number;
  private readonly mounts: Mount[] = [];
  private readonly warnings: ParseWarning[] = [];
  private readonly sources = new Map<string, number>();
  private readonly targets = new Map<string, number>();
  private lineCount = 0;
  private lineNo = 0;
  private rest = '';

  constructor(options: MountinfoOptions & { maxLines?: number } = {}) {
    this.path = options.path ?? 'proc/self/mountinfo';
    this.keep = options.keep ?? isCgroupMount;
    this.prefilter = options.keep === undefined;
    this.maxLines = options.maxLines ?? Infinity;
  }

  /** Where the next "cgroup" is in the current chunk: found once, not once per line. */
  private cgPos = -1;

  /**
   * One line, as indices into the chunk: most lines are only counted and tallied, and never become
   * strings of their own. Only lines that can be cgroup mounts are split.
   */
  private lineAt(text: string, s: number, e: number): void {
    this.lineNo++;
    if (e === s) return;
    if (text.charCodeAt(s) <= 32 && text.slice(s, e).trim() === '') return;
    this.lineCount++;
    if (this.lineCount > this.maxLines) return;
    const sep = text.indexOf(' - ', s);
    if (sep >= 0 && sep < e) {
      const a = sep + 3;
      const b = text.indexOf(' ', a);
      const c = b >= 0 && b < e ? text.indexOf(' ', b + 1) : -1;
      count(this.sources, text.slice(a, c >= 0 && c < e ? c : e));
    }
    // The mountpoint shape costs most: exact for the first lines, then sampled and weighted, which
    // still names the leak in a million-line table.
    if (this.lineCount <= TARGET_EXACT || this.lineCount % TARGET_SAMPLE === 0) {
      let f = s - 1;
      for (let k = 0; k < 4 && f >= s - 1 && f < e; k++) f = text.indexOf(' ', f + 1);
      const g = f >= 0 && f < e ? text.indexOf(' ', f + 1) : -1;
      if (f >= 0 && g > f && g <= e) count(this.targets, mountpointShape(unescapeOctal(text.slice(f + 1, g))), this.lineCount <= TARGET_EXACT ? 1 : TARGET_SAMPLE);
    }
    if (this.prefilter) {
      // A scan only needs cgroup mounts, so other lines are counted but not split (or checked).
      if (this.cgPos !== Infinity && this.cgPos < s) {
        const p = text.indexOf('cgroup', s);
        this.cgPos = p < 0 ? Infinity : p;
      }
      if (this.cgPos >= e) return;
    }
    const m = parseMountLine(text.slice(s, e), this.lineNo);
    if (typeof m === 'string') this.warnings.push({ path: this.path, line: this.lineNo, message: m });
    else if (this.keep(m)) this.mounts.push(m);
  }

  push(chunk: string): this {
    const text = this.rest + chunk;
    this.cgPos = -1;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.lineAt(text, start, nl);
      start = nl + 1;
    }
    this.rest = text.slice(start);
    return this;
  }

  end(): MountTable & { truncated: boolean } {
    if (this.rest !== '') {
      this.cgPos = -1;
      this.lineAt(this.rest, 0, this.rest.length);
    }
    this.rest = '';
    return {
      path: this.path,
      mounts: this.mounts,
      lineCount: this.lineCount,
      sources: this.sources,
      targets: this.targets,
      warnings: this.warnings,
      truncated: this.lineCount > this.maxLines,
    };
  }
}

export function parseMountinfo(text: string, options: MountinfoOptions = {}): MountTable {
  return new MountinfoParser(options).push(text).end();
}
