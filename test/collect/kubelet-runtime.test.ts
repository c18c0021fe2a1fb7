import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';

const store = (tree: Record<string, MemNode>) => new FactStore(new MemHost(tree));

const KUBEADM = {
  'lib/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet\n',
  'etc/systemd/system/kubelet.service.d/10-kubeadm.conf':
    '[Service]\nEnvironment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nEnvironmentFile=-/etc/sysconfig/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n',
  'var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --cgroup-driver=cgroupfs"\n',
  'etc/sysconfig/kubelet': 'KUBELET_EXTRA_ARGS=--kubelet-cgroups=/system.slice/kubelet.service\n',
  'var/lib/kubelet/config.yaml': 'cgroupDriver: systemd\ncgroupsPerQOS: false\n',
};

describe('kubelet settings', () => {
  it('from the unit when kubelet is not running: drop-ins, env files, flag over config over default', () => {
    const k = store(KUBEADM).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    const s = k.value.settings;
    expect(k.value.flagsFrom).toBe('unit');
    expect(k.value.configPath).toBe('var/lib/kubelet/config.yaml');
    expect(s.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'flag', source: { path: 'var/lib/kubelet/kubeadm-flags.env', line: 1 } });
    expect(s.cgroupsPerQOS).toMatchObject({ value: false, origin: 'config', source: { path: 'var/lib/kubelet/config.yaml', line: 2 } });
    expect(s.kubeletCgroups).toMatchObject({ value: '/system.slice/kubelet.service', source: { path: 'etc/sysconfig/kubelet', line: 1 } });
    expect(s.cgroupRoot).toEqual({ value: '/', origin: 'default', key: 'cgroupRoot' });
  });

  it('from the running process, citing the unit line when the unit agrees', () => {
    const k = store({
      ...KUBEADM,
      'proc/77/comm': 'kubelet\n',
      'proc/77/cmdline': '/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--cgroup-driver=cgroupfs\0--kubelet-cgroups=/other\0',
    }).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect(k.value.flagsFrom).toBe('cmdline');
    expect(k.value.settings.cgroupDriver.source).toMatchObject({ path: 'var/lib/kubelet/kubeadm-flags.env', line: 1 });
    // The process runs with a value the unit does not give: the cmdline is the evidence.
    expect(k.value.settings.kubeletCgroups).toMatchObject({ value: '/other', source: { path: 'proc/77/cmdline', line: 1 } });
  });

  it('reads no config file when the known flags name none', () => {
    const k = store({ 'proc/77/comm': 'kubelet\n', 'proc/77/cmdline': '/usr/bin/kubelet\0', 'var/lib/kubelet/config.yaml': 'cgroupDriver: systemd\n' }).get('kubelet');
    expect(k.ok && k.value.settings.cgroupDriver.value).toBe('cgroupfs');
  });

  it('a bad boolean flag makes the setting unknown, not its default', () => {
    const st = store({ 'proc/77/comm': 'kubelet\n', 'proc/77/cmdline': '/usr/bin/kubelet\0--cgroups-per-qos=maybe\0' });
    const k = st.get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect(() => k.value.settings.cgroupsPerQOS).toThrow("kubelet's cgroupsPerQOS is unknown: proc/77/cmdline line 1: --cgroups-per-qos=maybe is not a boolean");
    expect(k.value.settings.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'default' });
    expect(st.warnings).toEqual([{ path: 'proc/77/cmdline', line: 1, message: '--cgroups-per-qos=maybe: not a boolean; kubelet would refuse it, so its value is unknown' }]);
  });

  it('an unparseable config makes every setting it could hold unknown; flags still count', () => {
    const st = store({ ...KUBEADM, 'var/lib/kubelet/config.yaml': '\u0000\u0001ELF\u0002binary' });
    const k = st.get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect(k.value.settings.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'flag' });
    expect(() => k.value.settings.cgroupsPerQOS).toThrow("kubelet's cgroupsPerQOS is unknown: var/lib/kubelet/config.yaml line 1: YAML: null byte is not allowed in input");
    expect(Object.keys(k.value.unknown)).toContain('cgroupRoot');
  });

  it('a config that cannot be read, or that --config names but is gone, is unknown too', () => {
    const denied = store({ ...KUBEADM, 'var/lib/kubelet/config.yaml': { denied: true } }).get('kubelet');
    expect(denied.ok && denied.value.unknown.cgroupsPerQOS).toBe("kubelet's cgroupsPerQOS is unknown: could not read var/lib/kubelet/config.yaml: permission denied");
    const { 'var/lib/kubelet/config.yaml': _gone, ...noConfig } = KUBEADM;
    const gone = store(noConfig).get('kubelet');
    expect(gone.ok && gone.value.unknown.cgroupRoot).toBe("kubelet's cgroupRoot is unknown: kubelet --config names var/lib/kubelet/config.yaml, which does not exist");
  });
});

