import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';

const store = (tree: Record<string, MemNode>) => new FactStore(new MemHost(tree));
const kubelet = (args: string[], pid = 77) => ({ [`proc/${pid}/comm`]: 'kubelet\n', [`proc/${pid}/cmdline`]: `${['/usr/bin/kubelet', ...args].join('\0')}\0` });

describe("the kubelet's own config rules", () => {
  it('--config-dir drop-ins (*.conf, YAML or JSON) apply over --config in name order; a flag beats them all', () => {
    const k = store({
      ...kubelet(['--config=/etc/kubernetes/kubelet/config.json', '--config-dir=/etc/kubernetes/kubelet/config.json.d', '--cgroup-root=/flag']),
      'etc/kubernetes/kubelet/config.json': '{"kind":"KubeletConfiguration","cgroupDriver":"cgroupfs","cgroupRoot":"/file","cgroupsPerQOS":true}\n',
      'etc/kubernetes/kubelet/config.json.d/00-nodeadm.conf': '{\n  "cgroupDriver": "systemd"\n}\n',
      'etc/kubernetes/kubelet/config.json.d/10-user.conf': 'kubeReservedCgroup: /runtime\n',
      'etc/kubernetes/kubelet/config.json.d/README': 'not a .conf: the kubelet skips it\ncgroupsPerQOS: false\n',
    }).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    const s = k.value.settings;
    expect(k.value.dropins).toEqual(['etc/kubernetes/kubelet/config.json.d/00-nodeadm.conf', 'etc/kubernetes/kubelet/config.json.d/10-user.conf']);
    expect(s.cgroupDriver).toMatchObject({ value: 'systemd', origin: 'config', source: { path: 'etc/kubernetes/kubelet/config.json.d/00-nodeadm.conf', line: 2 } });
    expect(s.kubeReservedCgroup).toMatchObject({ value: '/runtime', source: { path: 'etc/kubernetes/kubelet/config.json.d/10-user.conf' } });
    expect(s.cgroupsPerQOS).toMatchObject({ value: true, source: { path: 'etc/kubernetes/kubelet/config.json' } });
    expect(s.cgroupRoot).toMatchObject({ value: '/flag', origin: 'flag' });
  });

  it('--config-dir is walked as kubelet walks it (filepath.WalkDir): subdirectories in name order, where they stand', () => {
    const k = store({
      ...kubelet(['--config-dir=/etc/kubelet.conf.d']),
      'etc/kubelet.conf.d/50-late.conf': 'kubeReservedCgroup: /late\n',
      'etc/kubelet.conf.d/20-dir/10-in.conf': 'cgroupDriver: systemd\nkubeReservedCgroup: /in-dir\n',
      'etc/kubelet.conf.d/20-dir/deeper/x.conf': 'systemReservedCgroup: /deep\n',
      'etc/kubelet.conf.d/00-first.conf': 'cgroupDriver: cgroupfs\n',
      'etc/kubelet.conf.d/20-dir/notes.txt': 'cgroupDriver: cgroupfs\n',
    }).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect(k.value.dropins).toEqual([
      'etc/kubelet.conf.d/00-first.conf',
      'etc/kubelet.conf.d/20-dir/10-in.conf',
      'etc/kubelet.conf.d/20-dir/deeper/x.conf',
      'etc/kubelet.conf.d/50-late.conf',
    ]);
    expect(k.value.settings.cgroupDriver).toMatchObject({ value: 'systemd', source: { path: 'etc/kubelet.conf.d/20-dir/10-in.conf' } });
    expect(k.value.settings.kubeReservedCgroup.value).toBe('/late');
    expect(k.value.settings.systemReservedCgroup.value).toBe('/deep');
  });

  it('an unparseable drop-in makes what it could set unknown, as the main file would', () => {
    const k = store({ ...kubelet(['--config-dir=/etc/kubelet.conf.d']), 'etc/kubelet.conf.d/50-broken.conf': 'cgroupDriver: [systemd\n' }).get('kubelet');
    expect(k.ok && k.value.unknown.cgroupDriver).toMatch(/^kubelet's cgroupDriver is unknown: etc\/kubelet\.conf\.d\/50-broken\.conf line \d+: YAML: /);
  });
});

describe('runtimes by what they are', () => {
  // dockerd starts its own containerd with a generated config (moby: libcontainerd/supervisor).
  const dockerd = {
    'proc/30/comm': 'dockerd\n',
    'proc/30/cmdline': '/usr/bin/dockerd\0-H\0fd://\0',
    'proc/31/comm': 'containerd\n',
    'proc/31/cmdline': '/usr/bin/containerd\0--config\0/var/run/docker/containerd/containerd.toml\0',
    'var/run/docker/containerd/containerd.toml': 'disabled_plugins = ["cri"]\nroot = "/var/lib/docker/containerd/daemon"\nversion = 0\n',
  };

  it("dockerd's own containerd is read as the v1 schema with its CRI off, and is never the kubelet's runtime", () => {
    const st = store(dockerd);
    const rt = st.get('runtime');
    if (!rt.ok) throw new Error(rt.missing);
    const c = rt.value.all.find((r) => r.name === 'containerd')!;
    expect({ version: c.configVersion, cri: c.cri }).toEqual({ version: 1, cri: false });
    expect(rt.value.active?.name).toBe('docker');
    expect(st.warnings).toEqual([]);
  });

  it('CRI-O reads every file of crio.conf.d, whatever its name (OpenShift writes them without .conf)', () => {
    const rt = store({
      'proc/40/comm': 'crio\n',
      'proc/40/cmdline': '/usr/bin/crio\0',
      'etc/crio/crio.conf': '[crio.runtime]\ncgroup_manager = "systemd"\n',
      'etc/crio/crio.conf.d/01-ctrcfg-pidsLimit': '[crio.runtime]\npids_limit = 4096\n',
      'etc/crio/crio.conf.d/99-cgroupfs': '[crio.runtime]\ncgroup_manager = "cgroupfs"\n',
    }).get('runtime');
    expect(rt.ok && rt.value.active?.driver).toMatchObject({ driver: 'cgroupfs', path: 'etc/crio/crio.conf.d/99-cgroupfs' });
  });

  it("CRI-O walks crio.conf.d's subdirectories where they stand in name order (filepath.Walk), and a drop-in it cannot list makes the driver unknown", () => {
    const crio = {
      'proc/40/comm': 'crio\n',
      'proc/40/cmdline': '/usr/bin/crio\0',
      'etc/crio/crio.conf.d/10-site/50-cgroupfs': '[crio.runtime]\ncgroup_manager = "cgroupfs"\n',
      'etc/crio/crio.conf.d/20-systemd.conf': '[crio.runtime]\ncgroup_manager = "systemd"\n',
    };
    const rt = store(crio).get('runtime');
    expect(rt.ok && rt.value.active?.driver).toMatchObject({ driver: 'systemd', path: 'etc/crio/crio.conf.d/20-systemd.conf' });
    const later = store({ ...crio, 'etc/crio/crio.conf.d/30-site/50-cgroupfs': '[crio.runtime]\ncgroup_manager = "cgroupfs"\n' }).get('runtime');
    expect(later.ok && later.value.active?.driver).toMatchObject({ driver: 'cgroupfs', path: 'etc/crio/crio.conf.d/30-site/50-cgroupfs' });
    const closed = store({ ...crio, 'etc/crio/crio.conf.d/30-site': { dir: true, denied: true } }).get('runtime');
    expect(closed.ok && closed.value.active?.driverUnknown).toMatch(/could not read etc\/crio\/crio.conf.d\/30-site/);
  });

  it('an unknown kubelet endpoint does not cost the runtime: the running daemon is still found', () => {
    const rt = store({
      ...kubelet(['--config=/k.yaml']),
      'k.yaml': 'containerRuntimeEndpoint: 7\n',
      'proc/50/comm': 'containerd\n',
      'proc/50/cmdline': '/usr/bin/containerd\0',
    }).get('runtime');
    expect(rt.ok && rt.value.active?.name).toBe('containerd');
  });
});
