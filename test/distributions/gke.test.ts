/** GKE: what the scan of gke-healthy recognises, and where each setting comes from. */
import { describe, expect, it } from 'vitest';
import { facts } from './helpers.js';

describe('GKE', () => {
  const f = facts('gke-healthy');

  it('is recognised by KUBE_HOME, and its kubelet runs /home/kubernetes/bin/kubelet with --config in /home/kubernetes', () => {
    expect(f.distribution).toMatchObject({ id: 'gke', why: expect.stringContaining('(home/kubernetes/kubelet-config.yaml)') });
    expect(f.kubelet).toMatchObject({
      pid: 1429,
      process: '/home/kubernetes/bin/kubelet',
      embedded: false,
      unit: 'kubelet.service',
      config: 'home/kubernetes/kubelet-config.yaml',
    });
  });

  it('the driver is the --cgroup-driver=systemd of KUBELET_OPTS, cited in /etc/default/kubelet; cgroupRoot from the config', () => {
    expect(f.kubelet?.settings).toMatchObject({
      cgroupDriver: { value: 'systemd', origin: 'flag', source: 'etc/default/kubelet:1' },
      runtimeCgroups: { value: '/system.slice/containerd.service', origin: 'flag', source: 'etc/default/kubelet:1' },
      cgroupRoot: { value: '/', origin: 'config', source: 'home/kubernetes/kubelet-config.yaml:11' },
    });
    expect(f.runtime).toMatchObject({ name: 'containerd', pid: 1088, driver: { value: 'systemd', source: 'etc/containerd/config.toml:24' } });
  });
});
