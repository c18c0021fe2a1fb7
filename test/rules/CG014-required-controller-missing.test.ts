import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG014-required-controller-missing.js';
import { run, subjects, v1Node } from './trees.js';

const cgroups = (rows: string) => `#subsys_name\thierarchy\tnum_cgroups\tenabled\n${rows}`;
const ALL = ['cpuset', 'cpu', 'cpuacct', 'memory', 'devices', 'freezer', 'pids'];

describe('CG014 required-controller-missing', () => {
  const mountsAll = ALL.map((c, i) => `${40 + i} 25 0:${40 + i} / /sys/fs/cgroup/${c} rw - cgroup cgroup rw,${c}`).join('\n');
  it('v1: absent, disabled and unmounted controllers', () => {
    const tree = v1Node({
      'proc/self/mountinfo': `${mountsAll
        .split('\n')
        .filter((l) => !l.includes('freezer'))
        .join('\n')}\n`,
      'proc/cgroups': cgroups('cpuset 1 1 1\ncpu 2 1 1\ncpuacct 3 1 1\nmemory 0 1 0\ndevices 5 1 1\nfreezer 6 1 1\n'),
    });
    expect(subjects(rule, tree)).toEqual(['freezer', 'memory', 'pids']);
  });

  it('v2: required controllers are errors, io and hugetlb warnings', () => {
    const tree = {
      'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
      'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu memory\n',
      'sys/fs/cgroup/cgroup.procs': '1\n',
    };
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => `${f.subject}:${f.severity}`)).toEqual(['pids:error', 'hugetlb:warning', 'io:warning']);
  });
});
