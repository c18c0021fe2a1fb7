#!/usr/bin/env node
// Writes fixtures/<name>/root and fixtures/<name>/expected.json from the definitions below.
// `node scripts/build-fixtures.mjs` rewrites them; test/fixtures.test.ts fails when the
// committed fixtures differ from what this script writes.
//
// expected.json is written by hand here, next to the tree it describes: it is what cgdoctor
// must report, not a record of what it once reported.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NodeTree, SYSTEMD_MANAGED, POD_A, CID_A, containerdConfig, containerdRuntime, dockerRuntime, everywhereBut, kubeadmKubelet,
  kubeletConfig, sshd, systemdInit, CONTAINERD_UNIT,
} from './node-tree.mjs';

const A_ = POD_A.replaceAll('-', '_');
const REMOTE = ['--container-runtime=remote', '--container-runtime-endpoint=unix:///run/containerd/containerd.sock', '--pod-infra-container-image=registry.k8s.io/pause:3.9'];
const DOCKERSHIM = ['--container-runtime=docker', '--network-plugin=cni', '--pod-infra-container-image=k8s.gcr.io/pause:3.2'];
const DAEMON_JSON = '{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "100m" },\n  "storage-driver": "overlay2"\n}\n';
const DAEMON_JSON_SYSTEMD = '{\n  "exec-opts": ["native.cgroupdriver=systemd"],\n  "log-driver": "json-file",\n  "storage-driver": "overlay2"\n}\n';

// ---------- healthy nodes: nothing above info ----------

function v1SystemdContainerd(o = {}) {
  const t = new NodeTree({ layout: o.layout ?? 'v1', driver: 'systemd', ...(o.omit ? { omit: o.omit } : {}) });
  systemdInit(t);
  sshd(t);
  containerdRuntime(t, { config: o.containerd ?? containerdConfig({ version: 2, systemdCgroup: true }) });
  kubeadmKubelet(t, { config: { cgroupDriver: 'systemd', ...(o.config ?? {}) }, kubeadmArgs: o.kubeadmArgs ?? REMOTE, ...(o.extraArgs ? { extraArgs: o.extraArgs } : {}), ...(o.running === false ? { running: false } : {}), ...(o.kubeletAt ? { at: o.kubeletAt } : {}) });
  if (o.pods !== false) t.pods(o.pods ?? {});
  return t;
}

