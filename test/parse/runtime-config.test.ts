import { describe, expect, it } from 'vitest';
import { containerdSettings, crioDriver, dockerDriver, parseTomlFile } from '../../src/collect/parse/runtime-config.js';

function containerd(text: string) {
  return containerdSettings(parseTomlFile(text, 'etc/containerd/config.toml').table, [{ path: 'etc/containerd/config.toml', text }]);
}

describe('containerd', () => {
  it('version 2: SystemdCgroup under io.containerd.grpc.v1.cri, with its line', () => {
    const s = containerd('version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n');
    expect(s.driver).toEqual({ driver: 'systemd', path: 'etc/containerd/config.toml', line: 3, origin: 'runtime "runc" SystemdCgroup = true' });
  });

  it('version 3: SystemdCgroup under io.containerd.cri.v1.runtime; the v2 key there does not count', () => {
    expect(containerd('version = 3\n[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]\nSystemdCgroup = true\n').driver.driver).toBe('systemd');
    expect(containerd('version = 3\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\nSystemdCgroup = true\n').driver.driver).toBe('cgroupfs');
  });

  it('version 2 with only the version 3 plugin names (AKS on containerd 2): containerd 2 uses them, as its config migration leaves them', () => {
    // AgentBaker's containerd_v2 template keeps `version = 2` but writes io.containerd.cri.v1.runtime;
    // containerd 2 migrates io.containerd.grpc.v1.cri into it only when that section exists.
    const aks =
      'version = 2\n[plugins."io.containerd.cri.v1.runtime".containerd]\n    default_runtime_name = "runc"\n    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]\n      SystemdCgroup = true\n';
    expect(containerd(aks)).toMatchObject({ version: 2, driver: { driver: 'systemd', line: 5 } });
    // With the version 2 section present, containerd 1.x reads only it and containerd 2.0 replaces the version 3 one with it.
    const both = `${aks}[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]\n  runtime_type = "io.containerd.runc.v2"\n`;
    expect(containerd(both).driver.driver).toBe('cgroupfs');
  });

  it('defaults to cgroupfs, and follows default_runtime_name', () => {
    expect(containerd('version = 2\n').driver.driver).toBe('cgroupfs');
    const s = containerd(
      'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd]\ndefault_runtime_name = "crun"\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun.options]\nSystemdCgroup = true\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]\nruntime_type = "io.containerd.kata.v2"\n',
    );
    expect(s.driver.driver).toBe('systemd');
    expect(s.runtimes.map((r) => r.name)).toEqual(['crun', 'kata']);
  });

  it('turns TOML errors into a warning with the line', () => {
    const r = parseTomlFile('version = 2\n[plugins\n', 'c.toml');
    expect(r.table).toEqual({});
    expect(r.warnings[0]).toMatchObject({ path: 'c.toml', line: 2 });
  });
});

describe('docker and CRI-O', () => {
  it('reads native.cgroupdriver from daemon.json exec-opts', () => {
    expect(dockerDriver('{"exec-opts": ["native.cgroupdriver=systemd"]}', 'etc/docker/daemon.json').driver).toMatchObject({ driver: 'systemd', line: 1 });
    expect(dockerDriver('{}', 'd').driver).toBeUndefined();
    expect(dockerDriver('{', 'd').warnings[0]!.message).toMatch(/^JSON: /);
  });

  it('reads [crio.runtime] cgroup_manager', () => {
    const text = '[crio.runtime]\ncgroup_manager = "cgroupfs"\n';
    expect(crioDriver(parseTomlFile(text, 'c').table, text, 'etc/crio/crio.conf')).toEqual({
      driver: 'cgroupfs',
      path: 'etc/crio/crio.conf',
      line: 2,
      origin: 'cgroup_manager = "cgroupfs"',
    });
  });
});
