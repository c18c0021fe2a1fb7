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
  NodeTree, SYSTEMD_MANAGED, POD_A, CID_A, CID_B, V1 as V1_LIST, CONTAINERD_UNIT, containerdConfig, containerdRuntime, dockerRuntime, everywhereBut, kubeadmKubelet,
  kubeletConfig, sshd, systemdInit, kernel, managerStates,
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
  kernel(t);
  managerStates(t);
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
      kernel(t, { release: '4.15.0-213-generic' });
      managerStates(t);
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
      kernel(t, { release: '6.8.0-45-generic' });
      managerStates(t);
      containerdRuntime(t, { config: containerdConfig({ version: 3, systemdCgroup: true }) });
      kubeadmKubelet(t, { config: { cgroupDriver: 'systemd', containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock' }, kubeadmArgs: ['--pod-infra-container-image=registry.k8s.io/pause:3.10'] });
      return t.pods();
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
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
      const t = new NodeTree({ layout: 'v1', driver: 'systemd', cpus: '0-31', kubeletRoot: 'data/kubernetes/kubelet', hostname: 'worker-17' });
      systemdInit(t);
      sshd(t);
      kernel(t, { release: '3.10.0-1160.el7.x86_64' });
      // The unit deletes the checkpoint before every start, so it always matches --cpu-manager-policy=static.
      managerStates(t, { cpu: 'static' });
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
      kernel(t, { release: '3.10.0-862.el7.x86_64' });
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
      // kubelet 1.9 kept no CPU or memory manager checkpoints.
      skipped: ['CG024', 'CG025'],
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
        { rule: 'CG027', severity: 'info', subject: 'sandboxed runtime' },
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
      kernel(t, { release: '4.19.12-1.el7.elrepo.x86_64' });
      managerStates(t);
      dockerRuntime(t, { daemonJson: DAEMON_JSON });
      kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: DOCKERSHIM });
      // The agent put the java services in cpu_mirror's /java to give them their own cores; a
      // new hierarchy holds every other process in its root, so every /proc/<pid>/cgroup lists it.
      t.process(3301, 'java', ['java', '-jar', '/opt/app/app.jar'], { unit: '/system.slice/app.service' });
      t.process(3302, 'java', ['java', '-jar', '/opt/report/report.jar'], { unit: '/system.slice/report.service' });
      for (const p of t.processes) p.extraLines.push(p.comm === 'java' ? '12:name=cpu_mirror:/java' : '12:name=cpu_mirror:/');
      return t.pods({ scope: 'docker' });
    },
    expected: {
      layout: 'v1',
      exitCode: 1,
      findings: [
        {
          rule: 'CG003', severity: 'error', subject: 'name=cpu_mirror',
          evidence: [1, 1203, 3301, 3302].map((pid) => ({ path: `proc/${pid}/cgroup`, line: 1 })),
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
      findings: [{ rule: 'CG003', severity: 'error', subject: 'perf_event', evidence: [1, 1203].map((pid) => ({ path: `proc/${pid}/cgroup`, line: 1 })) }],
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
      kernel(t);
      managerStates(t);
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
      kernel(t, { release: '6.6.32-0-lts' });
      managerStates(t);
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
      // An OpenRC host: no systemd units, and kubelet crash-loops, so it has no pods yet.
      skipped: ['CG002', 'CG012', 'CG016', 'CG022', 'CG026'],
    },
  },
  'CG010-systemd-driver-without-systemd-near-miss': {
    description: 'An OpenRC host with kubelet and containerd on the cgroupfs driver.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      t.process(1, 'init', ['/sbin/init']);
      kernel(t, { release: '6.6.32-0-lts' });
      managerStates(t);
      t.file('etc/containerd/config.toml', containerdConfig({ version: 2, systemdCgroup: false }));
      t.process(812, 'containerd', ['/usr/bin/containerd']);
      t.file('var/lib/kubelet/config.yaml', kubeletConfig({ cgroupDriver: 'cgroupfs' }));
      t.process(1203, 'kubelet', ['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml', '--kubeconfig=/etc/kubernetes/kubelet.conf', '--container-runtime-endpoint=unix:///run/containerd/containerd.sock']);
      return t.pods();
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: ['CG002', 'CG016', 'CG026'] },
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
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: ['CG022'] },
  },
};


