import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG015-controller-not-delegated.js';
import { subjects } from './trees.js';
import type { Tree } from './trees.js';

function v2(dirs: Record<string, { sub: string; type?: string }>): Tree {
  const t: Tree = { 'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', 'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n' };
  for (const [d, v] of Object.entries(dirs)) {
    const base = d === '/' ? 'sys/fs/cgroup' : `sys/fs/cgroup${d}`;
    t[`${base}/cgroup.subtree_control`] = `${v.sub}\n`;
    t[`${base}/cgroup.procs`] = '';
    if (v.type) t[`${base}/cgroup.type`] = `${v.type}\n`;
  }
  return t;
}

describe('CG015 controller-not-delegated', () => {
  const good = 'cpuset cpu io memory pids';
  it('names each cgroup on the path that does not pass a required controller on', () => {
    expect(
      subjects(
        rule,
        v2({ '/': { sub: good }, '/kubepods': { sub: 'cpu memory pids' }, '/kubepods/burstable': { sub: good }, '/kubepods/besteffort': { sub: 'cpu cpuset memory' } }),
      ),
    ).toEqual(['/kubepods', '/kubepods/besteffort']);
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
