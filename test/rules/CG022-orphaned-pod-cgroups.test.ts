import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG022-orphaned-pod-cgroups.js';
import { podUid } from '../../src/collect/cgroupfs.js';
import { cgroupIn, run, subjects, v1Node } from './trees.js';

const U1 = '7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c';
const U2 = '5e1f0a2b-8c3d-4e5f-9a6b-7c8d9e0f1a2b';

describe('CG022 orphaned-pod-cgroups', () => {
  it.each([
    [`pod${U1}`, U1],
    [`kubepods-burstable-pod${U1.replaceAll('-', '_')}.slice`, U1],
    [`kubepods-pod${U1.replaceAll('-', '_')}.slice`, U1],
    ['kubepods-burstable.slice', undefined],
    ['burstable', undefined],
  ])('%s -> %s', (name, uid) => expect(podUid(name)).toBe(uid));

  it('lists pod cgroups without a kubelet pod directory', () => {
    const tree = v1Node({ ...cgroupIn(['systemd'], `/kubepods/burstable/pod${U1}`), ...cgroupIn(['systemd'], `/kubepods/pod${U2}`), [`var/lib/kubelet/pods/${U1}/etc-hosts`]: '' });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence.map((e) => e.path)])).toEqual([['/kubepods', [`sys/fs/cgroup/systemd/kubepods/pod${U2}`]]]);
  });

  it('follows --root-dir, and is skipped when the pods directory was not captured', () => {
    const pods = cgroupIn(['systemd'], `/kubepods/pod${U1}`);
    const kubelet = { 'proc/9/comm': 'kubelet\n', 'proc/9/cmdline': '/usr/bin/kubelet\0--root-dir=/data/kubelet\0' };
    expect(subjects(rule, v1Node({ ...pods, ...kubelet, [`data/kubelet/pods/${U1}/x`]: '' }))).toEqual([]);
    expect(subjects(rule, v1Node(pods))).toMatchObject({ skipped: expect.stringMatching(/pods directory/) });
  });
});
