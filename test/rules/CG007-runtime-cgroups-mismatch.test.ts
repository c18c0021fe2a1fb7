import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG007-runtime-cgroups-mismatch.js';
import { containerd, run, subjects, v1Node } from './trees.js';
import { kubelet } from './trees.js';

describe('CG007 runtime-cgroups-mismatch', () => {
  it('fires when no runtime daemon is in the cgroup, and suggests where it is', () => {
    const r = run(rule, v1Node({ ...kubelet(['--runtime-cgroups=/system.slice/docker.service']), ...containerd() }));
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.message])).toEqual([
      [
        '/system.slice/docker.service',
        'no runtime daemon runs in "/system.slice/docker.service" (--runtime-cgroups="/system.slice/docker.service"): containerd (pid 200) runs in "/system.slice/containerd.service"',
      ],
    ]);
  });

  it('matches a runtime in the cgroup in any hierarchy', () => {
    expect(subjects(rule, v1Node({ ...kubelet(['--runtime-cgroups=/runtime']), ...containerd(200, '/runtime') }))).toEqual([]);
  });

  it('is skipped when no runtime daemon runs', () => {
    expect(subjects(rule, v1Node(kubelet(['--runtime-cgroups=/x'])))).toMatchObject({ skipped: expect.stringMatching(/no containerd, dockerd or crio process/) });
  });
});