describe('runtime settings', () => {
  const containerd = { 'proc/20/comm': 'containerd\n', 'proc/20/cmdline': '/usr/bin/containerd\0--config\0/etc/containerd/main.toml\0' };

  it('containerd: --config, then imports with a glob, later files overriding', () => {
    const r = store({
      ...containerd,
      'etc/containerd/main.toml': 'version = 2\nimports = ["conf.d/*.toml"]\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\nSystemdCgroup = false\n',
      'etc/containerd/conf.d/10-systemd.toml': '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\nSystemdCgroup = true\n',
      'etc/containerd/conf.d/README': 'not toml',
    }).get('runtime');
    expect(r.ok && r.value.active?.driver).toEqual({ driver: 'systemd', path: 'etc/containerd/conf.d/10-systemd.toml', line: 2, origin: 'runtime "runc" SystemdCgroup = true' });
  });

  it('CRI-O: crio.conf.d drop-ins override crio.conf; the default is systemd', () => {
    const crio = { 'proc/30/comm': 'crio\n', 'proc/30/cmdline': '/usr/bin/crio\0' };
    const r = store({
      ...crio,
      'etc/crio/crio.conf': '[crio.runtime]\ncgroup_manager = "systemd"\n',
      'etc/crio/crio.conf.d/01-cgroupfs.conf': '[crio.runtime]\ncgroup_manager = "cgroupfs"\n',
    }).get('runtime');
    expect(r.ok && r.value.active?.driver.driver).toBe('cgroupfs');
    const d = store(crio).get('runtime');
    expect(d.ok && d.value.active?.driver.driver).toBe('systemd');
  });

  it('docker: dockerd --exec-opt wins over daemon.json; the default follows the cgroup version', () => {
    const dockerd = (args: string) => ({ 'proc/40/comm': 'dockerd\n', 'proc/40/cmdline': `/usr/bin/dockerd\0${args}` });
    const a = store({ ...dockerd('--exec-opt\0native.cgroupdriver=systemd\0'), 'etc/docker/daemon.json': '{"exec-opts":["native.cgroupdriver=cgroupfs"]}' }).get('runtime');
    expect(a.ok && a.value.active?.driver.driver).toBe('systemd');
    const v2 = store({ ...dockerd(''), 'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n' }).get('runtime');
    expect(v2.ok && v2.value.active?.driver.driver).toBe('systemd');
    const v1 = store({ ...dockerd(''), 'proc/self/mountinfo': '30 25 0:28 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n' }).get('runtime');
    expect(v1.ok && v1.value.active?.driver.driver).toBe('cgroupfs');
  });

  it("picks the runtime kubelet's endpoint names, over the daemons that run", () => {
    const tree = {
      ...containerd,
      'proc/40/comm': 'dockerd\n',
      'proc/40/cmdline': '/usr/bin/dockerd\0',
      'proc/77/comm': 'kubelet\n',
      'proc/77/cmdline': '/usr/bin/kubelet\0--container-runtime-endpoint=unix:///run/containerd/containerd.sock\0',
    };
    const r = store(tree).get('runtime');
    expect(r.ok && [r.value.active?.name, r.value.why]).toEqual(['containerd', 'kubelet --container-runtime-endpoint=unix:///run/containerd/containerd.sock']);
    const noKubelet = store({ ...containerd, 'proc/40/comm': 'dockerd\n', 'proc/40/cmdline': '/usr/bin/dockerd\0' }).get('runtime');
    expect(noKubelet.ok && noKubelet.value.active?.name).toBe('docker');
  });

  it('is missing when no runtime is found', () => {
    expect(store({}).get('runtime')).toMatchObject({ ok: false, missing: expect.stringMatching(/^no container runtime/) });
  });
});
