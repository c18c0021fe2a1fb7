// Builds realistic node trees (mountinfo, proc, cgroupfs, units, runtime and kubelet configs) in
// memory: the rule cases' nodes (test/rules/nodes.ts) and the benchmarks' (bench/gen-node.mjs).
// One model of a node keeps the files consistent with each other (a process's /proc/<pid>/cgroup
// with the cgroup.procs that lists it, /proc/cgroups with the tree), which hand-written trees drift
// from. Plain JavaScript, so bench runs it under node; node-tree.d.mts gives the tests its types.

/** v1 hierarchies as a CentOS 7 / Ubuntu 18.04 node mounts them, with their hierarchy ids. */
export const V1 = [
  { id: 11, dir: 'systemd', key: 'name=systemd', opts: 'xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd', list: 'name=systemd' },
  { id: 10, dir: 'cpu,cpuacct', key: 'cpu,cpuacct', opts: 'cpu,cpuacct', list: 'cpu,cpuacct' },
  { id: 9, dir: 'cpuset', key: 'cpuset', opts: 'cpuset', list: 'cpuset' },
  { id: 8, dir: 'memory', key: 'memory', opts: 'memory', list: 'memory' },
  { id: 7, dir: 'blkio', key: 'blkio', opts: 'blkio', list: 'blkio' },
  { id: 6, dir: 'devices', key: 'devices', opts: 'devices', list: 'devices' },
  { id: 5, dir: 'freezer', key: 'freezer', opts: 'freezer', list: 'freezer' },
  { id: 4, dir: 'net_cls,net_prio', key: 'net_cls,net_prio', opts: 'net_cls,net_prio', list: 'net_cls,net_prio' },
  { id: 3, dir: 'perf_event', key: 'perf_event', opts: 'perf_event', list: 'perf_event' },
  { id: 2, dir: 'hugetlb', key: 'hugetlb', opts: 'hugetlb', list: 'hugetlb' },
  { id: 1, dir: 'pids', key: 'pids', opts: 'pids', list: 'pids' },
];

/** Hierarchies systemd places a unit's processes in (with the default accounting). */
export const SYSTEMD_MANAGED = ['name=systemd', 'cpu,cpuacct', 'memory', 'blkio', 'devices', 'pids'];

const V2_CONTROLLERS = 'cpuset cpu io memory hugetlb pids rdma misc';

export const POD_A = '7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c';
export const POD_B = '993e5f25-9257-43f8-80da-db8185e7338c';
export const CID_A = '3328875e5f0215a060e04e9ecd5dc33c88b21713cde00a4cf7899562125d4e48';
export const CID_B = 'f23b8ae61df1f0a41a00208f505380e8472bacffa8af1435be336721809f29e9';

export class NodeTree {
  /**
   * @param {object} o
   * @param {'v1'|'hybrid'|'v2'} o.layout
   * @param {'systemd'|'cgroupfs'} o.driver  kubelet's and the runtime's driver (pod cgroup names)
   * @param {string} [o.cpus]  cpuset of the node
   */
  constructor(o) {
    this.layout = o.layout;
    this.driver = o.driver;
    this.cpus = o.cpus ?? '0-3';
    this.kubeletRoot = o.kubeletRoot ?? 'var/lib/kubelet';
    this.files = new Map();
    // Every real node has a name: the report's header and fleet tools key on it.
    this.file('etc/hostname', `${o.hostname ?? 'worker-1'}\n`);
    /** cgroup path -> { in: Set<key>|'all', procs: number[], cpus, mems } */
    this.cgroups = new Map();
    this.v1 = o.layout === 'v2' ? [] : (o.v1 ?? V1).filter((h) => !(o.omit ?? []).includes(h.key));
    /** Controllers the kernel command line disabled (enabled 0 in /proc/cgroups, not mounted). */
    this.disabled = o.disabled ?? [];
    /** num_cgroups overrides for /proc/cgroups (leaks the tree itself does not show). */
    this.counts = o.counts ?? {};
    this.processes = [];
    this.extraMountLines = [];
    this.cgroup('/', { in: 'all' });
  }

