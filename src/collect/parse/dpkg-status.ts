import type { ParseWarning } from './diagnostic.js';
import { splitLines } from './diagnostic.js';

/**
 * `var/lib/dpkg/status`, the package database of Debian and Ubuntu nodes, read without running
 * dpkg. Format (deb-control(5), dpkg(1)): stanzas of `Field: value` lines separated by blank
 * lines; a line starting with a space or tab continues the field above. `Status:` is three words,
 * want, error flag and state; a package's files are on disk from the state `unpacked` on, and a
 * removed package whose configuration was kept is `config-files`: its binaries are gone.
 */

export interface DpkgPackage {
  name: string;
  /** Debian version, as dpkg has it: [epoch:]upstream[-revision]. */
  version: string;
  architecture?: string;
  /** The third word of Status: installed, config-files, unpacked, half-configured, ... */
  state: string;
  /** The line of the stanza's Package field. */
  line: number;
}

export interface DpkgStatus {
  path: string;
  packages: DpkgPackage[];
  warnings: ParseWarning[];
}

/** States in which the package's files are on disk (dpkg(1), "Package states"). */
const ON_DISK = new Set(['unpacked', 'half-configured', 'triggers-awaited', 'triggers-pending', 'installed']);

export const filesOnDisk = (p: DpkgPackage): boolean => ON_DISK.has(p.state);

export function parseDpkgStatus(text: string, path = 'var/lib/dpkg/status'): DpkgStatus {
  const packages: DpkgPackage[] = [];
  const warnings: ParseWarning[] = [];
  let fields = new Map<string, string>();
  let start = 0;
  const end = () => {
    if (fields.size === 0) return;
    const name = fields.get('package');
    const version = fields.get('version');
    const status = fields.get('status')?.split(/\s+/);
    if (!name) warnings.push({ path, line: start, message: 'a stanza without a Package field' });
    // A package never installed (state not-installed) may have no Version: nothing is on disk.
    else if (status?.length === 3 && version)
      packages.push({ name, version, state: status[2]!, line: start, ...(fields.has('architecture') ? { architecture: fields.get('architecture')! } : {}) });
    else if (status?.[2] !== 'not-installed') warnings.push({ path, line: start, message: `package ${name}: no Version or a Status that is not three words` });
    fields = new Map();
  };
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') {
      end();
      return;
    }
    // Continuation lines (Description, Conffiles) carry nothing the version checks need.
    if (raw[0] === ' ' || raw[0] === '\t') return;
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      warnings.push({ path, line: i + 1, message: `not a "Field: value" line: ${JSON.stringify(raw.slice(0, 60))}` });
      return;
    }
    if (fields.size === 0) start = i + 1;
    fields.set(raw.slice(0, colon).toLowerCase(), raw.slice(colon + 1).trim());
  });
  end();
  return { path, packages, warnings };
}

/**
 * The parts of a Debian version (deb-version(7)): the epoch before the first colon, the revision
 * after the last hyphen, the upstream version between; and the upstream's leading dotted
 * numbers, which is what release notes compare ("1.6.20" of "1.6.20~ds1", "24.0.7" of
 * "5:24.0.7-1~debian.12~bookworm").
 */
export function debianVersion(v: string): { epoch: number; upstream: string; revision?: string; numbers?: number[] } {
  const colon = v.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  const upstream = dash > 0 ? rest.slice(0, dash) : rest;
  const m = /^(\d+(?:\.\d+)*)/.exec(upstream);
  return { epoch, upstream, ...(dash > 0 ? { revision: rest.slice(dash + 1) } : {}), ...(m ? { numbers: m[1]!.split('.').map(Number) } : {}) };
}
