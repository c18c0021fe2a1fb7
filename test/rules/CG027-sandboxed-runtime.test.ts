import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG027-sandboxed-runtime.js';
import { cgroupIn, containerd, run, subjects, v1Node } from './trees.js';

const config = (type: string) => ({ 'etc/containerd/config.toml': `version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.x]\nruntime_type = "${type}"\n` });

describe('CG027 sandboxed-runtime', () => {
  it.each([
    ['io.containerd.kata.v2', ['sandboxed runtime']],
    ['io.containerd.kata-qemu.v2', ['sandboxed runtime']],
    ['io.containerd.runsc.v1', ['sandboxed runtime']],
    ['io.containerd.runc.v2', []],
  ])('runtime_type %s', (type, want) => expect(subjects(rule, v1Node({ ...containerd(), ...config(type) }))).toEqual(want));

  it('also sees a kata_overhead cgroup and a kata sandbox_cgroup_only setting', () => {
    const r = run(rule, v1Node({ ...cgroupIn(['cpuset'], '/kata_overhead'), 'etc/kata-containers/configuration.toml': '[runtime]\nsandbox_cgroup_only = true\n' }));
    expect(Array.isArray(r) && r[0]!.evidence.map((e) => e.path)).toEqual(['sys/fs/cgroup/cpuset/kata_overhead', 'etc/kata-containers/configuration.toml']);
  });
});