  file(path, content) {
    this.files.set(path.replace(/^\//, ''), content);
    return this;
  }

  drop(path) {
    this.files.delete(path.replace(/^\//, ''));
    return this;
  }

  /** Declares a cgroup in some hierarchies ('all', or a list of keys; 'unified' for v2/hybrid). */
  cgroup(path, o = {}) {
    const prev = this.cgroups.get(path);
    const inSet = o.in ?? 'all';
    // Declaring a cgroup again adds hierarchies; it never removes them.
    const merged = inSet === 'all' || prev?.in === 'all' ? 'all' : new Set([...(prev?.in ?? []), ...inSet]);
    this.cgroups.set(path, {
      in: merged,
      procs: [...(prev?.procs ?? []), ...(o.procs ?? [])],
      cpus: o.cpus ?? prev?.cpus,
      mems: o.mems ?? prev?.mems,
      // v2 only: cgroup.subtree_control, cgroup.type, and the effective cpuset when it differs.
      subtree: o.subtree ?? prev?.subtree,
      type: o.type ?? prev?.type,
      cpusEffective: o.cpusEffective ?? prev?.cpusEffective,
    });
    return this;
  }

  /** A systemd unit's cgroup, as systemd creates it (and its parent slices). */
  unitCgroup(path, procs = []) {
    const keys = [...SYSTEMD_MANAGED, 'unified'];
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) this.cgroup(`/${parts.slice(0, i).join('/')}`, { in: keys });
    return this.cgroup(path, { in: keys, procs });
  }

  /**
   * The pods root and QoS cgroups for the driver, and two pods with a container each.
   * `scope` is the runtime's scope prefix; `except` leaves hierarchies without the pods tree.
   */
  pods({ scope = 'cri-containerd', except = [], podDirs = true } = {}) {
    if (podDirs) for (const uid of [POD_A, POD_B]) this.file(`${this.kubeletRoot}/pods/${uid}/etc-hosts`, '127.0.0.1\tlocalhost\n');
    const pid = this.processes.length > 0 ? Math.max(...this.processes.map((p) => p.pid)) + 100 : 4000;
    const keys = except.length === 0 ? 'all' : [...this.v1.map((h) => h.key), 'unified'].filter((k) => !except.includes(k));
    const cgroup = (path, o = {}) => this.cgroup(path, { in: keys, ...o });
    if (this.driver === 'systemd') {
      const a = POD_A.replaceAll('-', '_');
      const b = POD_B.replaceAll('-', '_');
      cgroup('/kubepods.slice');
      cgroup('/kubepods.slice/kubepods-burstable.slice');
      cgroup('/kubepods.slice/kubepods-besteffort.slice');
      cgroup(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${a}.slice`);
      cgroup(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${a}.slice/${scope}-${CID_A}.scope`, { procs: [pid] });
      cgroup(`/kubepods.slice/kubepods-pod${b}.slice`);
      cgroup(`/kubepods.slice/kubepods-pod${b}.slice/${scope}-${CID_B}.scope`, { procs: [pid + 1] });
    } else {
      cgroup('/kubepods');
      cgroup('/kubepods/burstable');
      cgroup('/kubepods/besteffort');
      cgroup(`/kubepods/burstable/pod${POD_A}`);
      cgroup(`/kubepods/burstable/pod${POD_A}/${CID_A}`, { procs: [pid] });
      cgroup(`/kubepods/pod${POD_B}`);
      cgroup(`/kubepods/pod${POD_B}/${CID_B}`, { procs: [pid + 1] });
    }
    return this;
  }

  /**
   * A process: comm, argv and where it sits. `unit` places it as systemd would (the unit's cgroup
   * in the systemd-managed hierarchies, `/` elsewhere); `at` overrides per hierarchy key.
   */
  process(pid, comm, argv, o = {}) {
    this.processes.push({ pid, comm, argv, unit: o.unit ?? '/', at: o.at ?? {}, extraLines: o.extraLines ?? [] });
    if (o.unit && o.unit !== '/') this.unitCgroup(o.unit);
    return this;
  }

  mountLine(line) {
    this.extraMountLines.push(line);
    return this;
  }

  pathFor(p, key) {
    if (p.at[key] !== undefined) return p.at[key];
    if (key === 'unified') return p.unit;
    return SYSTEMD_MANAGED.includes(key) ? p.unit : '/';
  }

  renderMountinfo() {
    const lines = [
      '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,data=ordered',
      '23 22 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw',
      '24 22 0:4 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw',
      '25 22 0:6 / /dev rw,nosuid,relatime shared:3 - devtmpfs udev rw,size=8123456k,nr_inodes=2030864,mode=755',
      '26 25 0:23 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw',
      '27 22 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1634560k,mode=755',
    ];
    if (this.layout === 'v2') {
      lines.push('28 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot');
    } else {
      lines.push('28 23 0:25 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755');
      let id = 29;
      if (this.layout === 'hybrid') lines.push(`${id++} 28 0:26 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate`);
      // In a container the cgroup mounts show the container's own subtree as their root.
      for (const h of this.v1)
        lines.push(`${id} 28 0:${id} ${this.mountRoot ?? '/'} /sys/fs/cgroup/${h.dir} rw,nosuid,nodev,noexec,relatime shared:${id - 18} - cgroup cgroup rw,${h.opts}`);
    }
    lines.push(
      `4101 27 0:52 / /run/containerd/io.containerd.runtime.v2.task/k8s.io/${CID_A}/rootfs rw,relatime shared:301 - overlay overlay rw,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/12/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/31/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/31/work`,
      `4102 27 0:53 / /run/containerd/io.containerd.grpc.v1.cri/sandboxes/${CID_B}/shm rw,nosuid,nodev,noexec,relatime shared:302 - tmpfs shm rw,size=65536k`,
      `4103 22 0:54 / /var/lib/kubelet/pods/${POD_A}/volumes/kubernetes.io~projected/kube-api-access-x7k2p rw,relatime shared:303 - tmpfs tmpfs rw,size=262144k`,
    );
    // A loop, not a spread: a leaking node's million lines would overflow the call stack.
    for (const l of this.extraMountLines) lines.push(l);
    return `${lines.join('\n')}\n`;
  }

  renderProcCgroup(p) {
    // Extra hierarchies (an unmounted named one) have higher ids, which the kernel lists first.
    const lines = [...p.extraLines];
    for (const h of [...this.v1].sort((a, b) => b.id - a.id)) lines.push(`${h.id}:${h.list}:${this.pathFor(p, h.key)}`);
    if (this.layout !== 'v1') lines.push(`0::${this.pathFor(p, 'unified')}`);
    return `${lines.join('\n')}\n`;
  }

  renderProcCgroups() {
    const rows = ['#subsys_name\thierarchy\tnum_cgroups\tenabled'];
    const names = ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event', 'net_prio', 'hugetlb', 'pids'];
    for (const n of names) {
      const h = this.v1.find((x) => x.list.split(',').includes(n));
      const count = this.counts[n] ?? [...this.cgroups.values()].filter((c) => c.in === 'all' || (h && c.in.has(h.key)) || (!h && c.in.has('unified'))).length;
      rows.push(`${n}\t${h ? h.id : 0}\t${this.disabled.includes(n) ? 1 : count}\t${this.disabled.includes(n) ? 0 : 1}`);
    }
    return `${rows.join('\n')}\n`;
  }

  /** Writes cgroupfs: cgroup.procs everywhere, cpuset values on v1, controller files on v2. */
  renderCgroupfs() {
    const hierarchies =
      this.layout === 'v2'
        ? [{ key: 'unified', dir: 'sys/fs/cgroup', v2: true }]
        : [
            ...this.v1.map((h) => ({ key: h.key, dir: `sys/fs/cgroup/${h.dir}`, cpuset: h.key === 'cpuset' })),
            ...(this.layout === 'hybrid' ? [{ key: 'unified', dir: 'sys/fs/cgroup/unified', v2: true, hybrid: true }] : []),
          ];
    for (const h of hierarchies) {
      // The cgroups with a child in this hierarchy; declared descendants imply their parents.
      const parents = new Set();
      for (const [path, c] of this.cgroups) {
        if (path === '/' || (c.in !== 'all' && !c.in.has(h.key))) continue;
        const parts = path.split('/').filter(Boolean);
        for (let i = 0; i < parts.length; i++) parents.add(`/${parts.slice(0, i).join('/')}`);
      }
      for (const [path, c] of this.cgroups) {
        if (c.in !== 'all' && !c.in.has(h.key)) continue;
        if (c.in === 'all' && h.hybrid && path !== '/') continue; // the hybrid unified tree holds systemd units only
        const dir = path === '/' ? h.dir : `${h.dir}${path}`;
        // A process is listed where its /proc/<pid>/cgroup line says it is, hierarchy by hierarchy.
        const procs = [...c.procs, ...this.processes.filter((p) => this.pathFor(p, h.key) === path).map((p) => p.pid)].sort((a, b) => a - b);
        this.file(`${dir}/cgroup.procs`, procs.length ? `${procs.join('\n')}\n` : '');
        if (h.cpuset) {
          // An empty cpuset reads as a bare newline, as the kernel prints it.
          this.file(`${dir}/cpuset.cpus`, `${c.cpus ?? this.cpus}\n`);
          this.file(`${dir}/cpuset.mems`, `${c.mems ?? '0'}\n`);
        }
        if (h.v2) {
          const ctl = h.hybrid ? '' : V2_CONTROLLERS;
          // systemd and runc enable controllers only in the parents of the cgroups they create, so
          // a cgroup with no child (an empty besteffort QoS cgroup, a service) enables none.
          const leaf = h.hybrid || !parents.has(path);
          this.file(`${dir}/cgroup.controllers`, `${ctl}\n`);
          this.file(`${dir}/cgroup.subtree_control`, `${c.subtree ?? (leaf ? '' : 'cpuset cpu io memory hugetlb pids')}\n`);
          if (path === '/') {
            this.file(`${dir}/cgroup.stat`, `nr_descendants ${this.cgroups.size - 1}\nnr_dying_descendants ${this.dying ?? 0}\n`);
          } else if (!h.hybrid) {
            this.file(`${dir}/cgroup.type`, `${c.type ?? 'domain'}\n`);
            this.file(`${dir}/cpuset.cpus`, `${c.cpus ?? ''}\n`);
            this.file(`${dir}/cpuset.cpus.effective`, `${c.cpusEffective ?? this.cpus}\n`);
            this.file(`${dir}/cpuset.mems.effective`, '0\n');
          }
        }
      }
    }
  }

  /** The finished tree: path -> content. */
  render() {
    this.file('proc/1/mountinfo', this.renderMountinfo());
    this.file('proc/cgroups', this.renderProcCgroups());
    for (const p of this.processes) {
      this.file(`proc/${p.pid}/comm`, `${p.comm}\n`);
      this.file(`proc/${p.pid}/cmdline`, `${p.argv.join('\0')}\0`);
      this.file(`proc/${p.pid}/cgroup`, this.renderProcCgroup(p));
    }
    this.renderCgroupfs();
    return new Map([...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

// ---- config files as real installs ship them ----

export const KUBEADM_DROPIN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
# This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

export const KUBELET_UNIT = `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`;

export const CONTAINERD_UNIT = `[Unit]
Description=containerd container runtime
Documentation=https://containerd.io
After=network.target local-fs.target dbus.service

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/bin/containerd

Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
`;

export const DOCKER_UNIT = `[Unit]
Description=Docker Application Container Engine
Documentation=https://docs.docker.com
After=network-online.target firewalld.service containerd.service
Wants=network-online.target
Requires=docker.socket containerd.service

[Service]
Type=notify
ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
ExecReload=/bin/kill -s HUP $MAINPID
TimeoutStartSec=0
RestartSec=2
Restart=always
LimitNOFILE=infinity
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
Delegate=yes
KillMode=process
OOMScoreAdjust=-500

[Install]
WantedBy=multi-user.target
`;

/** containerd config for version 2 (containerd 1.x) or 3 (containerd 2.x). */
export function containerdConfig({ version = 2, systemdCgroup, extraRuntimes = '' }) {
  const plugin = version === 3 ? 'io.containerd.cri.v1.runtime' : 'io.containerd.grpc.v1.cri';
  const sc = systemdCgroup === undefined ? '' : `            SystemdCgroup = ${systemdCgroup}\n`;
  const sandbox = version === 3 ? '' : `    sandbox_image = "registry.k8s.io/pause:3.9"\n`;
  return `version = ${version}
root = "/var/lib/containerd"
state = "/run/containerd"

[grpc]
  address = "/run/containerd/containerd.sock"

[plugins]
  [plugins."${plugin}"]
${sandbox}    [plugins."${plugin}".containerd]
      default_runtime_name = "runc"
      [plugins."${plugin}".containerd.runtimes]
        [plugins."${plugin}".containerd.runtimes.runc]
          runtime_type = "io.containerd.runc.v2"
          [plugins."${plugin}".containerd.runtimes.runc.options]
            BinaryName = ""
${sc}${extraRuntimes}`;
}

export function kubeletConfig(fields) {
  const lines = [
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    'authentication:',
    '  anonymous:',
    '    enabled: false',
    '  webhook:',
    '    enabled: true',
    'authorization:',
    '  mode: Webhook',
    'clusterDNS:',
    '- 10.96.0.10',
    'clusterDomain: cluster.local',
  ];
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) lines.push(`${k}:`, ...v.map((x) => `- ${x}`));
    else lines.push(`${k}: ${v}`);
  }
  lines.push('rotateCertificates: true', 'staticPodPath: /etc/kubernetes/manifests');
  return `${lines.join('\n')}\n`;
}

/** The argv a kubeadm node's kubelet runs with, given KUBELET_KUBEADM_ARGS. */
export function kubeadmArgv(kubeadmArgs, extra = []) {
  return [
    '/usr/bin/kubelet',
    '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
    '--kubeconfig=/etc/kubernetes/kubelet.conf',
    '--config=/var/lib/kubelet/config.yaml',
    ...kubeadmArgs,
    ...extra,
  ];
}

/** A kubeadm-installed kubelet: unit, drop-in, flags env file and config, and the process. */
export function kubeadmKubelet(t, { pid = 1203, config, kubeadmArgs = [], extraArgs = [], running = true, unit = '/system.slice/kubelet.service', at } = {}) {
  t.file('lib/systemd/system/kubelet.service', KUBELET_UNIT);
  t.file('etc/systemd/system/kubelet.service.d/10-kubeadm.conf', KUBEADM_DROPIN);
  t.file('var/lib/kubelet/kubeadm-flags.env', `KUBELET_KUBEADM_ARGS="${kubeadmArgs.join(' ')}"\n`);
  if (extraArgs.length > 0) t.file('etc/default/kubelet', `KUBELET_EXTRA_ARGS=${extraArgs.join(' ')}\n`);
  t.file('var/lib/kubelet/config.yaml', kubeletConfig(config));
  if (running) t.process(pid, 'kubelet', kubeadmArgv(kubeadmArgs, extraArgs), { unit, ...(at ? { at } : {}) });
  return t;
}

/** `at` overrides putting a process in `path` in every v1 hierarchy but the listed ones. */
export function everywhereBut(t, except, path) {
  return Object.fromEntries(t.v1.filter((h) => !except.includes(h.key)).map((h) => [h.key, path]));
}

/** The text of a kernel config with every cgroup option the checks look for, minus `unset`. */
export function kernelConfigText(release = '5.15.0-91-generic', unset = []) {
  const opts = [
    'CGROUPS',
    'CGROUP_CPUACCT',
    'CGROUP_DEVICE',
    'CGROUP_FREEZER',
    'CGROUP_PIDS',
    'CGROUP_SCHED',
    'CPUSETS',
    'MEMCG',
    'FAIR_GROUP_SCHED',
    'CFS_BANDWIDTH',
    'CGROUP_BPF',
    'CGROUP_HUGETLB',
    'BLK_CGROUP',
    'BLK_DEV_THROTTLING',
    'MEMCG_SWAP',
    'CGROUP_PERF',
    'CGROUP_NET_PRIO',
    'NET_CLS_CGROUP',
    'SWAP',
    'NAMESPACES',
    'OVERLAY_FS',
  ];
  const lines = ['#', `# Automatically generated file; DO NOT EDIT.`, `# Linux/x86 ${release.split('-')[0]} Kernel Configuration`, '#', 'CONFIG_64BIT=y'];
  for (const o of opts) lines.push(unset.includes(o) ? `# CONFIG_${o} is not set` : `CONFIG_${o}=${o === 'OVERLAY_FS' ? 'm' : 'y'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A kernel config file with every cgroup option, minus `unset`: at boot/config-<release>, or
 * beside the modules (`at: 'modules'`), where Fedora CoreOS and RHCOS ship it.
 */
export function kernel(t, { release = '5.15.0-91-generic', unset = [], at = 'boot' } = {}) {
  t.file('proc/sys/kernel/osrelease', `${release}\n`);
  t.file(at === 'modules' ? `usr/lib/modules/${release}/config` : `boot/config-${release}`, kernelConfigText(release, unset));
  return t;
}

/** kubelet's CPU and memory manager checkpoints, as kubelet writes them on start. */
export function managerStates(t, { cpu = 'none', memory = 'None' } = {}) {
  if (cpu !== undefined) t.file(`${t.kubeletRoot}/cpu_manager_state`, `{"policyName":"${cpu}","defaultCpuSet":"${cpu === 'static' ? t.cpus : ''}","checksum":1353318690}\n`);
  if (memory !== undefined) t.file(`${t.kubeletRoot}/memory_manager_state`, `{"policyName":"${memory}","machineState":{},"checksum":1108571473}\n`);
  return t;
}

export function systemdInit(t) {
  t.process(1, 'systemd', ['/usr/lib/systemd/systemd', '--switched-root', '--system', '--deserialize', '22'], {
    unit: '/',
    at: { 'name=systemd': '/init.scope', unified: '/init.scope' },
  });
  t.cgroup('/init.scope', { in: ['name=systemd', 'unified'] });
  t.file('run/systemd/system/.keep', '');
  return t;
}

export function containerdRuntime(t, { pid = 812, config } = {}) {
  t.file('lib/systemd/system/containerd.service', CONTAINERD_UNIT);
  if (config !== undefined) t.file('etc/containerd/config.toml', config);
  t.process(pid, 'containerd', ['/usr/bin/containerd'], { unit: '/system.slice/containerd.service' });
  return t;
}

export function dockerRuntime(t, { pid = 905, daemonJson, containerdPid = 812 } = {}) {
  t.file('lib/systemd/system/docker.service', DOCKER_UNIT);
  t.file('lib/systemd/system/containerd.service', CONTAINERD_UNIT);
  if (daemonJson !== undefined) t.file('etc/docker/daemon.json', daemonJson);
  t.process(containerdPid, 'containerd', ['/usr/bin/containerd'], { unit: '/system.slice/containerd.service' });
  t.process(pid, 'dockerd', ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'], { unit: '/system.slice/docker.service' });
  return t;
}

export function sshd(t) {
  t.process(955, 'sshd', ['/usr/sbin/sshd', '-D'], { unit: '/system.slice/sshd.service' });
  t.cgroup('/user.slice', { in: [...SYSTEMD_MANAGED, 'unified'] });
  return t;
}

// ---- versions on disk: binaries with Go build information, the dpkg database, a JVM workload ----

/** dpkg's status file with these packages (`[[name, version, status?], ...]`, installed unless a status says otherwise), as dpkg writes its stanzas. */
export function dpkgStatus(t, packages) {
  const stanza = ([name, version, status = 'install ok installed']) =>
    `Package: ${name}\nStatus: ${status}\nPriority: optional\nSection: admin\nInstalled-Size: 1024\nMaintainer: Debian Go Packaging Team <team+pkg-go@tracker.debian.org>\nArchitecture: amd64\nVersion: ${version}\nDescription: ${name}\n`;
  return t.file('var/lib/dpkg/status', packages.map(stanza).join('\n'));
}

/** The cgroup of pod A's container, as the node's driver names it. */
export function podAContainer(t, scope = 'cri-containerd') {
  return t.driver === 'systemd'
    ? `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_A.replaceAll('-', '_')}.slice/${scope}-${CID_A}.scope`
    : `/kubepods/burstable/pod${POD_A}/${CID_A}`;
}

/**
 * A JVM running in pod A's container (call after pods()): its exe link, its JDK's release file
 * under proc/<pid>/root (the container's filesystem), and kubelet's var/log/containers link that
 * names the pod and container. `release` is the file's text; `home` the JDK's directory.
 */
export function jvmWorkload(
  t,
  { pid = 4100, home = '/usr/lib/jvm/java-8-openjdk-amd64/jre', release, pod = 'billing-api-7d9f8b6c5-x2k4q', namespace = 'payments', container = 'api' },
) {
  const cg = podAContainer(t);
  t.cgroup(cg, { procs: [pid] });
  const at = Object.fromEntries([...t.v1.map((h) => [h.key, cg]), ['unified', cg]]);
  t.process(pid, 'java', [`${home}/bin/java`, '-jar', '/app/app.jar'], { at });
  t.file(`proc/${pid}/exe`, { link: `${home}/bin/java` });
  if (release !== undefined) t.file(`proc/${pid}/root${home}/release`, release);
  t.file(`var/log/containers/${pod}_${namespace}_${container}-${CID_A}.log`, { link: `/var/log/pods/${namespace}_${pod}_${POD_A}/${container}/0.log` });
  return t;
}

/** A JDK 8's release file, in the layout of Oracle's and AdoptOpenJDK's 8u builds. */
export const jdk8Release = (update) =>
  `JAVA_VERSION="1.8.0_${update}"\nOS_NAME="Linux"\nOS_VERSION="2.6"\nOS_ARCH="amd64"\nSOURCE=".:git:4b3ee4c4b5d4"\nIMPLEMENTOR="AdoptOpenJDK"\n`;
