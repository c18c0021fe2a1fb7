import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG001-cpuset-empty.js';
import { kubelet, run, subjects, v1Node } from './trees.js';

const empty = (path: string, procs = '') => ({
  [`sys/fs/cgroup/cpuset${path}/cpuset.cpus`]: '\n',
  [`sys/fs/cgroup/cpuset${path}/cpuset.mems`]: '0\n',
  [`sys/fs/cgroup/cpuset${path}/cgroup.procs`]: procs,
});

describe('CG001 cpuset-empty', () => {
  it.each([
    [
      'a cgroup named by --kubelet-cgroups',
      { ...empty('/system.slice/kubelet.service'), ...kubelet(['--kubelet-cgroups=/system.slice/kubelet.service']) },
      ['/system.slice/kubelet.service'],
    ],
    ['the cgroup of the kubelet unit, even without the flag', { ...empty('/system.slice/kubelet.service'), ...kubelet([]) }, ['/system.slice/kubelet.service']],
    ['anything under the pods root', { ...empty('/kubepods'), ...empty('/kubepods/besteffort/podx') }, ['/kubepods', '/kubepods/besteffort/podx']],
    ['a cgroup holding processes', empty('/batch/job1', '4242\n'), ['/batch/job1']],
    ['not an idle, unused directory', empty('/machine.slice/vm1'), []],
  ])('%s', (_name, extra, want) => {
    expect(subjects(rule, v1Node(extra))).toEqual(want);
  });

  it('reports both empty files of one cgroup as one finding', () => {
    const tree = v1Node({ ...empty('/kubepods'), 'sys/fs/cgroup/cpuset/kubepods/cpuset.mems': '\n' });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => f.evidence.map((e) => e.path))).toEqual([['sys/fs/cgroup/cpuset/kubepods/cpuset.cpus', 'sys/fs/cgroup/cpuset/kubepods/cpuset.mems']]);
  });

  it('is skipped with neither a v1 cpuset hierarchy nor a readable v2 tree', () => {
    expect(run(rule, { 'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n' })).toEqual({
      skipped: 'no v1 cpuset hierarchy is mounted; sys/fs/cgroup is not in the scanned tree',
    });
  });
});
