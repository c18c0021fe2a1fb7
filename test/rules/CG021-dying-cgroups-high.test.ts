import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG021-dying-cgroups-high.js';
import { cgroupIn, run, subjects, v1Node } from './trees.js';

describe('CG021 dying-cgroups-high', () => {
  it('v2: nr_dying_descendants against the threshold', () => {
    const v2 = (n: number) => ({
      'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
      'sys/fs/cgroup/cgroup.stat': `nr_descendants 10\nnr_dying_descendants ${n}\n`,
      'sys/fs/cgroup/cgroup.procs': '',
    });
    expect(subjects(rule, v2(5000))).toEqual(['/']);
    expect(subjects(rule, v2(4999))).toEqual([]);
  });

  it('v1: memory num_cgroups beyond the directories that exist', () => {
    const rows = (n: number) => ({ 'proc/cgroups': `#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory 3 ${n} 1\n` });
    const tree = (n: number) => v1Node({ ...rows(n), ...cgroupIn(['memory'], '/a'), ...cgroupIn(['memory'], '/a/b') });
    expect(subjects(rule, tree(5003))).toEqual(['memory']);
    expect(subjects(rule, tree(5002))).toEqual([]);
    const r = run(rule, tree(9003));
    expect(Array.isArray(r) && r[0]!.message).toBe(
      'memory has 9003 cgroups in proc/cgroups but only 3 directories exist: about 9000 are dying, removed but still held by the kernel',
    );
  });
});
