import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG011-systemd-path-under-cgroupfs.js';
import { TRIPLET } from '../../src/collect/cgroupfs.js';
import { cgroupIn, run, v1Node } from './trees.js';

const T = 'kubepods-besteffort-pod2c1e9612_3136_47b9_a86d_a4e08aa53bd1.slice:cri-containerd:ad803a3a6b5653aa8e3532f584d748032589ff08e9fea4f96200657f5620712d';

describe('CG011 systemd-path-under-cgroupfs', () => {
  it.each([
    [T, true],
    ['kubepods-burstable.slice', false],
    ['cri-containerd-ad80.scope', false],
    ['backup:nightly', false],
    ['a.slice:b', false],
  ])('%s matches the triplet form: %s', (name, want) => expect(TRIPLET.test(name)).toBe(want));

  it('groups triplets by parent and counts the hierarchies they are in', () => {
    const tree = v1Node({ ...cgroupIn(['cpuset', 'memory'], `/${T}`), ...cgroupIn(['memory'], `/system.slice/containerd.service/${T}`) });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence.map((e) => `${e.path} ${e.excerpt}`)])).toEqual([
      ['/', [`sys/fs/cgroup/cpuset/${T} in 2 hierarchies`]],
      ['/system.slice/containerd.service', [`sys/fs/cgroup/memory/system.slice/containerd.service/${T} in 1 hierarchy`]],
    ]);
  });
});
