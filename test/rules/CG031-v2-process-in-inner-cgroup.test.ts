import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG031-v2-process-in-inner-cgroup.js';
import { subjects } from './trees.js';

const tree = (procs: Record<string, string>) => {
  const t: Record<string, string> = { 'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', 'sys/fs/cgroup/cgroup.controllers': 'cpu memory\n' };
  for (const d of [
    '',
    '/kubepods',
    '/kubepods/burstable',
    '/kubepods/besteffort',
    '/kubepods/burstable/pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c',
    '/kubepods/burstable/pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c/ctr',
  ]) {
    t[`sys/fs/cgroup${d}/cgroup.procs`] = procs[d] ?? '';
    t[`sys/fs/cgroup${d}/cgroup.subtree_control`] = d.endsWith('ctr') ? '\n' : 'cpu memory\n';
  }
  return t;
};

describe('CG031 v2-process-in-inner-cgroup', () => {
  it('fires for processes in inner cgroups of the pods path, never the root or a leaf', () => {
    expect(subjects(rule, tree({ '': '1\n', '/kubepods/burstable': '42\n', '/kubepods/burstable/pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c': '43\n' }))).toEqual([
      '/kubepods/burstable',
      '/kubepods/burstable/pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c',
    ]);
    expect(subjects(rule, tree({ '': '1\n', '/kubepods/burstable/pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c/ctr': '44\n' }))).toEqual([]);
  });
});
