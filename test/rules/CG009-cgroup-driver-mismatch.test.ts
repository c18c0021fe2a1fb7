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

describe('CG009 and KubeletCgroupDriverFromCRI: the driver the kubelet really uses', () => {
  // containerd 2.x (config version 3) answers the RuntimeConfig call; kubelet 1.31+ asks by default.
  const node = (version: string | undefined, args: string[], config = cfg(3, false), yaml = 'cgroupDriver: systemd\n') =>
    v1Node({
      ...kubelet(['--config=/k.yaml', ...args]),
      ...containerd(),
      'k.yaml': yaml,
      'etc/containerd/config.toml': config,
      ...(version ? { 'var/lib/dpkg/status': `Package: kubelet\nStatus: install ok installed\nVersion: ${version}-1.1\n` } : {}),
    });
  const found = (tree: ReturnType<typeof node>) => {
    const r = run(rule, tree);
    return Array.isArray(r) ? r.map((f) => [f.severity, f.message.replace(/^.*?; (?=kubelet \d|a kubelet|containerd before)|^kubelet's setting says .*?, but /, '')]) : r;
  };

  it.each<[string, string | undefined, string[], string, RegExp, string?]>([
    [
      '1.31: on by default, so the config is only noted',
      '1.31.2',
      [],
      'info',
      /^kubelet 1\.31\.2 takes the driver from containerd over CRI \(KubeletCgroupDriverFromCRI, on by default from 1\.31\): both use "cgroupfs"/,
    ],
    ['1.34: always', '1.34.0', ['--feature-gates=KubeletCgroupDriverFromCRI=false'], 'info', /always from 1\.34/],
    ['1.30 with the alpha gate on', '1.30.4', ['--feature-gates=KubeletCgroupDriverFromCRI=true'], 'info', /, enabled\)/],
    [
      '1.30 without the gate: its own setting, a real mismatch',
      '1.30.4',
      [],
      'error',
      /^kubelet 1\.30\.4 has KubeletCgroupDriverFromCRI off \(alpha before 1\.31\) and uses its own setting\.$/,
    ],
    [
      '1.32 with the gate turned off in the config',
      '1.32.1',
      [],
      'error',
      /has KubeletCgroupDriverFromCRI disabled/,
      'cgroupDriver: systemd\nfeatureGates:\n  KubeletCgroupDriverFromCRI: false\n',
    ],
    [
      'version unknown: a warning that says both outcomes',
      undefined,
      [],
      'warning',
      /^a kubelet 1\.31\+ takes the driver from containerd over CRI .* the kubelet's version is unknown/,
    ],
  ])('%s', (_n, version, args, severity, message, yaml) => {
    const [f, ...rest] = found(node(version, args, cfg(3, false), yaml)) as Array<[string, string]>;
    expect(rest).toEqual([]);
    expect(f![0]).toBe(severity);
    expect(f![1]).toMatch(message);
  });

  it('containerd 1.x cannot report its driver: the mismatch stands on any kubelet', () => {
    const [f] = found(node('1.34.0', [], cfg(2, false))) as Array<[string, string]>;
    expect(f).toEqual(['error', 'containerd before 2.0 (config version < 3) cannot report its driver over CRI, so kubelet uses its own setting.']);
  });
});
