import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution, KubeletLayout, NodeView } from './types.js';

/**
 * The kubelet flags the k3s agent passes itself, for k3s and for rke2 (whose agent is k3s's:
 * rancher/rke2 go.mod requires github.com/k3s-io/k3s), under their data dir
 * (`var/lib/rancher/<program>`).
 *
 * 1.32 and later (k3s-io/k3s pkg/daemons/agent/agent_linux.go kubeletArgsAndConfig, agent.go
 * writeKubeletConfig): the defaults, cgroupDriver among them, go to a drop-in
 * `agent/etc/kubelet.conf.d/00-<program>-defaults.conf` rewritten on every start, and the kubelet
 * gets `--config-dir` for that directory. A user's `--kubelet-arg=config-dir=` is taken out and
 * copied into `20-cli-config-dir/` there (`config=` into `10-cli-config.conf`), so k3s's
 * `--config-dir` is what the kubelet gets whatever the user passed: a `final` flag.
 *
 * Before 1.32 (the same function as kubeletArgs, e.g. k3s v1.28 agent_linux.go): `--cgroup-driver`
 * on the kubelet's args, cgroupfs unless cfg.AgentConfig.Systemd, and `--kubelet-cgroups=/<program>`
 * when k3s runs in a systemd scope (pkg/cgroups CheckCgroups); the user's --kubelet-arg come after
 * and win (pkg/daemons/config GetArgs).
 */
export function rancherKubeletFlags(dataDir: string, program: string): Pick<KubeletLayout, 'implied' | 'final'> {
  const dropins = `${dataDir}/agent/etc/kubelet.conf.d`;
  const current = (node: NodeView) => node.read(`${dropins}/00-${program}-defaults.conf`) !== undefined;
  return {
    implied: (node) =>
      current(node)
        ? []
        : [`--cgroup-driver=${rancherDriver(node, `${dataDir}/agent/etc/containerd`)}`, ...(node.cgroup?.includes('.scope') ? [`--kubelet-cgroups=/${program}`] : [])],
    final: (node) => (current(node) ? [`--config-dir=/${dropins}`] : []),
  };
}

/**
 * The driver k3s picks (pkg/agent/containerd/config_linux.go setupContainerdConfig):
 * cfg.AgentConfig.Systemd = !userns && cpuset controller && $INVOCATION_ID set, that is, started
 * as a systemd service, on cgroup v1 or v2 alike; k3s before v1.22.10/v1.23.7 (k3s-io/k3s#5462)
 * always used cgroupfs. The same bool is written to the generated containerd config.toml
 * (`SystemdCgroup = {{ .SystemdCgroup }}`, pkg/agent/templates), so where k3s rendered its own
 * template that file says what k3s chose, older releases included (no SystemdCgroup line: false).
 * A user template (config.toml.tmpl, config-v3.toml.tmpl) says nothing of it: then the rule.
 */
function rancherDriver(node: NodeView, containerdDir: string): 'systemd' | 'cgroupfs' {
  const template = ['config-v3.toml.tmpl', 'config.toml.tmpl'].some((t) => node.read(`${containerdDir}/${t}`) !== undefined);
  const generated = template ? undefined : node.read(`${containerdDir}/config.toml`);
  if (generated !== undefined) return /^\s*SystemdCgroup\s*=\s*true\b/m.test(generated) ? 'systemd' : 'cgroupfs';
  return node.service && node.systemd ? 'systemd' : 'cgroupfs';
}

const DATA = 'var/lib/rancher/k3s';

/**
 * k3s: one binary whose `k3s server` / `k3s agent` process runs the kubelet in-process. The
 * multicall k3s execs `<data-dir>/data/<hash>/bin/k3s-server` (cmd/k3s/main.go stageAndRun), so
 * the comm is `k3s-server` or `k3s-agent`, and it then sets its title to `<argv0> server`
 * (pkg/cli/server/server.go gspt.SetProcTitle: "hide process arguments from ps output"): its
 * command line shows no flags, which are read from k3s.service's ExecStart= (install.sh writes
 * `--kubelet-arg` there) and from /etc/rancher/k3s/config.yaml and config.yaml.d/*.yaml
 * (pkg/configfilearg: the files first, then the command line). containerd runs as a child in
 * the same unit with the config k3s renders under agent/etc/containerd.
 */
