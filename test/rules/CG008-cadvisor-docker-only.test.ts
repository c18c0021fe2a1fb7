import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG008-cadvisor-docker-only.js';
import { containerd, kubelet, subjects, v1Node } from './trees.js';

const dockerd = { 'proc/300/comm': 'dockerd\n', 'proc/300/cmdline': '/usr/bin/dockerd\0', 'proc/300/cgroup': '6:name=systemd:/system.slice/docker.service\n' };

describe('CG008 cadvisor-docker-only', () => {
  it.each([
    ['with kubelet/runtime/system cgroups set', { ...kubelet(['--docker-only', '--kubelet-cgroups=/system.slice/kubelet.service']), ...dockerd }, ['kubelet']],
    ['on a containerd node', { ...kubelet(['--docker-only', '--container-runtime-endpoint=unix:///run/containerd/containerd.sock']), ...containerd() }, ['kubelet']],
    ['not on docker with no cgroup settings', { ...kubelet(['--docker-only']), ...dockerd }, []],
    ['not without the flag', { ...kubelet(['--kubelet-cgroups=/x']), ...containerd() }, []],
    ['not with --docker-only=false', { ...kubelet(['--docker-only=false', '--kubelet-cgroups=/x']) }, []],
  ])('%s', (_n, extra, want) => expect(subjects(rule, v1Node(extra))).toEqual(want));
});
