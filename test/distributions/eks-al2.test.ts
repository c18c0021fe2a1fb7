/** EKS on the Amazon Linux 2 AMI (bootstrap.sh): what the scans of eks-al2-healthy and eks-al2-enforce-reserved recognise, and where each setting comes from. */
import { describe, expect, it } from 'vitest';
import { facts } from './helpers.js';

describe('EKS on Amazon Linux 2 (bootstrap.sh)', () => {
  const f = facts('eks-al2-healthy');

  it("is recognised by the AMI's kubelet unit for containerd; kubelet.service is bootstrap.sh's copy of it", () => {
    expect(f.distribution).toMatchObject({ id: 'eks-al2', why: expect.stringContaining('(etc/eks/containerd/kubelet-containerd.service)') });
    expect(f.kubelet).toMatchObject({
      pid: 3120,
      process: '/usr/bin/kubelet',
      embedded: false,
      unit: 'kubelet.service',
      config: 'etc/kubernetes/kubelet/kubelet-config.json',
      dropins: [],
    });
  });

  it("reads what bootstrap.sh's jq edits set in kubelet-config.json, by line", () => {
    expect(f.kubelet?.settings).toMatchObject({
      cgroupDriver: { value: 'systemd', origin: 'config', source: 'etc/kubernetes/kubelet/kubelet-config.json:27' },
      systemReservedCgroup: { value: '/system', source: 'etc/kubernetes/kubelet/kubelet-config.json:60' },
      kubeReservedCgroup: { value: '/runtime', source: 'etc/kubernetes/kubelet/kubelet-config.json:61' },
    });
    expect(f.runtime).toMatchObject({ name: 'containerd', pid: 2873, driver: { value: 'systemd', source: 'etc/containerd/config.toml:23' } });
  });

  it('with the kubelet down, reads its flags from the unit and the drop-ins bootstrap.sh writes', () => {
    const k = facts('eks-al2-enforce-reserved').kubelet;
    expect(k).toMatchObject({ pid: null, flagsFrom: 'unit', unit: 'kubelet.service', config: 'etc/kubernetes/kubelet/kubelet-config.json' });
    expect(k?.settings.enforceNodeAllocatable).toEqual({
      value: ['pods', 'kube-reserved', 'system-reserved'],
      origin: 'flag',
      source: 'etc/systemd/system/kubelet.service.d/30-kubelet-extra-args.conf:2',
    });
  });
});
