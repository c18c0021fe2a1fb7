import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG007-runtime-cgroups-mismatch.js';
import { containerd, run, subjects, type Tree, v1Node } from './trees.js';
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

  describe("a value the distribution passes itself (k0s's --runtime-cgroups)", () => {
    // k0s's supervisor and its kubelet, which it moves into /system.slice/containerd.service.
    const k0s = (runtimeCgroups: string): Tree => ({
      'proc/40/comm': 'k0s\n',
      'proc/40/cmdline': '/usr/local/bin/k0s\0worker\0',
      'proc/40/cgroup': '6:name=systemd:/system.slice/k0sworker.service\n',
      ...kubelet([`--runtime-cgroups=${runtimeCgroups}`]),
      ...containerd(200, '/system.slice/k0sworker.service'),
    });
    const severities = (t: Tree) => {
      const r = run(rule, v1Node(t));
      return Array.isArray(r) ? r.map((f) => [f.severity, f.message.includes('which k0s passes its kubelet itself')]) : r;
    };

    it('is info: no one on the node chose it', () => {
      expect(severities(k0s('/system.slice/containerd.service'))).toEqual([['info', true]]);
    });

    it('is a warning when the user passed another value through k0s', () => {
      expect(severities(k0s('/system.slice/other.service'))).toEqual([['warning', false]]);
    });

    it('is a warning on kubeadm, which passes no such flag', () => {
      expect(severities({ ...kubelet(['--runtime-cgroups=/system.slice/containerd.service']), ...containerd(200, '/system.slice/k0sworker.service') })).toEqual([
        ['warning', false],
      ]);
    });
  });
});
