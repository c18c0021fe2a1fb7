import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureTree, runCli } from '../helpers.js';
import { layoutFacts, without } from './helpers.js';

const K3S_DROPINS = 'var/lib/rancher/k3s/agent/etc/kubelet.conf.d';
const K3S_CONTAINERD = 'var/lib/rancher/k3s/agent/etc/containerd/config.toml';

describe('k3s: the kubelet inside k3s-server', () => {
  it('is found in the k3s-server process, its flags read from k3s.service and config.yaml, its driver from the 00-k3s-defaults.conf k3s writes', () => {
    const { d, k, rt } = layoutFacts(fixtureTree('k3s-healthy'));
    expect({ id: d.layout.id, why: d.why }).toEqual({ id: 'k3s', why: 'a k3s server or agent runs (pid 1021, /usr/local/bin/k3s server)' });
    expect({ comm: k.process?.comm, embedded: k.embedded, flagsFrom: k.flagsFrom, unit: k.unit }).toEqual({
      comm: 'k3s-server',
      embedded: true,
      flagsFrom: 'unit',
      unit: 'k3s.service',
    });
    // k3s passes --config-dir itself, after every user flag.
    expect(k.flags.get('config-dir')).toMatchObject({ value: `/${K3S_DROPINS}`, source: { path: "(k3s's own default)" } });
    expect(k.flags.get('max-pods')).toMatchObject({ value: '150', source: { path: 'etc/rancher/k3s/config.yaml', line: 5 } });
    expect(k.dropins).toEqual([`${K3S_DROPINS}/00-k3s-defaults.conf`]);
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'systemd', origin: 'config', source: { path: `${K3S_DROPINS}/00-k3s-defaults.conf`, line: 19 } });
    expect(k.settings.rootDir.value).toBe('/var/lib/kubelet');
    expect({ name: rt.active?.name, config: rt.active?.config, why: rt.why }).toEqual({
      name: 'containerd',
      config: K3S_CONTAINERD,
      why: 'kubelet containerRuntimeEndpoint=unix:///run/k3s/containerd/containerd.sock',
    });
    expect(rt.active?.driver).toMatchObject({ driver: 'systemd', path: K3S_CONTAINERD, line: 39 });
    expect(rt.active?.configVersion).toBe(3);
  });

  it('k3s-io/k3s#5454: the --kubelet-arg of k3s.service sets systemd over the cgroupfs k3s 1.23 chose, and its containerd stays on cgroupfs', () => {
    const { k, rt } = layoutFacts(fixtureTree('k3s-kubelet-arg-systemd-containerd-cgroupfs'));
    expect(k.dropins).toBeUndefined();
    expect(k.settings.cgroupDriver).toMatchObject({
      value: 'systemd',
      origin: 'flag',
      source: { path: 'etc/systemd/system/k3s.service', line: 29 },
    });
    expect(rt.active?.driver).toMatchObject({ driver: 'cgroupfs', path: K3S_CONTAINERD });
  });

  it('the header names the process the kubelet runs in and the unit its flags came from', () => {
    const r = runCli(['scan', '--root', path.join(FIXTURES, 'k3s-healthy', 'root'), '--format', 'table']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      `kubelet version unknown, pid 1021 (embedded in /usr/local/bin/k3s server), flags from its systemd unit k3s.service, no config file, drop-ins ${K3S_DROPINS}/00-k3s-defaults.conf`,
    );
  });

  it('before 1.32 (no 00-k3s-defaults.conf) the driver k3s passes is the SystemdCgroup it rendered for its containerd', () => {
    const tree = without(fixtureTree('k3s-healthy'), K3S_DROPINS);
    const { k } = layoutFacts(tree);
    expect(k.flags.get('cgroup-driver')).toMatchObject({ value: 'systemd', source: { path: "(k3s's own default)" } });
    expect(k.flags.has('config-dir')).toBe(false);
    const off = layoutFacts({ ...tree, [K3S_CONTAINERD]: (tree[K3S_CONTAINERD] as Buffer).toString().replace('SystemdCgroup = true', 'SystemdCgroup = false') }).k;
    expect(off.settings.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'flag' });
  });

  it('before 1.32 with a user template, the rule decides: started from a shell (a session scope) is cgroupfs and --kubelet-cgroups=/k3s', () => {
    const tree = {
      ...without(without(fixtureTree('k3s-healthy'), K3S_DROPINS), 'etc/systemd/system/k3s.service'),
      'var/lib/rancher/k3s/agent/etc/containerd/config-v3.toml.tmpl': '{{ template "base" . }}\n',
      'proc/1021/cgroup': '0::/user.slice/user-0.slice/session-3.scope\n',
    };
    const { k } = layoutFacts(tree);
    expect(k.flagsFrom).toBe('none');
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'flag' });
    expect(k.settings.kubeletCgroups).toMatchObject({ value: '/k3s', origin: 'flag' });
  });

  it("1.32+: a user's config-dir kubelet-arg is copied into 20-cli-config-dir/ of k3s's own dir, which the kubelet walks in name order", () => {
    const tree = {
      ...fixtureTree('k3s-healthy'),
      'etc/rancher/k3s/config.yaml.d/50-kubelet.yaml': 'kubelet-arg+:\n  - config-dir=/etc/rancher/k3s/kubelet.conf.d\n',
      'etc/rancher/k3s/kubelet.conf.d/90-driver.conf': 'cgroupDriver: cgroupfs\n',
      [`${K3S_DROPINS}/20-cli-config-dir/90-driver.conf`]: 'cgroupDriver: cgroupfs\n',
      [`${K3S_DROPINS}/30-reserved.conf`]: 'kubeReservedCgroup: /kube.slice\n',
    };
    const { k } = layoutFacts(tree);
    expect(k.configDir).toBe(K3S_DROPINS);
    expect(k.dropins).toEqual([`${K3S_DROPINS}/00-k3s-defaults.conf`, `${K3S_DROPINS}/20-cli-config-dir/90-driver.conf`, `${K3S_DROPINS}/30-reserved.conf`]);
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'cgroupfs', source: { path: `${K3S_DROPINS}/20-cli-config-dir/90-driver.conf` } });
    expect(k.settings.kubeReservedCgroup).toMatchObject({ value: '/kube.slice' });
  });

  it('config.yaml.d: a later file replaces the kubelet-arg list, kubelet-arg+ adds to it; .yml counts; the command line comes last', () => {
    const tree = {
      ...fixtureTree('k3s-healthy'),
      'etc/rancher/k3s/config.yaml': 'kubelet-arg:\n  - cgroup-driver=cgroupfs\n  - max-pods=110\n',
      'etc/rancher/k3s/config.yaml.d/10-pods.yaml': 'kubelet-arg:\n  - max-pods=200\n',
      'etc/rancher/k3s/config.yaml.d/20-more.yml': 'kubelet-arg+: "image-gc-high-threshold=90"\n',
      'etc/systemd/system/k3s.service': (fixtureTree('k3s-healthy')['etc/systemd/system/k3s.service'] as Buffer)
        .toString()
        .replace('    server \\\n', "    server \\\n\t'--kubelet-arg' \\\n\t'max-pods=250' \\\n"),
    };
    const { k } = layoutFacts(tree);
    expect(k.flags.has('cgroup-driver')).toBe(false);
    expect(k.flags.get('image-gc-high-threshold')).toMatchObject({ value: '90', source: { path: 'etc/rancher/k3s/config.yaml.d/20-more.yml' } });
    expect(k.flags.get('max-pods')).toMatchObject({ value: '250', source: { path: 'etc/systemd/system/k3s.service' } });
  });

  it('with neither a process nor a unit, the config files and the drop-in k3s wrote still give the kubelet', () => {
    const tree = without(without(fixtureTree('k3s-healthy'), 'proc/1021'), 'etc/systemd/system/k3s.service');
    const { d, k } = layoutFacts(tree);
    expect(d.why).toBe("k3s's agent data dir exists (var/lib/rancher/k3s/agent)");
    expect({ flagsFrom: k.flagsFrom, process: k.process }).toEqual({ flagsFrom: 'none', process: undefined });
    expect(k.settings.cgroupDriver).toMatchObject({ value: 'systemd', source: { path: `${K3S_DROPINS}/00-k3s-defaults.conf` } });
    expect(k.flags.get('max-pods')?.value).toBe('150');
  });
});
