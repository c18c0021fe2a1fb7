/** Values of cgroup control files: CPU and memory-node lists, `max`, and `cpu.max` pairs. */

/** `0-3,8-11` -> [0,1,2,3,8,9,10,11]; an empty list is valid (an empty cpuset). */
export function parseCpuList(text: string): { cpus: number[] } | { error: string } {
  const t = text.trim();
  if (t === '') return { cpus: [] };
  const out: number[] = [];
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return { error: `"${part}" is not a CPU number or range` };
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return { error: `range "${part}" runs backwards` };
    if (b - a > 65536) return { error: `range "${part}" is larger than any machine` };
    for (let i = a; i <= b; i++) out.push(i);
  }
  return { cpus: out };
}

/** The kernel's own rendering of a CPU list: sorted, merged ranges. */
export function formatCpuList(cpus: number[]): string {
  const s = [...new Set(cpus)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** `max` or a non-negative integer (memory.max, pids.max). */
export function parseMax(text: string): { value: number | 'max' } | { error: string } {
  const t = text.trim();
  if (t === 'max') return { value: 'max' };
  return /^\d+$/.test(t) ? { value: Number(t) } : { error: `"${t}" is neither max nor a number` };
}

/** cpu.max: `$MAX $PERIOD`, where MAX is `max` or microseconds. */
export function parseCpuMax(text: string): { quota: number | 'max'; period: number } | { error: string } {
  const m = /^(max|\d+)\s+(\d+)$/.exec(text.trim());
  if (!m) return { error: `"${text.trim()}" is not "max PERIOD" or "QUOTA PERIOD"` };
  return { quota: m[1] === 'max' ? 'max' : Number(m[1]), period: Number(m[2]) };
}
