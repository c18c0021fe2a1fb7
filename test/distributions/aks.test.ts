/** AKS (AgentBaker): what the scan of aks-healthy recognises, and where each setting comes from, with and without the kubelet config file. */
import { describe, expect, it } from 'vitest';
import { MemHost } from '../../src/host/mem-host.js';
import { FactStore } from '../../src/collect/index.js';
import { facts, fixtureTree } from './helpers.js';

describe('AKS', () => {
  const f = facts('aks-healthy');

  it("is recognised by AgentBaker's /opt/azure/containers/kubelet.sh; its kubelet is /opt/bin/kubelet with no config file", () => {
    expect(f.distribution).toMatchObject({ id: 'aks', why: expect.stringContaining('(opt/azure/containers/kubelet.sh)') });
    expect(f.kubelet).toMatchObject({ pid: 1350, process: '/opt/bin/kubelet', embedded: false, unit: 'kubelet.service', config: null });
  });

  it('each flag is cited in the drop-in or env file that holds it', () => {
    expect(f.kubelet?.settings).toMatchObject({
      cgroupDriver: { value: 'systemd', origin: 'flag', source: 'etc/systemd/system/kubelet.service.d/10-cgroupv2.conf:2' },
      runtimeCgroups: { value: '/system.slice/containerd.service', source: 'etc/systemd/system/kubelet.service.d/10-containerd-base-flag.conf:2' },
      cgroupsPerQOS: { value: true, origin: 'flag', source: 'etc/default/kubelet:1' },
      enforceNodeAllocatable: { value: ['pods'], origin: 'flag', source: 'etc/default/kubelet:1' },
    });
  });

  it("reads containerd 2's config as AgentBaker writes it: version 2 with the version 3 plugin names", () => {
    expect(f.runtime).toMatchObject({
      name: 'containerd',
      pid: 1021,
      driver: { value: 'systemd', origin: 'runtime "runc" SystemdCgroup = true', source: 'etc/containerd/config.toml:16' },
    });
  });

  it('with the kubelet config file enabled, --config comes from 10-componentconfig.conf and the settings from kubeletconfig.json', () => {
    const tree = fixtureTree('aks-healthy');
    for (const p of Object.keys(tree)) if (/^proc\/1350\//.test(p)) delete tree[p];
    tree['etc/systemd/system/kubelet.service.d/10-componentconfig.conf'] = '[Service]\nEnvironment="KUBELET_CONFIG_FILE_FLAGS=--config /etc/default/kubeletconfig.json"\n';
    tree['etc/default/kubeletconfig.json'] =
      '{\n    "kind": "KubeletConfiguration",\n    "apiVersion": "kubelet.config.k8s.io/v1beta1",\n    "cgroupsPerQOS": true,\n    "maxPods": 110,\n    "enforceNodeAllocatable": [\n        "pods"\n    ]\n}';
    tree['etc/default/kubelet'] = 'KUBELET_FLAGS=--cloud-provider=external --node-ip=10.224.0.4 \nKUBELET_NODE_LABELS=agentpool=nodepool1\n';
    const k = new FactStore(new MemHost(tree)).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect({ flagsFrom: k.value.flagsFrom, config: k.value.configPath }).toEqual({ flagsFrom: 'unit', config: 'etc/default/kubeletconfig.json' });
    expect(k.value.flags.get('config')?.source.path).toBe('etc/systemd/system/kubelet.service.d/10-componentconfig.conf');
    expect(k.value.settings.enforceNodeAllocatable).toMatchObject({ value: ['pods'], origin: 'config', source: { path: 'etc/default/kubeletconfig.json', line: 6 } });
    expect(k.value.settings.cgroupDriver).toMatchObject({ value: 'systemd', origin: 'flag', source: { path: 'etc/systemd/system/kubelet.service.d/10-cgroupv2.conf' } });
  });
});
