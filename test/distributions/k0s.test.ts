import { describe, expect, it } from 'vitest';
import { fixtureStore, layoutFacts, store } from './helpers.js';

describe('k0s', () => {
  it('healthy worker: the k0s process names the layout, the kubelet is its child with its own flags and the worker profile', () => {
    const { d, k, rt } = layoutFacts(fixtureStore('k0s-healthy'));
    expect({ id: d.layout.id, why: d.why }).toEqual({ id: 'k0s', why: 'k0s runs (it supervises the kubelet and containerd) (pid 1631, /usr/local/bin/k0s)' });
    expect({ pid: k.process?.pid, embedded: k.embedded, flagsFrom: k.flagsFrom, config: k.configPath }).toEqual({
      pid: 1648,
      embedded: false,
      flagsFrom: 'cmdline',
      config: 'run/k0s/kubelet/config.yaml',
    });
    // The kubelet runs in /system.slice/containerd.service (its kubeletCgroups), a cgroup no unit
    // owns: it belongs to the unit of the k0s process that started it.
    expect(k.unit).toBe('k0sworker.service');
    const s = k.settings;
    expect(s.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'default' });
    expect(s.kubeReservedCgroup).toMatchObject({ value: 'system.slice', origin: 'config', source: { path: 'run/k0s/kubelet/config.yaml', line: 25 } });
    expect(s.kubeletCgroups).toMatchObject({ value: '/system.slice/containerd.service', source: { path: 'run/k0s/kubelet/config.yaml', line: 26 } });
    expect(s.runtimeCgroups).toMatchObject({ value: '/system.slice/containerd.service', origin: 'flag', source: { path: 'proc/1648/cmdline' } });
    expect(s.rootDir).toMatchObject({ value: '/var/lib/k0s/kubelet', origin: 'flag' });
    expect(s.containerRuntimeEndpoint).toMatchObject({ value: 'unix:///run/k0s/containerd.sock', source: { path: 'run/k0s/kubelet/config.yaml' } });
    expect({ name: rt.active?.name, pid: rt.active?.process?.pid, config: rt.active?.config, driver: rt.active?.driver }).toEqual({
      name: 'containerd',
      pid: 1643,
      config: 'etc/k0s/containerd.toml',
      driver: { driver: 'cgroupfs', path: 'run/k0s/containerd-cri.toml', line: 43, origin: 'runtime "runc" SystemdCgroup = false' },
    });
  });

  it("with --cri-socket to cri-dockerd: the kubelet talks to docker; Docker's own containerd has its CRI off", () => {
    const { d, k, rt } = layoutFacts(fixtureStore('k0s-cri-dockerd-driver-mismatch'));
    expect(d.layout.id).toBe('k0s');
    expect({ unit: k.unit, config: k.configPath }).toEqual({ unit: 'k0scontroller.service', config: 'var/lib/k0s/kubelet-config.yaml' });
    expect(k.settings.containerRuntimeEndpoint).toMatchObject({ value: 'unix:///var/run/cri-dockerd.sock', source: { path: 'var/lib/k0s/kubelet-config.yaml' } });
    expect({ name: rt.active?.name, driver: rt.active?.driver.driver, why: rt.why }).toEqual({
      name: 'docker',
      driver: 'systemd',
      why: 'kubelet containerRuntimeEndpoint=unix:///var/run/cri-dockerd.sock',
    });
    const containerd = rt.all.find((r) => r.name === 'containerd');
    expect({ config: containerd?.config, cri: containerd?.cri }).toEqual({ config: 'etc/containerd/config.toml', cri: false });
  });

  describe('a kubelet that is not running: its flags from the k0s unit', () => {
    const unit = (args: string) => ({
      'etc/systemd/system/k0sworker.service': `[Unit]\nDescription=k0s - Zero Friction Kubernetes\n\n[Service]\nExecStart=/usr/local/bin/k0s worker ${args}\nDelegate=yes\n`,
      'run/k0s/kubelet/config.yaml': 'kind: KubeletConfiguration\nkubeReservedCgroup: system.slice\nkubeletCgroups: /system.slice/containerd.service\n',
    });

    it("takes --kubelet-extra-args' words as kubelet flags, k0s's hard-coded ones as its own, and the config k0s writes", () => {
      const st = store(unit('--token-file=/etc/k0s/k0stoken --config=/etc/k0s/k0s.yaml "--kubelet-extra-args=--cgroup-driver=systemd --kube-reserved-cgroup=/k0s.slice"'));
      const d = st.get('distribution');
      const kf = st.get('kubelet');
      if (!d.ok || !kf.ok) throw new Error('distribution and kubelet must be found');
      const k = kf.value;
      expect(d.value.why).toBe('a k0s unit is installed (k0s install worker/controller) (etc/systemd/system/k0s*.service)');
      expect({ flagsFrom: k.flagsFrom, unit: k.unit, embedded: k.embedded }).toEqual({ flagsFrom: 'unit', unit: 'k0sworker.service', embedded: false });
      // k0s's own --config is its cluster config, not the kubelet's: the kubelet's is the file k0s writes.
      expect(k.configPath).toBe('run/k0s/kubelet/config.yaml');
      expect(k.settings.cgroupDriver).toMatchObject({
        value: 'systemd',
        origin: 'flag',
        source: { path: 'etc/systemd/system/k0sworker.service', line: 5 },
      });
      expect(k.settings.kubeReservedCgroup).toMatchObject({ value: '/k0s.slice', origin: 'flag' });
      expect(k.settings.kubeletCgroups).toMatchObject({ value: '/system.slice/containerd.service', origin: 'config' });
      expect(k.settings.runtimeCgroups).toMatchObject({ value: '/system.slice/containerd.service', source: { path: "(k0s's own default)" } });
      expect(k.settings.rootDir).toMatchObject({ value: '/var/lib/k0s/kubelet', origin: 'default' });
    });

    it('a running kubelet whose flag k0s passed from --kubelet-extra-args cites the unit line to edit', () => {
      const k = store({
        ...unit('"--kubelet-extra-args=--cgroup-driver=systemd"'),
        'proc/40/comm': 'k0s\n',
        'proc/40/cmdline': '/usr/local/bin/k0s\0worker\0--kubelet-extra-args=--cgroup-driver=systemd\0',
        'proc/40/cgroup': '0::/system.slice/k0sworker.service\n',
        'proc/41/comm': 'kubelet\n',
        'proc/41/cmdline': '/var/lib/k0s/bin/kubelet\0--config=/run/k0s/kubelet/config.yaml\0--runtime-cgroups=/system.slice/containerd.service\0--cgroup-driver=systemd\0',
        'proc/41/cgroup': '0::/system.slice/containerd.service\n',
      }).get('kubelet');
      if (!k.ok) throw new Error(k.missing);
      expect(k.value.settings.cgroupDriver.source).toMatchObject({ path: 'etc/systemd/system/k0sworker.service' });
      // What k0s passes itself is on no line of the unit: the command line stays the evidence.
      expect(k.value.settings.runtimeCgroups.source).toMatchObject({ path: 'proc/41/cmdline' });
      expect(k.value.unit).toBe('k0sworker.service');
    });
  });
});
