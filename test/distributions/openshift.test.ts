import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost } from '../../src/host/mem-host.js';
import { fixtureFacts } from './helpers.js';

describe('OpenShift', () => {
  it('fixtures/openshift-healthy: the MCO kubelet, its KubeletConfiguration at /etc/kubernetes/kubelet.conf, CRI-O from 00-default', () => {
    const { facts, kubelet, warnings } = fixtureFacts('openshift-healthy');
    expect(facts.distribution).toEqual({
      id: 'openshift',
      name: 'OpenShift',
      why: 'the machine-config-server wrote its first-boot config here (etc/mcs-machine-config-content.json)',
    });
    expect(facts.kubelet).toMatchObject({
      pid: 2187,
      process: '/usr/bin/kubelet',
      embedded: false,
      unit: 'kubelet.service',
      flagsFrom: 'cmdline',
      config: 'etc/kubernetes/kubelet.conf',
      version: { value: '1.31.6', source: 'node.json:20' },
    });
    expect(facts.kubelet?.settings).toMatchObject({
      cgroupDriver: { value: 'systemd', origin: 'config', source: 'etc/kubernetes/kubelet.conf:13' },
      cgroupRoot: { value: '/', origin: 'config', source: 'etc/kubernetes/kubelet.conf:14' },
      systemCgroups: { value: '/system.slice', origin: 'config', source: 'etc/kubernetes/kubelet.conf:51' },
      // The running kubelet's flag, cited where it is written: the unit's ExecStart=.
      runtimeCgroups: { value: '/system.slice/crio.service', origin: 'flag', source: 'etc/systemd/system/kubelet.service:17' },
    });
    // --system-reserved comes from /etc/node-sizing.env through the unit's EnvironmentFile=.
    expect(kubelet.flags.get('system-reserved')?.value).toBe('cpu=500m,memory=1Gi,ephemeral-storage=1Gi');
    expect(facts.runtime).toEqual({
      name: 'crio',
      config: 'etc/crio/crio.conf',
      pid: 1432,
      chosen: 'kubelet --container-runtime-endpoint=/var/run/crio/crio.sock',
      driver: { value: 'systemd', origin: 'cgroup_manager = "systemd"', source: 'etc/crio/crio.conf.d/00-default:17' },
    });
    expect(warnings).toEqual([]);
  });

  it('fixtures/openshift-crio-cgroupfs-dropin: the driver CRI-O really uses comes from a drop-in without .conf', () => {
    const { facts } = fixtureFacts('openshift-crio-cgroupfs-dropin');
    expect(facts.distribution.id).toBe('openshift');
    expect(facts.kubelet?.version).toEqual({ value: '1.30.9', source: 'node.json:20' });
    expect(facts.kubelet?.settings.cgroupDriver).toMatchObject({ value: 'systemd', source: 'etc/kubernetes/kubelet.conf:13' });
    expect(facts.runtime?.driver).toEqual({ value: 'cgroupfs', origin: 'cgroup_manager = "cgroupfs"', source: 'etc/crio/crio.conf.d/99-worker-cgroupfs:2' });
  });

  it('is recognised by the machine-config-daemon state alone; without the MCO files the same node reads as kubeadm', () => {
    const dist = (tree: Record<string, string>) => {
      const d = new FactStore(new MemHost(tree)).get('distribution');
      return d.ok ? `${d.value.layout.id}: ${d.value.why}` : d.missing;
    };
    expect(dist({ 'etc/machine-config-daemon/currentconfig': '{}\n' })).toBe(
      'openshift: the machine-config-daemon keeps the applied MachineConfig here (etc/machine-config-daemon/currentconfig)',
    );
    // /etc/kubernetes/kubelet.conf alone is no sign: on kubeadm nodes that name is the kubelet's kubeconfig.
    expect(dist({ 'etc/kubernetes/kubelet.conf': 'apiVersion: v1\nkind: Config\n' })).toMatch(/^kubeadm: /);
  });

  it('without a running kubelet, the flags come from the unit through kubenswrapper and the config file is found by --config', () => {
    const tree: Record<string, string> = {
      'etc/mcs-machine-config-content.json': '{}\n',
      'etc/systemd/system/kubelet.service':
        '[Service]\nEnvironmentFile=/etc/node-sizing.env\nExecStart=/usr/local/bin/kubenswrapper \\\n    /usr/bin/kubelet \\\n      --config=/etc/kubernetes/kubelet.conf \\\n      --system-reserved=cpu=${SYSTEM_RESERVED_CPU}\n',
      'etc/node-sizing.env': 'SYSTEM_RESERVED_CPU=500m\n',
      'etc/kubernetes/kubelet.conf': 'kind: KubeletConfiguration\ncgroupDriver: systemd\n',
    };
    const k = new FactStore(new MemHost(tree)).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect({ from: k.value.flagsFrom, config: k.value.configPath, reserved: k.value.flags.get('system-reserved')?.value }).toEqual({
      from: 'unit',
      config: 'etc/kubernetes/kubelet.conf',
      reserved: 'cpu=500m',
    });
    expect(k.value.settings.cgroupDriver).toMatchObject({ value: 'systemd', source: { path: 'etc/kubernetes/kubelet.conf', line: 2 } });
  });
});
