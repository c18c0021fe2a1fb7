import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG009-cgroup-driver-mismatch.js';
import { containerd, kubelet, run, subjects, v1Node } from './trees.js';

const cfg = (v: 2 | 3, on: boolean) =>
  `version = ${v}\n[plugins."${v === 3 ? 'io.containerd.cri.v1.runtime' : 'io.containerd.grpc.v1.cri'}".containerd.runtimes.runc.options]\nSystemdCgroup = ${on}\n`;

describe('CG009 cgroup-driver-mismatch', () => {
  it('fills in both real values', () => {
    const r = run(rule, v1Node({ ...kubelet(['--cgroup-driver=systemd']), ...containerd(), 'etc/containerd/config.toml': cfg(2, false) }));
    expect(Array.isArray(r) && r[0]!.message).toMatch(/^kubelet uses "systemd" \(--cgroup-driver="systemd"\), containerd uses "cgroupfs" \(runtime "runc" SystemdCgroup = false;/);
  });

  it.each([
    ['kubelet default cgroupfs vs containerd default', [], undefined, []],
    ['systemd on both (config v3)', ['--cgroup-driver=systemd'], cfg(3, true), []],
    ['flag beats config file', ['--cgroup-driver=cgroupfs', '--config=/k.yaml'], cfg(2, false), []],
    ['kubelet systemd vs containerd without config file', ['--cgroup-driver=systemd'], undefined, ['containerd']],
  ])('%s', (_n, args, config, want) => {
    const tree = v1Node({ ...kubelet(args), ...containerd(), 'k.yaml': 'cgroupDriver: systemd\n', ...(config ? { 'etc/containerd/config.toml': config } : {}) });
    expect(subjects(rule, tree)).toEqual(want);
  });

  it('uses docker daemon.json for a dockerd node', () => {
    const tree = v1Node({
      ...kubelet(['--cgroup-driver=systemd']),
      'proc/300/comm': 'dockerd\n',
      'proc/300/cmdline': 'dockerd\0',
      'etc/docker/daemon.json': '{"exec-opts":["native.cgroupdriver=cgroupfs"]}',
    });
    expect(subjects(rule, tree)).toEqual(['docker']);
  });

  it('is skipped without a runtime', () => {
    expect(subjects(rule, v1Node(kubelet([])))).toMatchObject({ skipped: expect.stringMatching(/^no container runtime/) });
  });
});
