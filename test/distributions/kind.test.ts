import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost } from '../../src/host/mem-host.js';
import { fixtureFacts } from './helpers.js';

describe('kind', () => {
  it("fixtures/kind-healthy: kubeadm's kubelet in the node container, cgroupRoot /kubelet, containerd with SystemdCgroup", () => {
    const { facts, kubelet, warnings } = fixtureFacts('kind-healthy');
    expect(facts.distribution).toEqual({ id: 'kind', name: 'kind', why: "kind's node image records its Kubernetes version here (kind/version)" });
    expect(facts.kubelet).toMatchObject({
      pid: 703,
      process: '/usr/bin/kubelet',
      embedded: false,
      unit: 'kubelet.service',
      flagsFrom: 'cmdline',
      config: 'var/lib/kubelet/config.yaml',
      version: { value: '1.34.0', source: 'etc/kubernetes/manifests/kube-apiserver.yaml:14' },
    });
    expect(facts.kubelet?.settings).toMatchObject({
      cgroupDriver: { value: 'systemd', origin: 'config', source: 'var/lib/kubelet/config.yaml:15' },
      cgroupRoot: { value: '/kubelet', origin: 'config', source: 'var/lib/kubelet/config.yaml:16' },
      // --runtime-cgroups is in the node image's /etc/default/kubelet (KUBELET_EXTRA_ARGS).
      runtimeCgroups: { value: '/system.slice/containerd.service', origin: 'flag', source: 'etc/default/kubelet:1' },
    });
    expect(kubelet.settings.containerRuntimeEndpoint).toMatchObject({ value: 'unix:///run/containerd/containerd.sock', origin: 'config' });
    expect(facts.runtime).toEqual({
      name: 'containerd',
      config: 'etc/containerd/config.toml',
      pid: 112,
      chosen: 'kubelet containerRuntimeEndpoint=unix:///run/containerd/containerd.sock',
      driver: { value: 'systemd', origin: 'runtime "runc" SystemdCgroup = true', source: 'etc/containerd/config.toml:24' },
    });
    expect(warnings).toEqual([]);
  });

  it('tells a kind node from a kubeadm one by /kind/ alone: the same kubelet.service and 10-kubeadm.conf run on both', () => {
    const dist = (tree: Record<string, string>) => {
      const d = new FactStore(new MemHost(tree)).get('distribution');
      return d.ok ? d.value.layout.id : d.missing;
    };
    const kubeadmNode = { 'etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet\n', 'var/lib/kubelet/config.yaml': 'cgroupDriver: systemd\n' };
    expect(dist(kubeadmNode)).toBe('kubeadm');
    expect(dist({ ...kubeadmNode, 'kind/version': 'v1.34.0\n' })).toBe('kind');
    expect(dist({ ...kubeadmNode, 'kind/kubeadm.conf': 'kind: InitConfiguration\n' })).toBe('kind');
  });
});
