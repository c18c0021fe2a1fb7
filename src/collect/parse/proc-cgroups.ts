import type { ParseWarning } from './diagnostic.js';
import { clip, splitLines } from './diagnostic.js';

/** One row of /proc/cgroups. */
interface ControllerStat {
  name: string;
  hierarchy: number;
  numCgroups: number;
  enabled: boolean;
  line: number;
}

export interface ProcCgroups {
  path: string;
  controllers: ControllerStat[];
  warnings: ParseWarning[];
}

const DEFAULT_COLUMNS = ['subsys_name', 'hierarchy', 'num_cgroups', 'enabled'];

/** Columns are taken from the `#` header when there is one, so reordered files parse too. */
export function parseProcCgroups(text: string, path = 'proc/cgroups'): ProcCgroups {
  const controllers: ControllerStat[] = [];
  const warnings: ParseWarning[] = [];
  let columns = DEFAULT_COLUMNS;
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) warnings.push({ path, message: 'file is empty' });
  lines.forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '') return;
    if (t.startsWith('#')) {
      const header = t.slice(1).trim().split(/\s+/);
      if (DEFAULT_COLUMNS.every((c) => header.includes(c))) columns = header;
      else warnings.push({ path, line, message: `header "${clip(t, 80)}" lacks one of ${DEFAULT_COLUMNS.join(', ')}; default column order used` });
      return;
    }
    const f = t.split(/\s+/);
    if (f.length < columns.length) {
      warnings.push({ path, line, message: `${f.length} fields, expected ${columns.length}; row ignored` });
      return;
    }
    const get = (c: string) => f[columns.indexOf(c)]!;
    const nums = ['hierarchy', 'num_cgroups', 'enabled'].map((c) => get(c));
    const bad = nums.findIndex((v) => !/^\d+$/.test(v));
    if (bad >= 0) {
      warnings.push({ path, line, message: `${['hierarchy', 'num_cgroups', 'enabled'][bad]} "${clip(nums[bad]!, 40)}" is not a number; row ignored` });
      return;
    }
    controllers.push({
      name: get('subsys_name'),
      hierarchy: Number(nums[0]),
      numCgroups: Number(nums[1]),
      enabled: nums[2] !== '0',
      line,
    });
  });
  return { path, controllers, warnings };
}
