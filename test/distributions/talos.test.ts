import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { DirHost } from '../../src/host/dir-host.js';
import { MemHost } from '../../src/host/mem-host.js';
import { FIXTURES } from '../helpers.js';

describe('Talos Linux', () => {
  it('healthy: no systemd; the kubelet container in the host pid namespace, its config the file machined writes; the CRI containerd, not the system one', () => {
    const st = new FactStore(new DirHost(path.join(FIXTURES, 'talos-healthy', 'root'), 'talos-healthy'));
    const d = st.get('distribution');
    const p = st.get('processes');
    const k = st.get('kubelet');
    const rt = st.get('runtime');
    if (!d.ok || !p.ok || !k.ok || !rt.ok) throw new Error('distribution, processes, kubelet and runtime must be found');
    expect({ id: d.value.layout.id, why: d.value.why }).toEqual({
      id: 'talos',
      why: "Talos' CRI containerd config exists (constants.CRIContainerdConfig) (etc/cri/containerd.toml)",
    });
    expect(p.value.systemd).toEqual({ running: false, why: 'proc/1/comm is "init"' });
    expect({ pid: k.value.process?.pid, embedded: k.value.embedded, unit: k.value.unit, config: k.value.configPath }).toEqual({
      pid: 881,
      embedded: false,
      unit: undefined,
      config: 'etc/kubernetes/kubelet.yaml',
    });
    const s = k.value.settings;
    expect(s.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'default' });
    expect(s.cgroupRoot).toMatchObject({ value: '/', source: { path: 'etc/kubernetes/kubelet.yaml', line: 16 } });
    expect(s.kubeletCgroups).toMatchObject({ value: '/podruntime/kubelet', source: { path: 'etc/kubernetes/kubelet.yaml', line: 30 } });
    expect(s.systemCgroups).toMatchObject({ value: '/system', source: { path: 'etc/kubernetes/kubelet.yaml', line: 56 } });
    expect(s.kubeReservedCgroup).toMatchObject({ value: '', origin: 'default' });
    // Two containerds: the system one has no --config, so containerd's own default, whose CRI is off.
    const byPid = Object.fromEntries(rt.value.all.filter((r) => r.name === 'containerd').map((r) => [r.process?.pid, { config: r.config, cri: r.cri }]));
    expect(byPid).toEqual({ 598: { config: 'etc/containerd/config.toml', cri: false }, 760: { config: 'etc/cri/containerd.toml', cri: true } });
    expect({ pid: rt.value.active?.process?.pid, driver: rt.value.active?.driver.driver, version: rt.value.active?.configVersion }).toEqual({
      pid: 760,
      driver: 'cgroupfs',
      version: 3,
    });
  });

  it('with no kubelet running there is no unit to fall back on, and the message says so', () => {
    const k = new FactStore(new MemHost({ 'etc/cri/containerd.toml': 'version = 3\n', 'proc/1/comm': 'init\n', 'proc/1/cmdline': '/sbin/init\0' })).get('kubelet');
    expect(k.ok ? 'found' : k.missing).toBe('no kubelet: no kubelet process in proc/, no unit (Talos Linux runs none), no etc/kubernetes/kubelet.yaml');
  });
});
