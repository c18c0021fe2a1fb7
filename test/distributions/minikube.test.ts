import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost } from '../../src/host/mem-host.js';
import { fixtureFacts } from './helpers.js';

describe('minikube', () => {
  it('fixtures/minikube-healthy: the kubelet from /var/lib/minikube/binaries, its endpoint from the config, docker through cri-dockerd', () => {
    const { facts, kubelet, runtime, warnings } = fixtureFacts('minikube-healthy');
    expect(facts.distribution).toEqual({ id: 'minikube', name: 'minikube', why: 'minikube wrote the kubeadm config of this node here (var/tmp/minikube/kubeadm.yaml)' });
    expect(facts.kubelet).toMatchObject({
      pid: 1587,
      process: '/var/lib/minikube/binaries/v1.33.1/kubelet',
      embedded: false,
      unit: 'kubelet.service',
      flagsFrom: 'cmdline',
      config: 'var/lib/kubelet/config.yaml',
      version: { value: '1.33.1', source: 'proc/1587/cmdline:1' },
    });
    expect(facts.kubelet?.settings.cgroupDriver).toEqual({ value: 'systemd', origin: 'config', source: 'var/lib/kubelet/config.yaml:15' });
    // From Kubernetes 1.27 minikube passes the endpoint in the KubeletConfiguration, not as a flag.
    expect(kubelet.settings.containerRuntimeEndpoint).toMatchObject({ value: 'unix:///var/run/cri-dockerd.sock', origin: 'config' });
    // kubeadm-flags.env is on the node, but minikube's ExecStart= does not read it.
    expect(kubelet.flags.has('pod-infra-container-image')).toBe(false);
    expect(facts.runtime).toEqual({
      name: 'docker',
      config: 'etc/docker/daemon.json',
      pid: 498,
      chosen: 'kubelet containerRuntimeEndpoint=unix:///var/run/cri-dockerd.sock',
      driver: { value: 'systemd', origin: 'exec-opts native.cgroupdriver=systemd', source: 'etc/docker/daemon.json:1' },
    });
    // docker's containerd (kicbase's config, SystemdCgroup = false) and the stopped CRI-O are seen, not taken.
    expect(runtime.all.map((r) => `${r.name}${r.process ? ` pid ${r.process.pid}` : ''}`)).toEqual(['containerd pid 212', 'docker pid 498', 'crio']);
    expect(warnings).toEqual([]);
  });

  it('fixtures/minikube-crio-cgroupfs-kubelet (kubernetes/minikube#12509): kubelet cgroupfs from its config, CRI-O systemd from crio.conf', () => {
    const { facts } = fixtureFacts('minikube-crio-cgroupfs-kubelet');
    expect(facts.distribution.id).toBe('minikube');
    expect(facts.kubelet).toMatchObject({ process: '/var/lib/minikube/binaries/v1.22.1/kubelet', version: { value: '1.22.1' }, config: 'var/lib/kubelet/config.yaml' });
    expect(facts.kubelet?.settings.cgroupDriver).toEqual({ value: 'cgroupfs', origin: 'config', source: 'var/lib/kubelet/config.yaml:15' });
    expect(facts.runtime).toMatchObject({
      name: 'crio',
      chosen: 'kubelet --container-runtime-endpoint=/var/run/crio/crio.sock',
      driver: { value: 'systemd', source: 'etc/crio/crio.conf:144' },
    });
  });

  it('tells a minikube node from a kubeadm one by its own files', () => {
    const dist = (tree: Record<string, string>) => {
      const d = new FactStore(new MemHost(tree)).get('distribution');
      return d.ok ? d.value.layout.id : d.missing;
    };
    const kubeadmNode = { 'lib/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet\n' };
    expect(dist(kubeadmNode)).toBe('kubeadm');
    expect(dist({ ...kubeadmNode, 'var/tmp/minikube/kubeadm.yaml': 'kind: InitConfiguration\n' })).toBe('minikube');
    expect(dist({ ...kubeadmNode, 'var/lib/minikube/binaries/v1.33.1/kubelet': '' })).toBe('minikube');
  });
});
