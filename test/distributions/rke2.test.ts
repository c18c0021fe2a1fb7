import { describe, expect, it } from 'vitest';
import { fixtureTree } from '../helpers.js';
import { layoutFacts, without } from './helpers.js';

describe('rke2: a kubelet process started by rke2', () => {
  const RKE2_DROPINS = 'var/lib/rancher/rke2/agent/etc/kubelet.conf.d';
  const RKE2_CONTAINERD = 'var/lib/rancher/rke2/agent/etc/containerd/config.toml';

  it('reads the kubelet command line (--config-dir from 1.32) and the 00-rke2-defaults.conf it names; config.yaml is the line to edit', () => {
    const { d, k, rt } = layoutFacts(fixtureTree('rke2-healthy'));
    expect({ id: d.layout.id, why: d.why }).toEqual({ id: 'rke2', why: 'an rke2 server or agent runs (pid 1188, /usr/local/bin/rke2 server)' });
    expect({ comm: k.process?.comm, embedded: k.embedded, flagsFrom: k.flagsFrom, unit: k.unit }).toEqual({
      comm: 'kubelet',
      embedded: false,
      flagsFrom: 'cmdline',
      unit: 'rke2-server.service',
    });
    expect(k.flags.get('config-dir')).toMatchObject({ value: `/${RKE2_DROPINS}`, source: { path: 'proc/1297/cmdline' } });
    expect(k.flags.get('max-pods')).toMatchObject({ value: '150', source: { path: 'etc/rancher/rke2/config.yaml', line: 5 } });
    expect(k.dropins).toEqual([`${RKE2_DROPINS}/00-rke2-defaults.conf`]);
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'systemd', origin: 'config', source: { path: `${RKE2_DROPINS}/00-rke2-defaults.conf`, line: 16 } });
    expect({ name: rt.active?.name, config: rt.active?.config, pid: rt.active?.process?.pid }).toEqual({ name: 'containerd', config: RKE2_CONTAINERD, pid: 1236 });
    expect(rt.active?.driver).toMatchObject({ driver: 'systemd', path: RKE2_CONTAINERD, line: 35 });
  });

  it("reads the kubelet's version where its bare `kubelet` resolved: proc/<pid>/exe under data/<version>/", () => {
    const v = layoutFacts(fixtureTree('rke2-healthy')).st.get('kubeletVersion');
    expect(v.ok && { text: v.value.text, source: v.value.source }).toEqual({
      text: '1.33.4',
      source: { path: 'proc/1297/exe', excerpt: '-> /var/lib/rancher/rke2/data/v1.33.4-rke2r1-6f2c3a0d5e1b/bin/kubelet' },
    });
  });

  it('rancher/rke2#4085: the kubelet-arg of config.yaml puts the kubelet on systemd while containerd keeps SystemdCgroup = false', () => {
    const { k, rt } = layoutFacts(fixtureTree('rke2-kubelet-arg-systemd-containerd-cgroupfs'));
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'systemd', origin: 'flag', source: { path: 'etc/rancher/rke2/config.yaml', line: 3 } });
    expect(rt.active?.driver).toMatchObject({ driver: 'cgroupfs', path: RKE2_CONTAINERD, line: 25 });
  });

  it('with no kubelet running, the unit of rke2 and its config.yaml give the kubelet-arg it would pass on', () => {
    const tree = without(without(fixtureTree('rke2-kubelet-arg-systemd-containerd-cgroupfs'), 'proc/1318'), 'proc/1204');
    const { k } = layoutFacts(tree);
    expect({ flagsFrom: k.flagsFrom, unit: k.unit, embedded: k.embedded }).toEqual({ flagsFrom: 'unit', unit: 'rke2-server.service', embedded: false });
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'systemd', source: { path: 'etc/rancher/rke2/config.yaml', line: 3 } });
    // What rke2 passes itself before 1.32: the driver it rendered for containerd.
    expect(layoutFacts(without(tree, 'etc/rancher/rke2/config.yaml')).k.settings.cgroupDriver).toMatchObject({ value: 'cgroupfs', source: { path: "(RKE2's own default)" } });
  });

  it('a running process names the distribution before a file left over from another', () => {
    const tree = { ...fixtureTree('rke2-healthy'), 'var/lib/rancher/k3s/agent/etc/containerd/config.toml': 'version = 2\n' };
    expect(layoutFacts(tree).d.layout.id).toBe('rke2');
  });
});