const healthy = {
  'healthy-v1-cgroupfs': {
    description: 'Ubuntu 18.04-style cgroup v1 node: kubelet 1.20 with dockershim, both on the cgroupfs driver.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      systemdInit(t);
      sshd(t);
      dockerRuntime(t, { daemonJson: DAEMON_JSON });
      kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: DOCKERSHIM });
      return t.pods({ scope: 'docker' });
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'healthy-v1-systemd': {
    description: 'CentOS 7-style cgroup v1 node: kubelet and containerd 1.6 (config version 2) on the systemd driver.',
    tree: () => v1SystemdContainerd(),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'healthy-hybrid': {
    description: 'Ubuntu 20.04-style hybrid node: v1 controllers plus an empty cgroup2 tree at /sys/fs/cgroup/unified, systemd driver.',
    tree: () => v1SystemdContainerd({ layout: 'hybrid' }),
    expected: { layout: 'hybrid', exitCode: 0, findings: [], skipped: [] },
  },
  'healthy-v2-systemd': {
    description: 'Ubuntu 24.04-style cgroup v2 node: kubelet with containerd 2.x (config version 3), systemd driver.',
    tree() {
      const t = new NodeTree({ layout: 'v2', driver: 'systemd' });
      systemdInit(t);
      sshd(t);
      containerdRuntime(t, { config: containerdConfig({ version: 3, systemdCgroup: true }) });
      kubeadmKubelet(t, { config: { cgroupDriver: 'systemd', containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock' }, kubeadmArgs: ['--pod-infra-container-image=registry.k8s.io/pause:3.10'] });
      return t.pods();
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: ['CG001'] },
  },
};

// ---------- the seed incidents ----------

const SEED000_UNIT = `[Unit]
Description=Kubernetes Kubelet
Documentation=https://github.com/GoogleCloudPlatform/kubernetes
Wants=docker.service containerd.service
After=docker.service

[Service]
WorkingDirectory=/data/kubernetes/kubelet
ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/system.slice/kubelet.service
ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/hugetlb/system.slice/kubelet.service
ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/memory/system.slice/kubelet.service
ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/pids/system.slice/kubelet.service
ExecStartPre=/bin/rm -rf /data/kubernetes/kubelet/cpu_manager_state
#TasksAccounting=true
#CPUAccounting=true
#MemoryAccounting=true
ExecStart=/usr/local/bin/kubelet \\
  --node-status-update-frequency=10s \\
  --anonymous-auth=false \\
  --authentication-token-webhook \\
  --authorization-mode=Webhook \\
  --client-ca-file=/etc/kubernetes/ssl/ca.pem \\
  --cluster-dns=10.61.128.2 \\
  --cluster-domain=cluster.local \\
  --cpu-manager-policy=static \\
  --network-plugin=kubenet \\
  --cloud-provider=external \\
  --non-masquerade-cidr=0.0.0.0/0 \\
  --hairpin-mode hairpin-veth \\
  --cni-bin-dir=/opt/cni/bin \\
  --cni-conf-dir=/etc/cni/net.d \\
  --hostname-override=10.60.64.49 \\
  --kubeconfig=/etc/kubernetes/kubelet.kubeconfig \\
  --max-pods=125 \\
  --pod-infra-container-image=xxx.com/k8s-google-containers/pause-amd64:3.2 \\
  --register-node=true \\
  --register-with-taints=install=unfinished:NoSchedule \\
  --root-dir=/data/kubernetes/kubelet \\
  --tls-cert-file=/etc/kubernetes/ssl/kubelet.pem \\
  --tls-private-key-file=/etc/kubernetes/ssl/kubelet-key.pem \\
  --cgroups-per-qos=true \\
  --cgroup-driver=systemd \\
  --enforce-node-allocatable=pods \\
  --kubelet-cgroups=/system.slice/kubelet.service \\
  --kube-reserved-cgroup=/system.slice \\
  --system-reserved-cgroup=/system.slice \\
  --kube-reserved=cpu=200m,memory=1Gi,ephemeral-storage=1Gi \\
  --system-reserved=cpu=200m,memory=1Gi,ephemeral-storage=1Gi \\
  --eviction-hard=nodefs.available<10%,nodefs.inodesFree<2%,memory.available<1Gi \\
  --v=2 \\
  --eviction-soft=nodefs.available<15%,nodefs.inodesFree<5%,memory.available<2Gi \\
  --eviction-soft-grace-period=memory.available=1m,nodefs.available=1m,nodefs.inodesFree=1m \\
  --eviction-max-pod-grace-period=120 \\
  --serialize-image-pulls=false \\
  --log-dir=/data/log/kubernetes/ \\
  --logtostderr=false
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
`;

/** The argv systemd builds from a unit's one ExecStart= (continuations joined). */
function execArgv(unit) {
  const m = /^ExecStart=((?:.*\\\n)*.*)$/m.exec(unit);
  return m[1].replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
}

const SEED002_UNIT = `[Unit]
Description=Kubernetes Kubelet Server
Documentation=https://github.com/GoogleCloudPlatform/kubernetes
After=docker.service
Requires=docker.service

[Service]
WorkingDirectory=/var/lib/kubelet
EnvironmentFile=-/etc/kubernetes/config
EnvironmentFile=-/etc/kubernetes/kubelet
ExecStart=/usr/bin/kubelet \\
            $KUBE_LOGTOSTDERR \\
            $KUBE_LOG_LEVEL \\
            $KUBELET_API_SERVER \\
            $KUBELET_ADDRESS \\
            $KUBELET_PORT \\
            $KUBELET_HOSTNAME \\
            $KUBE_ALLOW_PRIV \\
            $KUBELET_ARGS
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;
const SEED002_ENV = `###
# kubernetes kubelet (minion) config

# The address for the info server to serve on (set to 0.0.0.0 or "" for all interfaces)
KUBELET_ADDRESS="--address=0.0.0.0"

# You may leave this blank to use the actual hostname
KUBELET_HOSTNAME="--hostname-override=10.39.0.16"

# Add your own!
KUBELET_ARGS="--kubeconfig=/etc/kubernetes/kubelet.kubeconfig --cluster-dns=172.16.0.2 --cluster-domain=cluster.local --pod-infra-container-image=pause-amd64:3.0 --runtime-cgroups=/systemd/system.slice --kubelet-cgroups=/systemd/system.slice --docker-only"
`;
const SEED002_CONFIG = `###
# kubernetes system config
KUBE_LOGTOSTDERR="--logtostderr=true"
KUBE_LOG_LEVEL="--v=2"
KUBE_ALLOW_PRIV="--allow-privileged=true"
`;

const KATA_TRIPLETS = [
  'kubepods-besteffort-pod2c1e9612_3136_47b9_a86d_a4e08aa53bd1.slice:cri-containerd:ad803a3a6b5653aa8e3532f584d748032589ff08e9fea4f96200657f5620712d',
  'kubepods-besteffort-pod330c9ee6_5f44_47ab_adc7_27ef7326a71c.slice:cri-containerd:e28700e7d9425b717807b34c0f727478d5f0976ebcb2c6ba419bfdc2ea0a045f',
  'kubepods-burstable-pod30dc6265_dc59_462c_9d31_46df5f6d1472.slice:cri-containerd:af3e24f8d7859884f7508e8eaf57b6854b294aa1e527933aa8aff16bfa6ed918',
  'kubepods-burstable-pod1db6ef27_f319_4ea5_9c1f_a3f29a262014.slice:cri-containerd:cec9918a94ff034ac0bbc4289e66bb2cfc7bf15828f77fe6a9448769f02d4a1e',
];
const KATA_RUNTIME = `        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]
          runtime_type = "io.containerd.kata.v2"
          privileged_without_host_devices = true
          pod_annotations = ["io.katacontainers.*"]
`;
const V1_KEYS = (t) => t.v1.map((h) => h.key);

const seeds = {
  'seed-000-cpuset-empty-kubelet-metrics': {
    description:
      'Seed 000: kubelet 1.21.8 on CentOS 7 with docker. The kubelet unit pre-creates /sys/fs/cgroup/cpuset/system.slice/kubelet.service with ExecStartPre=mkdir, so cpuset.cpus and cpuset.mems are empty; cAdvisor 0.39 fails to read it and /metrics/cadvisor loses every container metric.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'systemd', cpus: '0-31' });
      systemdInit(t);
      sshd(t);
      dockerRuntime(t, { daemonJson: DAEMON_JSON_SYSTEMD });
      t.file('etc/systemd/system/kubelet.service', SEED000_UNIT);
      t.process(660625, 'kubelet', execArgv(SEED000_UNIT), { unit: '/system.slice/kubelet.service' });
      // What the four ExecStartPre=mkdir -p lines left behind (systemd 219 does not manage cpuset or hugetlb).
      for (const key of ['cpuset', 'hugetlb']) {
        t.cgroup('/system.slice', { in: [...SYSTEMD_MANAGED, key], ...(key === 'cpuset' ? { cpus: '', mems: '' } : {}) });
        t.cgroup('/system.slice/kubelet.service', { in: [...SYSTEMD_MANAGED, key], ...(key === 'cpuset' ? { cpus: '', mems: '' } : {}) });
      }
      return t.pods({ scope: 'docker' });
    },
    expected: {
      layout: 'v1',
      exitCode: 1,
      findings: [
        { rule: 'CG001', severity: 'error', subject: '/system.slice', evidence: [{ path: 'sys/fs/cgroup/cpuset/system.slice/cpuset.cpus', line: 1 }, { path: 'sys/fs/cgroup/cpuset/system.slice/cpuset.mems', line: 1 }] },
        { rule: 'CG001', severity: 'error', subject: '/system.slice/kubelet.service', evidence: [{ path: 'sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus', line: 1 }, { path: 'sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.mems', line: 1 }] },
        {
          rule: 'CG002', severity: 'warning', subject: 'kubelet.service',
          evidence: [9, 10, 11, 12].map((line) => ({ path: 'etc/systemd/system/kubelet.service', line })),
        },
      ],
      skipped: [],
    },
  },
  'seed-002-unknown-container-systemd-slice': {
    description:
      'Seed 002: kubelet 1.9.11 on CentOS 7 with docker, started by systemd with --runtime-cgroups=/systemd/system.slice --kubelet-cgroups=/systemd/system.slice --docker-only. The hierarchy name in the paths and --docker-only make kubelet log unknown container "/systemd/system.slice" forever.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      systemdInit(t);
      sshd(t);
      t.file('etc/systemd/system/kubelet.service', SEED002_UNIT);
      t.file('etc/kubernetes/kubelet', SEED002_ENV);
      t.file('etc/kubernetes/config', SEED002_CONFIG);
      t.file('lib/systemd/system/docker.service', `[Service]\nExecStart=/usr/bin/dockerd-current --add-runtime docker-runc=/usr/libexec/docker/docker-runc-current\nDelegate=yes\n`);
      // kubelet created /systemd/system.slice in each hierarchy and moved itself and dockerd there;
      // systemd keeps both in their units in name=systemd.
      const moved = everywhereBut(t, ['name=systemd'], '/systemd/system.slice');
      t.cgroup('/systemd', { in: V1_KEYS(t).filter((k) => k !== 'name=systemd') });
      t.cgroup('/systemd/system.slice', { in: V1_KEYS(t).filter((k) => k !== 'name=systemd') });
      t.process(1086, 'dockerd', ['/usr/bin/dockerd-current', '--add-runtime', 'docker-runc=/usr/libexec/docker/docker-runc-current'], { unit: '/system.slice/docker.service', at: moved });
      t.process(2311, 'kubelet', [
        '/usr/bin/kubelet', '--logtostderr=true', '--v=2', '--address=0.0.0.0', '--hostname-override=10.39.0.16', '--allow-privileged=true',
        '--kubeconfig=/etc/kubernetes/kubelet.kubeconfig', '--cluster-dns=172.16.0.2', '--cluster-domain=cluster.local', '--pod-infra-container-image=pause-amd64:3.0',
        '--runtime-cgroups=/systemd/system.slice', '--kubelet-cgroups=/systemd/system.slice', '--docker-only',
      ], { unit: '/system.slice/kubelet.service', at: moved });
      return t.pods({ scope: 'docker' });
    },
    expected: {
      layout: 'v1',
      exitCode: 1,
      findings: [
        { rule: 'CG006', severity: 'error', subject: '--kubelet-cgroups', evidence: [{ path: 'etc/kubernetes/kubelet', line: 11 }] },
        { rule: 'CG006', severity: 'error', subject: '--runtime-cgroups', evidence: [{ path: 'etc/kubernetes/kubelet', line: 11 }] },
        { rule: 'CG004', severity: 'warning', subject: '/systemd/system.slice', evidence: [{ path: 'etc/kubernetes/kubelet', line: 11 }, { path: 'proc/2311/cgroup', line: 1 }] },
        { rule: 'CG008', severity: 'warning', subject: 'kubelet', evidence: [{ path: 'etc/kubernetes/kubelet', line: 11 }, { path: 'etc/kubernetes/kubelet', line: 11 }, { path: 'etc/kubernetes/kubelet', line: 11 }] },
      ],
      skipped: [],
    },
  },
  'seed-003-kata-cgroupfs-sandbox': {
    description:
      'Seed 003: kata containers under containerd on a systemd-driver node. The kata shim creates the sandbox cgroups with the cgroupfs driver from the systemd cgroupsPath, so directories named "kubepods-...slice:cri-containerd:<id>" sit at the root of every hierarchy, outside kubepods.slice.',
    tree() {
      const t = v1SystemdContainerd({ containerd: containerdConfig({ version: 2, systemdCgroup: true, extraRuntimes: KATA_RUNTIME }) });
      t.file('opt/kata/share/defaults/kata-containers/configuration.toml', '[hypervisor.clh]\npath = "/opt/kata/bin/cloud-hypervisor-upcall"\n\n[runtime]\nenable_debug = true\nsandbox_cgroup_only = false\ndebug_console_enabled = true\n');
      const keys = V1_KEYS(t).filter((k) => k !== 'name=systemd');
      KATA_TRIPLETS.forEach((name, i) => t.cgroup(`/${name}`, { in: keys, procs: [26040 + i * 1000, 26072 + i * 1000] }));
      t.cgroup('/kata_overhead', { in: keys });
      t.cgroup('/vc', { in: keys });
      return t;
    },
    expected: {
      layout: 'v1',
      exitCode: 1,
      findings: [
        {
          rule: 'CG011', severity: 'error', subject: '/',
          evidence: [...KATA_TRIPLETS].sort().map((n) => ({ path: `sys/fs/cgroup/blkio/${n}`, line: null })),
        },
      ],
      skipped: [],
    },
  },
  'seed-004-cpu-mirror-unmounted': {
    description:
      'Seed 004: docker 18.06 node where an agent mounted a named hierarchy cpu_mirror and unmounted it while every process stayed in it. /proc/<pid>/cgroup still lists name=cpu_mirror, mountinfo does not, and containerd refuses to start sandboxes with "cannot find cgroup mount destination".',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      systemdInit(t);
      sshd(t);
      dockerRuntime(t, { daemonJson: DAEMON_JSON });
      kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: DOCKERSHIM });
      // A new hierarchy holds every process in its root, so every /proc/<pid>/cgroup lists it.
      for (const p of t.processes) p.extraLines.push('12:name=cpu_mirror:/');
      return t.pods({ scope: 'docker' });
    },
    expected: {
      layout: 'v1',
      exitCode: 1,
      findings: [
        {
          rule: 'CG003', severity: 'error', subject: 'name=cpu_mirror',
          evidence: [1, 1203, 812, 905].map((pid) => ({ path: `proc/${pid}/cgroup`, line: 1 })),
        },
      ],
      skipped: [],
    },
  },
};

// ---------- one tree that fires each rule, one near-miss that must not ----------

const rules = {
  'CG001-cpuset-empty': {
    description: 'A burstable pod cgroup whose cpuset.cpus and cpuset.mems were emptied (by a CPU-pinning agent): under the pods root, so kubelet and cAdvisor use it.',
    tree() {
      const t = v1SystemdContainerd();
      t.cgroup(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${A_}.slice`, { cpus: '', mems: '' });
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{
        rule: 'CG001', severity: 'error', subject: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${A_}.slice`,
        evidence: ['cpus', 'mems'].map((f) => ({ path: `sys/fs/cgroup/cpuset/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${A_}.slice/cpuset.${f}`, line: 1 })),
      }],
      skipped: [],
    },
  },
  'CG001-cpuset-empty-near-miss': {
    description: 'An empty cpuset directory nobody uses (/machine.slice/libvirt-test: no processes, not a kubelet or runtime cgroup, not under the pods root) is not reported.',
    tree() {
      const t = v1SystemdContainerd();
      t.cgroup('/machine.slice', { in: ['cpuset'], cpus: '0-3' });
      t.cgroup('/machine.slice/libvirt-test', { in: ['cpuset'], cpus: '', mems: '' });
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG002-unit-precreates-cgroup': {
    description: 'A containerd drop-in that mkdirs its own cgroups in the memory and hugetlb hierarchies before start, one plain and one through sh -c.',
    tree() {
      const t = v1SystemdContainerd();
      t.file('etc/systemd/system/containerd.service.d/10-cgroups.conf', '[Service]\nExecStartPre=/bin/mkdir -p /sys/fs/cgroup/memory/system.slice/containerd.service\nExecStartPre=/bin/sh -c "mkdir -p /sys/fs/cgroup/hugetlb/system.slice/containerd.service"\n');
      t.cgroup('/system.slice', { in: [...SYSTEMD_MANAGED, 'hugetlb'] });
      t.cgroup('/system.slice/containerd.service', { in: [...SYSTEMD_MANAGED, 'hugetlb'] });
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG002', severity: 'warning', subject: 'containerd.service', evidence: [2, 3].map((line) => ({ path: 'etc/systemd/system/containerd.service.d/10-cgroups.conf', line })) }],
      skipped: [],
    },
  },
  'CG002-unit-precreates-cgroup-near-miss': {
    description: 'ExecStartPre lines that look alike but do not create cgroups: mkdir of a kubelet directory, a commented-out cgroup mkdir, and a cgroup mkdir in an unrelated unit.',
    tree() {
      const t = v1SystemdContainerd();
      t.file('etc/systemd/system/kubelet.service.d/20-prep.conf', '[Service]\nExecStartPre=/bin/mkdir -p /var/lib/kubelet/pki\n#ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/system.slice/kubelet.service\nExecStartPre=-/sbin/swapoff -a\n');
      t.file('etc/systemd/system/cgroup-setup.service', '[Service]\nType=oneshot\nExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/batch\nExecStart=/bin/true\n');
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG003-controller-not-mounted': {
    description: 'A monitoring agent unmounted the perf_event hierarchy; every process still lists 3:perf_event:/ in /proc/<pid>/cgroup.',
    tree() {
      const t = v1SystemdContainerd({ omit: ['perf_event'] });
      for (const p of t.processes) p.extraLines.push('3:perf_event:/');
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG003', severity: 'error', subject: 'perf_event', evidence: [1, 1203, 812].map((pid) => ({ path: `proc/${pid}/cgroup`, line: 1 })) }],
      skipped: [],
    },
  },
  'CG003-controller-not-mounted-near-miss': {
    description: 'The same named hierarchy as seed 004 (name=cpu_mirror), still mounted: every listed hierarchy has its mount.',
    tree() {
      const t = v1SystemdContainerd({ layout: 'hybrid' });
      for (const p of t.processes) p.extraLines.push('12:name=cpu_mirror:/');
      t.mountLine('4200 28 0:99 / /sys/fs/cgroup/cpu_mirror rw,nosuid,nodev,noexec,relatime shared:400 - cgroup cgroup rw,name=cpu_mirror');
      t.file('sys/fs/cgroup/cpu_mirror/cgroup.procs', '');
      return t;
    },
    expected: { layout: 'hybrid', exitCode: 0, findings: [], skipped: [] },
  },
  'CG004-kubelet-cgroups-mismatch': {
    description: "Seed 000's workaround: kubeletCgroups is /fix-kubelet-no-cadvisor-monitor.service, so kubelet created that cgroup and moved itself into it, while systemd keeps it in /system.slice/kubelet.service.",
    tree() {
      const t = v1SystemdContainerd({ config: { kubeletCgroups: '/fix-kubelet-no-cadvisor-monitor.service' }, kubeletAt: { 'cpu,cpuacct': '/fix-kubelet-no-cadvisor-monitor.service', cpuset: '/fix-kubelet-no-cadvisor-monitor.service', memory: '/fix-kubelet-no-cadvisor-monitor.service', pids: '/fix-kubelet-no-cadvisor-monitor.service', hugetlb: '/fix-kubelet-no-cadvisor-monitor.service' } });
      t.cgroup('/fix-kubelet-no-cadvisor-monitor.service', { in: V1_KEYS(t) });
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG004', severity: 'warning', subject: '/fix-kubelet-no-cadvisor-monitor.service', evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 14 }, { path: 'proc/1203/cgroup', line: 1 }] }],
      skipped: [],
    },
  },
  'CG004-kubelet-cgroups-mismatch-near-miss': {
    description: 'kubeletCgroups is /system.slice/kubelet.service, the cgroup systemd runs kubelet in.',
    tree: () => v1SystemdContainerd({ config: { kubeletCgroups: '/system.slice/kubelet.service' } }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG005-system-cgroup-missing': {
    description: 'kubeReservedCgroup /kube.slice is enforced (enforceNodeAllocatable: kube-reserved) but no such slice exists; kubelet crash-loops and is not running.',
    tree: () => v1SystemdContainerd({ config: { kubeReservedCgroup: '/kube.slice', enforceNodeAllocatable: ['pods', 'kube-reserved'] }, running: false }),
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{
        rule: 'CG005', severity: 'error', subject: '/kube.slice',
        evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 14 }, { path: 'sys/fs/cgroup/cpu,cpuacct/kube.slice', line: null }, { path: 'sys/fs/cgroup/cpuset/kube.slice', line: null }, { path: 'sys/fs/cgroup/hugetlb/kube.slice', line: null }],
      }],
      skipped: ['CG012'],
    },
  },
  'CG005-system-cgroup-missing-near-miss': {
    description: 'systemReservedCgroup /system.slice is enforced and exists in every hierarchy kubelet checks; kubeletCgroups exists where systemd manages it (not in cpuset), which is fine when not enforced.',
    tree() {
      const t = v1SystemdContainerd({ config: { kubeletCgroups: '/system.slice/kubelet.service', systemReservedCgroup: '/system.slice', enforceNodeAllocatable: ['pods', 'system-reserved'] } });
      t.cgroup('/system.slice', { in: V1_KEYS(t) });
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG006-cgroup-flag-path-form': {
    description: 'KUBELET_EXTRA_ARGS in /etc/default/kubelet sets --kubelet-cgroups=/system.slice/kubelet.service/ with a trailing slash.',
    tree: () => v1SystemdContainerd({ extraArgs: ['--kubelet-cgroups=/system.slice/kubelet.service/'] }),
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG006', severity: 'error', subject: '--kubelet-cgroups', evidence: [{ path: 'etc/default/kubelet', line: 1 }] }],
      skipped: [],
    },
  },
  'CG006-cgroup-flag-path-form-near-miss': {
    description: 'Well-formed cgroup settings, one of them (/system.slice) starting with the letters of the systemd hierarchy name.',
    tree: () => v1SystemdContainerd({ extraArgs: ['--kubelet-cgroups=/system.slice/kubelet.service', '--runtime-cgroups=/system.slice/containerd.service'], config: { systemReservedCgroup: '/system.slice' } }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG007-runtime-cgroups-mismatch': {
    description: '--runtime-cgroups=/system.slice names the parent slice; containerd runs in /system.slice/containerd.service.',
    tree: () => v1SystemdContainerd({ extraArgs: ['--runtime-cgroups=/system.slice'] }),
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG007', severity: 'warning', subject: '/system.slice', evidence: [{ path: 'etc/default/kubelet', line: 1 }, { path: 'proc/812/cgroup', line: 1 }] }],
      skipped: [],
    },
  },
  'CG007-runtime-cgroups-mismatch-near-miss': {
    description: '--runtime-cgroups=/system.slice/containerd.service, where containerd runs.',
    tree: () => v1SystemdContainerd({ extraArgs: ['--runtime-cgroups=/system.slice/containerd.service'] }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG008-cadvisor-docker-only': {
    description: 'A node moved from docker to containerd kept --docker-only in KUBELET_EXTRA_ARGS.',
    tree: () => v1SystemdContainerd({ extraArgs: ['--docker-only'] }),
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG008', severity: 'warning', subject: 'kubelet', evidence: [{ path: 'etc/default/kubelet', line: 1 }] }],
      skipped: [],
    },
  },
  'CG008-cadvisor-docker-only-near-miss': {
    description: '--docker-only on a dockershim node with no system cgroups set: what the flag was made for.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      systemdInit(t);
      dockerRuntime(t, { daemonJson: DAEMON_JSON });
      kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: [...DOCKERSHIM, '--docker-only'] });
      return t.pods({ scope: 'docker' });
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG009-cgroup-driver-mismatch': {
    description: 'kubeadm 1.22+ writes cgroupDriver: systemd; `containerd config default` writes SystemdCgroup = false.',
    tree: () => v1SystemdContainerd({ containerd: containerdConfig({ version: 2, systemdCgroup: false }) }),
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG009', severity: 'error', subject: 'containerd', evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 13 }, { path: 'etc/containerd/config.toml', line: 18 }] }],
      skipped: [],
    },
  },
  'CG009-cgroup-driver-mismatch-near-miss': {
    description: 'containerd 2.x config version 3 with SystemdCgroup = true under io.containerd.cri.v1.runtime; a leftover docker daemon.json on cgroupfs, but dockerd does not run and kubelet talks to containerd.',
    tree() {
      const t = v1SystemdContainerd({ containerd: containerdConfig({ version: 3, systemdCgroup: true }) });
      t.file('etc/docker/daemon.json', DAEMON_JSON);
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG010-systemd-driver-without-systemd': {
    description: 'An OpenRC host (pid 1 is init, no /run/systemd/system) with kubelet and containerd both set to the systemd driver; kubelet panics and is not running.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'systemd' });
      t.process(1, 'init', ['/sbin/init']);
      t.file('etc/containerd/config.toml', containerdConfig({ version: 2, systemdCgroup: true }));
      t.process(812, 'containerd', ['/usr/bin/containerd']);
      t.file('var/lib/kubelet/config.yaml', kubeletConfig({ cgroupDriver: 'systemd' }));
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [
        { rule: 'CG010', severity: 'error', subject: 'containerd', evidence: [{ path: 'etc/containerd/config.toml', line: 18 }] },
        { rule: 'CG010', severity: 'error', subject: 'kubelet', evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 13 }, { path: 'proc/1/comm', line: 1 }] },
      ],
      skipped: ['CG002', 'CG012'],
    },
  },
  'CG010-systemd-driver-without-systemd-near-miss': {
    description: 'An OpenRC host with kubelet and containerd on the cgroupfs driver.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      t.process(1, 'init', ['/sbin/init']);
      t.file('etc/containerd/config.toml', containerdConfig({ version: 2, systemdCgroup: false }));
      t.process(812, 'containerd', ['/usr/bin/containerd']);
      t.file('var/lib/kubelet/config.yaml', kubeletConfig({ cgroupDriver: 'cgroupfs' }));
      t.process(1203, 'kubelet', ['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml', '--kubeconfig=/etc/kubernetes/kubelet.conf', '--container-runtime-endpoint=unix:///run/containerd/containerd.sock']);
      return t.pods();
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: ['CG002'] },
  },
  'CG011-systemd-path-under-cgroupfs': {
    description: 'Containers started while runc was on the cgroupfs driver and kubelet on systemd still run in "slice:prefix:id" directories at the hierarchy roots (the runtime has since been fixed).',
    tree() {
      const t = v1SystemdContainerd();
      const name = `kubepods-burstable-pod${A_}.slice:cri-containerd:${CID_A}`;
      t.cgroup(`/${name}`, { in: V1_KEYS(t), procs: [7001] });
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG011', severity: 'error', subject: '/', evidence: [{ path: `sys/fs/cgroup/blkio/kubepods-burstable-pod${A_}.slice:cri-containerd:${CID_A}`, line: null }] }],
      skipped: [],
    },
  },
  'CG011-systemd-path-under-cgroupfs-near-miss': {
    description: 'Proper systemd scopes under kubepods.slice, a cgroup with a colon in its name that is not a triplet, and a slice name without colons.',
    tree() {
      const t = v1SystemdContainerd();
      t.cgroup('/backup:nightly', { in: ['name=systemd', 'memory'] });
      t.cgroup('/machine.slice', { in: ['name=systemd', 'memory'] });
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG012-qos-cgroups-missing': {
    description: 'The hugetlb hierarchy was mounted after kubelet started, so the pods root and QoS cgroups are missing there.',
    tree: () => v1SystemdContainerd({ pods: { except: ['hugetlb'] } }),
    expected: {
      layout: 'v1', exitCode: 1,
      findings: ['/kubepods.slice', '/kubepods.slice/kubepods-besteffort.slice', '/kubepods.slice/kubepods-burstable.slice'].map((subject) => ({
        rule: 'CG012', severity: 'error', subject, evidence: [{ path: `sys/fs/cgroup/hugetlb${subject}`, line: null }],
      })),
      skipped: [],
    },
  },
  'CG012-qos-cgroups-missing-near-miss': {
    description: 'cgroupsPerQOS: false: kubelet runs with no kubepods tree, as configured.',
    tree: () => v1SystemdContainerd({ config: { cgroupsPerQOS: false }, pods: false }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
};

export const FIXTURES = { ...healthy, ...seeds, ...rules };

/** name -> { files: Map<path, content>, expected } */
export function buildAll() {
  const out = new Map();
  for (const [name, def] of Object.entries(FIXTURES)) {
    out.set(name, { files: def.tree().render(), expected: { description: def.description, ...def.expected } });
  }
  return out;
}

export function writeAll(dir) {
  for (const [name, { files, expected }] of buildAll()) {
    const base = path.join(dir, name);
    fs.rmSync(path.join(base, 'root'), { recursive: true, force: true });
    for (const [p, content] of files) {
      const full = path.join(base, 'root', p);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    fs.writeFileSync(path.join(base, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
  writeAll(dir);
  console.log(`wrote ${Object.keys(FIXTURES).length} fixtures to ${path.relative(process.cwd(), dir) || '.'}`);
}