export const k3s: Distribution = {
  id: 'k3s',
  name: 'k3s',
  signals: [
    { process: { comm: ['k3s-server', 'k3s-agent'] }, why: 'a k3s server or agent runs' },
    { path: `${DATA}/agent`, why: "k3s's agent data dir exists" },
    { path: 'etc/rancher/k3s/config.yaml', why: "k3s's config file exists" },
  ],
  kubelet: {
    hosts: [
      {
        process: { comm: ['k3s-server', 'k3s-agent'] },
        embedded: true,
        hidesArgs: true,
        flags: [
          { from: 'yaml-list', files: ['etc/rancher/k3s/config.yaml', 'etc/rancher/k3s/config.yaml.d/*.y*ml'], key: 'kubelet-arg' },
          { from: 'argv-prefixed', flag: '--kubelet-arg' },
        ],
      },
    ],
    // install.sh names the unit k3s.service for a server, k3s-agent.service for an agent.
    units: ['k3s.service', 'k3s-agent.service'],
    ...rancherKubeletFlags(DATA, 'k3s'),
    configs: [],
    configDirs: [`${DATA}/agent/etc/kubelet.conf.d`],
    // cfg.RootDir is set only for rootless k3s: otherwise the kubelet's own default.
    rootDir: 'var/lib/kubelet',
  },
  runtime: {
    ...UPSTREAM_RUNTIME,
    // The embedded containerd's rendered config; a host containerd (--container-runtime-endpoint) keeps its own.
    containerd: [`${DATA}/agent/etc/containerd/config.toml`, ...UPSTREAM_RUNTIME.containerd],
    // k3s starts it with -c that file (pkg/agent/containerd), but it may show only `containerd`:
    // `systemctl status k3s` in 2022 lists `1344 containerd`, where k3s-io/k3s#2502 (2020) had the flags.
    containerdHidesArgs: true,
  },
  sources: [
    'https://github.com/k3s-io/k3s/blob/master/cmd/k3s/main.go (stageAndRun: exec of data/<hash>/bin/k3s-server)',
    'https://github.com/k3s-io/k3s/blob/master/pkg/cli/server/server.go (gspt.SetProcTitle(os.Args[0] + " server"))',
    'https://github.com/k3s-io/k3s/blob/master/pkg/daemons/agent/agent_linux.go (kubeletArgsAndConfig: config-dir, CgroupDriver systemd when cfg.Systemd)',
    'https://github.com/k3s-io/k3s/blob/master/pkg/daemons/agent/agent.go (extractConfigArgs, writeKubeletConfig 00-k3s-defaults.conf)',
    'https://github.com/k3s-io/k3s/blob/master/pkg/agent/config/config.go (KubeletConfigDir agent/etc/kubelet.conf.d, Containerd.Config agent/etc/containerd/config.toml)',
    'https://github.com/k3s-io/k3s/blob/master/pkg/agent/containerd/config_linux.go (Systemd = !userns && cpuset && INVOCATION_ID)',
    'https://github.com/k3s-io/k3s/blob/master/pkg/agent/templates/templates_linux.go (SystemdCgroup = {{ .SystemdCgroup }})',
    'https://github.com/k3s-io/k3s/blob/master/pkg/configfilearg/parser.go (config.yaml, config.yaml.d, key+ appends)',
    'https://github.com/k3s-io/k3s/blob/master/install.sh (create_systemd_service_file, quote_indent)',
    'https://github.com/k3s-io/k3s/pull/5462 (systemd cgroup driver when running under systemd, v1.22.10/v1.23.7/v1.24)',
    'https://docs.k3s.io/advanced#configuring-containerd',
    'https://docs.k3s.io/installation/configuration (kubelet.conf.d drop-ins, v1.32+)',
  ],
};
