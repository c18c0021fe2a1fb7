import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG015-controller-not-delegated.js';
import { subjects } from './trees.js';
import type { Tree } from './trees.js';

const POD = 'pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c';

function v2(dirs: Record<string, { sub: string; type?: string }>, procs: Tree = {}): Tree {
  const t: Tree = {
    'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
    'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
    ...procs,
  };
  for (const [d, v] of Object.entries(dirs)) {
    const base = d === '/' ? 'sys/fs/cgroup' : `sys/fs/cgroup${d}`;
    t[`${base}/cgroup.subtree_control`] = `${v.sub}\n`;
    t[`${base}/cgroup.procs`] = '';
    if (v.type) t[`${base}/cgroup.type`] = `${v.type}\n`;
  }
  return t;
}

const SYSTEMD: Tree = { 'proc/1/comm': 'systemd\n', 'proc/1/cmdline': '/sbin/init\0', 'proc/1/cgroup': '0::/init.scope\n' };
const KUBELET: Tree = { 'proc/100/comm': 'kubelet\n', 'proc/100/cmdline': '/usr/bin/kubelet\0', 'proc/100/cgroup': '0::/system.slice/kubelet.service\n' };

describe('CG015 controller-not-delegated', () => {
  const good = 'cpuset cpu io memory pids';
  it('names each cgroup on the path to a pod that does not pass a required controller on', () => {
    expect(
      subjects(
        rule,
        v2({
          '/': { sub: good },
          '/kubepods': { sub: 'cpu memory pids' },
          '/kubepods/burstable': { sub: good },
          '/kubepods/besteffort': { sub: 'cpu cpuset memory' },
          [`/kubepods/besteffort/${POD}`]: { sub: good },
        }),
      ),
    ).toEqual(['/kubepods', '/kubepods/besteffort']);
  });

  it('leaves a QoS cgroup with no pod below it alone: runc enables controllers only in the parents of what it creates', () => {
    const dirs = { '/': { sub: good }, '/kubepods': { sub: good }, '/kubepods/burstable': { sub: '' }, '/kubepods/besteffort': { sub: '' } };
    expect(subjects(rule, v2(dirs, { ...SYSTEMD, ...KUBELET }))).toEqual([]);
    expect(subjects(rule, v2({ ...dirs, [`/kubepods/burstable/${POD}`]: { sub: '' } }, { ...SYSTEMD, ...KUBELET }))).toEqual(['/kubepods/burstable']);
  });

  it('checks the root and the pods root while kubelet runs or a pod cgroup exists, not on a node with neither', () => {
    const dirs = { '/': { sub: good }, '/kubepods': { sub: '' }, '/kubepods/burstable': { sub: '' }, '/kubepods/besteffort': { sub: '' } };
    expect(subjects(rule, v2(dirs, SYSTEMD))).toEqual([]);
    expect(subjects(rule, v2(dirs, { ...SYSTEMD, ...KUBELET }))).toEqual(['/kubepods']);
    expect(subjects(rule, v2({ ...dirs, [`/kubepods/${POD}`]: { sub: '' } }, SYSTEMD))).toEqual(['/kubepods']);
  });

  it('reports a threaded cgroup on the path, and ignores cgroups off the path', () => {
    expect(
      subjects(
        rule,
        v2({
          '/': { sub: good },
          '/kubepods': { sub: good, type: 'threaded' },
          '/kubepods/burstable': { sub: good },
          '/kubepods/besteffort': { sub: good },
          '/system.slice/x.service': { sub: '', type: 'domain invalid' },
        }),
      ),
    ).toEqual(['/kubepods']);
  });

  it('only asks for controllers the root offers', () => {
    const t = v2({ '/': { sub: 'cpu memory' }, '/kubepods': { sub: 'cpu memory' }, '/kubepods/burstable': { sub: 'cpu memory' }, '/kubepods/besteffort': { sub: 'cpu memory' } });
    t['sys/fs/cgroup/cgroup.controllers'] = 'cpu memory\n';
    expect(subjects(rule, t)).toEqual([]);
  });
});