// ---------- the rest of the catalogue ----------

const POD_C = '5e1f0a2b-8c3d-4e5f-9a6b-7c8d9e0f1a2b';

function v2Node(o = {}) {
  const t = new NodeTree({ layout: 'v2', driver: 'systemd' });
  systemdInit(t);
  sshd(t);
  kernel(t, { release: '6.8.0-45-generic' });
  managerStates(t);
  containerdRuntime(t, { config: containerdConfig({ version: 3, systemdCgroup: true }) });
  kubeadmKubelet(t, { config: { cgroupDriver: 'systemd', containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock', ...(o.config ?? {}) }, kubeadmArgs: ['--pod-infra-container-image=registry.k8s.io/pause:3.10'] });
  return t.pods();
}

/** `n` leaked sandbox shm mounts, as containerd#5113 describes, with stable fake ids. */
function leakedShm(t, n) {
  for (let i = 0; i < n; i++) {
    const id = (BigInt(i + 1) * 0x9e3779b97f4a7c15n).toString(16).padStart(16, '0').repeat(4).slice(0, 64);
    t.mountLine(`${5000 + i} 27 0:${600 + (i % 300)} / /run/containerd/io.containerd.grpc.v1.cri/sandboxes/${id}/shm rw,nosuid,nodev,noexec,relatime shared:${900 + i} - tmpfs shm rw,size=65536k`);
  }
  return t;
}

const CONTAINERD_UNIT_NO_DELEGATE = CONTAINERD_UNIT.replace('Delegate=yes\n', '');

const more = {
  'CG001-cpuset-empty-v2': {
    description: 'cgroup v2: the besteffort QoS cgroup has an empty cpuset.cpus.effective (its cpuset partition became invalid), so its pods have no CPU to run on.',
    tree() {
      const t = v2Node();
      t.cgroup('/kubepods.slice/kubepods-besteffort.slice', { cpusEffective: '' });
      return t;
    },
    expected: {
      layout: 'v2', exitCode: 1,
      findings: [{ rule: 'CG001', severity: 'error', subject: '/kubepods.slice/kubepods-besteffort.slice', evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/cpuset.cpus.effective', line: 1 }] }],
      skipped: [],
    },
  },
  'CG001-cpuset-empty-v2-near-miss': {
    description: 'cgroup v2: cpuset.cpus is empty everywhere below the root, which is normal (it inherits); every cpuset.cpus.effective is set.',
    tree: () => v2Node(),
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG013-kubepods-both-drivers': {
    description: 'The node moved from the cgroupfs to the systemd driver without a drain: the old /kubepods tree, with a pod still running in it, sits beside /kubepods.slice.',
    tree() {
      const t = v1SystemdContainerd();
      t.cgroup('/kubepods');
      t.cgroup('/kubepods/besteffort');
      t.cgroup(`/kubepods/besteffort/pod${POD_C}`);
      t.cgroup(`/kubepods/besteffort/pod${POD_C}/${CID_A.replace(/^3/, '9')}`, { procs: [8811] });
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG013', severity: 'warning', subject: '/', evidence: [{ path: 'sys/fs/cgroup/blkio/kubepods', line: null }, { path: 'sys/fs/cgroup/blkio/kubepods.slice', line: null }] }],
      skipped: [],
    },
  },
  'CG013-kubepods-both-drivers-near-miss': {
    description: 'Only kubepods.slice at the hierarchy roots; a directory named kubepods deeper down (under a service) is not a pods root.',
    tree() {
      const t = v1SystemdContainerd();
      t.cgroup('/system.slice/containerd.service/kubepods', { in: ['name=systemd', 'memory'] });
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG014-required-controller-missing': {
    description: 'A Raspberry Pi OS node: cgroup_disable=memory on the kernel command line, so memory is enabled 0 in /proc/cgroups and not mounted.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs', omit: ['memory'], disabled: ['memory'] });
      systemdInit(t);
      kernel(t, { release: '6.1.21-v8+' });
      managerStates(t);
      containerdRuntime(t, { config: containerdConfig({ version: 2, systemdCgroup: false }) });
      kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: REMOTE });
      return t.pods();
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG014', severity: 'error', subject: 'memory', evidence: [{ path: 'proc/cgroups', line: 6 }] }],
      // No memory hierarchy to count dying cgroups in.
      skipped: ['CG021'],
    },
  },
  'CG014-required-controller-missing-near-miss': {
    description: 'hugetlb is disabled and unmounted (a kernel command line choice): not a controller Kubernetes requires.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs', omit: ['hugetlb'], disabled: ['hugetlb'] });
      systemdInit(t);
      kernel(t);
      managerStates(t);
      containerdRuntime(t, { config: containerdConfig({ version: 2, systemdCgroup: false }) });
      kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: REMOTE });
      return t.pods();
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG015-controller-not-delegated': {
    description: 'cgroup v2: kubepods.slice does not enable cpuset for its children (cgroup.subtree_control is "cpu io memory pids").',
    tree() {
      const t = v2Node();
      t.cgroup('/kubepods.slice', { subtree: 'cpu io memory hugetlb pids' });
      return t;
    },
    expected: {
      layout: 'v2', exitCode: 1,
      findings: [{ rule: 'CG015', severity: 'error', subject: '/kubepods.slice', evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/cgroup.subtree_control', line: 1 }] }],
      skipped: [],
    },
  },
  'CG015-controller-not-delegated-near-miss': {
    description: 'cgroup v2: every cgroup on the pods path delegates; a service outside it enables nothing and another is threaded, which is their own business.',
    tree() {
      const t = v2Node();
      t.cgroup('/system.slice/app.service', { in: ['unified'], subtree: '', type: 'threaded' });
      return t;
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG016-runtime-unit-missing-delegate': {
    description: 'An old distribution package of containerd whose unit lacks Delegate=yes.',
    tree() {
      const t = v1SystemdContainerd();
      t.file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE);
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG016', severity: 'warning', subject: 'containerd.service', evidence: [{ path: 'lib/systemd/system/containerd.service', line: null }] }],
      skipped: [],
    },
  },
  'CG016-runtime-unit-missing-delegate-near-miss': {
    description: 'The same unit without Delegate=, fixed by a drop-in that sets Delegate=yes.',
    tree() {
      const t = v1SystemdContainerd();
      t.file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE);
      t.file('etc/systemd/system/containerd.service.d/10-delegate.conf', '[Service]\nDelegate=yes\n');
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG017-controller-mounted-twice': {
    description: 'cpuset is mounted again at /dev/cpuset (by an old init script), besides /sys/fs/cgroup/cpuset (kubernetes#95488).',
    tree: () => v1SystemdContainerd().mountLine('4300 25 0:31 / /dev/cpuset rw,relatime shared:450 - cgroup cgroup rw,cpuset'),
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG017', severity: 'warning', subject: 'cpuset', evidence: [{ path: 'proc/1/mountinfo', line: 10 }, { path: 'proc/1/mountinfo', line: 22 }] }],
      skipped: [],
    },
  },
  'CG017-controller-mounted-twice-near-miss': {
    description: 'cpu and cpuacct mounted as separate hierarchies at /sys/fs/cgroup/cpu and /sys/fs/cgroup/cpuacct: two controllers, each mounted once.',
    tree() {
      const v1 = [...V1_LIST.filter((h) => h.key !== 'cpu,cpuacct'), { id: 12, dir: 'cpu', key: 'cpu', opts: 'cpu', list: 'cpu' }, { id: 13, dir: 'cpuacct', key: 'cpuacct', opts: 'cpuacct', list: 'cpuacct' }];
      const t = new NodeTree({ layout: 'v1', driver: 'systemd', v1 });
      systemdInit(t);
      kernel(t);
      managerStates(t);
      containerdRuntime(t, { config: containerdConfig({ version: 2, systemdCgroup: true }) });
      kubeadmKubelet(t, { config: { cgroupDriver: 'systemd' }, kubeadmArgs: REMOTE });
      return t.pods();
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG018-cgroup-v1-deprecated': {
    description: 'A v1 node whose kubelet config sets failCgroupV1: true: kubelet refuses to start.',
    tree: () => v1SystemdContainerd({ config: { failCgroupV1: true } }),
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG018', severity: 'error', subject: 'v1', evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 14 }, { path: 'proc/1/mountinfo', line: null }] }],
      skipped: [],
    },
  },
  'CG018-cgroup-v1-deprecated-kubelet-1.35': {
    description: 'A v1 node running kubelet 1.35 (from the versioned binary path) without failCgroupV1: false: fatal from 1.35.',
    tree() {
      const t = v1SystemdContainerd({ running: false });
      t.file('etc/systemd/system/kubelet.service.d/20-binary.conf', '[Service]\nExecStart=\nExecStart=/opt/kubernetes/v1.35.0/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n');
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG018', severity: 'error', subject: 'v1', evidence: [{ path: 'etc/systemd/system/kubelet.service.d/20-binary.conf', line: 3 }, { path: 'proc/1/mountinfo', line: null }] }],
      skipped: ['CG012'],
    },
  },
  'CG018-cgroup-v1-deprecated-near-miss': {
    description: 'failCgroupV1: true on a cgroup v2 node: nothing to refuse.',
    tree: () => v2Node({ config: { failCgroupV1: true } }),
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG019-hybrid-layout': {
    description: 'An Ubuntu 20.04-style hybrid node.',
    tree: () => v1SystemdContainerd({ layout: 'hybrid' }),
    expected: { layout: 'hybrid', exitCode: 0, findings: [], skipped: [] },
  },
  'CG019-hybrid-layout-near-miss': {
    description: 'A cgroup v2 node that also mounts a v1 name=systemd hierarchy for old tools: still v2, not hybrid.',
    tree: () => v2Node().mountLine('4400 23 0:77 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:460 - cgroup cgroup rw,xattr,name=systemd'),
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG020-cgroup-count-near-limit': {
    description: 'The memory controller counts 61234 cgroups, nearly all of them dying: new pods fail with "no space left on device".',
    tree() {
      const t = v1SystemdContainerd();
      t.counts = { memory: 61234 };
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [
        { rule: 'CG020', severity: 'error', subject: 'memory', evidence: [{ path: 'proc/cgroups', line: 6 }] },
        { rule: 'CG021', severity: 'warning', subject: 'memory' },
      ],
      skipped: [],
    },
  },
  'CG020-cgroup-count-near-limit-near-miss': {
    description: 'cgroup v2 with 30000 cgroups counted in /proc/cgroups (all controllers share one hierarchy): below the warning threshold, and none dying.',
    tree() {
      const t = v2Node();
      t.counts = Object.fromEntries(['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event', 'net_prio', 'hugetlb', 'pids'].map((c) => [c, 30000]));
      return t;
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG021-dying-cgroups-high': {
    description: 'cgroup v2: the root cgroup.stat counts 12000 dying descendants after heavy pod churn.',
    tree() {
      const t = v2Node();
      t.dying = 12000;
      return t;
    },
    expected: {
      layout: 'v2', exitCode: 0,
      findings: [{ rule: 'CG021', severity: 'warning', subject: '/', evidence: [{ path: 'sys/fs/cgroup/cgroup.stat', line: null }] }],
      skipped: [],
    },
  },
  'CG021-dying-cgroups-high-near-miss': {
    description: 'cgroup v2 with 4999 dying descendants: just under the threshold.',
    tree() {
      const t = v2Node();
      t.dying = 4999;
      return t;
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG022-orphaned-pod-cgroups': {
    description: 'A besteffort pod cgroup, with a process still in it, whose pod directory kubelet has already removed.',
    tree() {
      const t = v1SystemdContainerd();
      const c = POD_C.replaceAll('-', '_');
      t.cgroup(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${c}.slice`);
      t.cgroup(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${c}.slice/cri-containerd-${CID_B.replace(/^f/, 'a')}.scope`, { procs: [9001] });
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG022', severity: 'warning', subject: '/kubepods.slice/kubepods-besteffort.slice', evidence: [{ path: `sys/fs/cgroup/systemd/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_C.replaceAll('-', '_')}.slice`, line: null }] }],
      skipped: [],
    },
  },
  'CG022-orphaned-pod-cgroups-near-miss': {
    description: 'Every pod cgroup has its pod directory; one pod directory has no cgroup (a terminated pod whose volumes are still being cleaned), which is fine.',
    tree() {
      const t = v1SystemdContainerd();
      t.file(`var/lib/kubelet/pods/${POD_C}/etc-hosts`, '127.0.0.1\tlocalhost\n');
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG023-mountinfo-bloat': {
    description: 'containerd#5113: 10,500 sandbox shm mounts leaked into the host mount table.',
    tree: () => leakedShm(v1SystemdContainerd(), 10500),
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG023', severity: 'warning', subject: 'proc/1/mountinfo', evidence: [{ path: 'proc/1/mountinfo', line: null }] }],
      skipped: [],
    },
  },
  'CG023-mountinfo-bloat-near-miss': {
    description: 'A busy node with 2,000 sandbox shm mounts: large, but far from the threshold.',
    tree: () => leakedShm(v1SystemdContainerd(), 2000),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG024-cpu-manager-state-mismatch': {
    description: 'cpuManagerPolicy changed to static, but the checkpoint still records "none" (kubernetes: configured policy "static" differs from state checkpoint policy "none").',
    tree() {
      const t = v1SystemdContainerd({ config: { cpuManagerPolicy: 'static' }, running: false });
      return managerStates(t, { cpu: 'none' });
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG024', severity: 'error', subject: 'var/lib/kubelet/cpu_manager_state', evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 14 }, { path: 'var/lib/kubelet/cpu_manager_state', line: 1 }] }],
      skipped: ['CG012'],
    },
  },
  'CG024-cpu-manager-state-mismatch-near-miss': {
    description: 'cpuManagerPolicy static with a static checkpoint.',
    tree: () => managerStates(v1SystemdContainerd({ config: { cpuManagerPolicy: 'static' } }), { cpu: 'static' }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG025-memory-manager-state-mismatch': {
    description: 'memoryManagerPolicy changed to Static, but memory_manager_state still records "None".',
    tree: () => managerStates(v1SystemdContainerd({ config: { memoryManagerPolicy: 'Static' }, running: false }), { memory: 'None' }),
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG025', severity: 'error', subject: 'var/lib/kubelet/memory_manager_state', evidence: [{ path: 'var/lib/kubelet/config.yaml', line: 14 }, { path: 'var/lib/kubelet/memory_manager_state', line: 1 }] }],
      skipped: ['CG012'],
    },
  },
  'CG025-memory-manager-state-mismatch-near-miss': {
    description: 'memoryManagerPolicy Static with a Static checkpoint.',
    tree: () => managerStates(v1SystemdContainerd({ config: { memoryManagerPolicy: 'Static' } }), { memory: 'Static' }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG026-daemon-outside-systemd-unit': {
    description: 'Seed 002, last paragraph: kubelet started by hand from an SSH session, so it runs in session-3.scope and dies with it.',
    tree: () => v1SystemdContainerd({ kubeletAt: Object.fromEntries([...SYSTEMD_MANAGED, 'unified'].map((k) => [k, '/user.slice/user-0.slice/session-3.scope'])) }).unitCgroup('/user.slice/user-0.slice/session-3.scope'),
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG026', severity: 'warning', subject: 'kubelet (pid 1203)', evidence: [{ path: 'proc/1203/cgroup', line: 1 }] }],
      skipped: [],
    },
  },
  'CG026-daemon-outside-systemd-unit-near-miss': {
    description: 'kubelet and containerd in their units; an admin shell in a session scope is not a daemon.',
    tree: () => v1SystemdContainerd().process(3300, 'bash', ['-bash'], { unit: '/user.slice/user-0.slice/session-3.scope' }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG027-sandboxed-runtime': {
    description: 'containerd with a gVisor runtime (runsc) configured next to runc.',
    tree: () => v1SystemdContainerd({ containerd: containerdConfig({ version: 2, systemdCgroup: true, extraRuntimes: '        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]\n          runtime_type = "io.containerd.runsc.v1"\n' }) }),
    expected: { layout: 'v1', exitCode: 0, findings: [{ rule: 'CG027', severity: 'info', subject: 'sandboxed runtime' }], skipped: [] },
  },
  'CG027-sandboxed-runtime-near-miss': {
    description: 'containerd with crun configured next to runc: another OCI runtime, not a sandbox.',
    tree: () => v1SystemdContainerd({ containerd: containerdConfig({ version: 2, systemdCgroup: true, extraRuntimes: '        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun]\n          runtime_type = "io.containerd.runc.v2"\n' }) }),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG028-scan-sees-container-view': {
    description: 'A capture of / taken inside a docker container on a v1 node: the cgroup mounts show /docker/<id> subtrees and /.dockerenv exists.',
    tree() {
      const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
      t.process(1, 'cgdoctor', ['node', '/usr/local/bin/cgdoctor', 'capture'], { at: everywhereBut(t, [], `/docker/${CID_A}`) });
      t.file('.dockerenv', '');
      t.file('capture.json', '{\n  "root": "/"\n}\n');
      t.mountRoot = `/docker/${CID_A}`;
      return t;
    },
    expected: {
      layout: 'v1', exitCode: 0,
      findings: [{ rule: 'CG028', severity: 'warning', subject: '/' }],
      skipped: ['CG002', 'CG004', 'CG005', 'CG006', 'CG007', 'CG008', 'CG009', 'CG010', 'CG012', 'CG016', 'CG022', 'CG024', 'CG025', 'CG026', 'CG029', 'CG030'],
    },
  },
  'CG028-scan-sees-container-view-near-miss': {
    description: "A capture of / taken on the node itself (capture.json root /): the node's own view.",
    tree: () => v1SystemdContainerd().file('capture.json', '{\n  "root": "/"\n}\n'),
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG029-kernel-cgroup-config-missing': {
    description: 'A custom kernel built without CONFIG_CGROUP_PIDS and CONFIG_CFS_BANDWIDTH (no pids limits, no CPU quota).',
    tree() {
      const t = v1SystemdContainerd();
      return kernel(t, { release: '5.4.0-custom', unset: ['CGROUP_PIDS', 'CFS_BANDWIDTH'] });
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [{ rule: 'CG029', severity: 'error', subject: 'boot/config-5.4.0-custom' }],
      skipped: [],
    },
  },
  'CG029-kernel-cgroup-config-missing-near-miss': {
    description: 'Linux 6.8 has no CONFIG_MEMCG_SWAP any more (folded into MEMCG and SWAP in 6.1): not missing.',
    tree() {
      const t = v2Node();
      return kernel(t, { release: '6.8.0-45-generic', unset: ['MEMCG_SWAP'] });
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
  'CG030-quoted-flag-value': {
    description: "kubernetes#87918: KUBELET_EXTRA_ARGS=\"--cgroup-driver='systemd'\" in /etc/default/kubelet hands kubelet the value 'systemd', quotes included.",
    tree() {
      // kubelet exits on the driver mismatch, so it is not running.
      const t = v1SystemdContainerd({ running: false });
      return t.file('etc/default/kubelet', `KUBELET_EXTRA_ARGS="--cgroup-driver='systemd'"\n`);
    },
    expected: {
      layout: 'v1', exitCode: 1,
      findings: [
        { rule: 'CG009', severity: 'error', subject: 'containerd' },
        { rule: 'CG030', severity: 'error', subject: '--cgroup-driver', evidence: [{ path: 'etc/default/kubelet', line: 1 }] },
      ],
      skipped: ['CG012'],
    },
  },
  'CG030-quoted-flag-value-near-miss': {
    description: 'Quotes that systemd removes: Environment="KUBELET_EXTRA_ARGS=--node-labels=tier=web" in a drop-in.',
    tree() {
      const t = v1SystemdContainerd({ extraArgs: [] });
      t.file('etc/systemd/system/kubelet.service.d/30-labels.conf', '[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--node-labels=tier=web"\n');
      const k = t.processes.find((p) => p.comm === 'kubelet');
      k.argv = [...k.argv, '--node-labels=tier=web'];
      return t;
    },
    expected: { layout: 'v1', exitCode: 0, findings: [], skipped: [] },
  },
  'CG031-v2-process-in-inner-cgroup': {
    description: 'cgroup v2: a debugging shell was moved into kubepods-burstable.slice, an inner cgroup, so controllers can no longer be enabled below it.',
    tree() {
      const t = v2Node();
      t.cgroup('/kubepods.slice/kubepods-burstable.slice', { procs: [7777] });
      return t;
    },
    expected: {
      layout: 'v2', exitCode: 1,
      findings: [{ rule: 'CG031', severity: 'error', subject: '/kubepods.slice/kubepods-burstable.slice', evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/cgroup.procs', line: 1 }] }],
      skipped: [],
    },
  },
  'CG031-v2-process-in-inner-cgroup-near-miss': {
    description: 'cgroup v2: processes only in leaf scopes, and in the root cgroup, which is exempt.',
    tree() {
      const t = v2Node();
      t.cgroup('/', { procs: [2] });
      return t;
    },
    expected: { layout: 'v2', exitCode: 0, findings: [], skipped: [] },
  },
};

export const FIXTURES = { ...healthy, ...seeds, ...rules, ...more };

/**
 * What every node of a layout reports besides its own case, added to each expectation so the
 * definitions above state only the case: on v1 and hybrid, CG018 (and CG019 on hybrid); rules that
 * only apply on v2 are skipped on v1 and hybrid; CG028 is skipped on every tree (it needs the
 * live root). expected.json on disk lists them all.
 */
const LAYOUT_BASE = {
  v1: { findings: [{ rule: 'CG018', severity: 'warning', subject: 'v1' }], skipped: ['CG015', 'CG028', 'CG031'] },
  hybrid: { findings: [{ rule: 'CG018', severity: 'warning', subject: 'hybrid' }, { rule: 'CG019', severity: 'info', subject: '/sys/fs/cgroup/unified' }], skipped: ['CG015', 'CG028', 'CG031'] },
  v2: { findings: [], skipped: ['CG028'] },
};

const SEVERITY_ORDER = ['error', 'warning', 'info'];

/** The engine's order: severity, then rule id, then subject. */
function byReportOrder(a, b) {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);
}

function withLayoutBase(e, files) {
  const base = LAYOUT_BASE[e.layout];
  // A capture of a live root is scanned as the live view it was, so CG028 runs there.
  const live = /"root": "\/"/.test(files.get('capture.json') ?? '');
  return {
    ...e,
    // A case that is itself about a base rule (CG018 as an error) replaces the base finding.
    findings: [...e.findings, ...base.findings.filter((b) => !e.findings.some((f) => f.rule === b.rule && f.subject === b.subject))].sort(byReportOrder),
    skipped: [...new Set([...e.skipped, ...base.skipped])].filter((r) => !(live && r === 'CG028')).sort(),
  };
}

/** name -> { files: Map<path, content>, expected } */
export function buildAll() {
  const out = new Map();
  for (const [name, def] of Object.entries(FIXTURES)) {
    const files = def.tree().render();
    out.set(name, { files, expected: { description: def.description, ...withLayoutBase(def.expected, files) } });
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
