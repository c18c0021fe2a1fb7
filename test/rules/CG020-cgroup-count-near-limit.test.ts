import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG020-cgroup-count-near-limit.js';
import { run } from './trees.js';

const tree = (rows: string) => ({ 'proc/cgroups': `#subsys_name\thierarchy\tnum_cgroups\tenabled\n${rows}` });
const found = (rows: string) => {
  const r = run(rule, tree(rows));
  return Array.isArray(r) ? r.map((f) => `${f.subject}:${f.severity}`) : r;
};

describe('CG020 cgroup-count-near-limit', () => {
  it.each([
    ['memory 4 32767 1\n', []],
    ['memory 4 32768 1\n', ['memory:warning']],
    ['memory 4 60000 1\n', ['memory:error']],
    ['memory 4 65000 0\n', []],
    ['cpu 2 40000 1\ncpuacct 2 40000 1\n', ['cpu,cpuacct:warning']],
    ['cpu 0 61000 1\nmemory 0 61000 1\npids 0 61000 1\n', ['cpu,memory,pids:error']],
  ])('%j', (rows, want) => expect(found(rows)).toEqual(want));
});
