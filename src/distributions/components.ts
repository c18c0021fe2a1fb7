/**
 * The node's components and the workload runtimes whose cgroup v2 support has a first release:
 * where each keeps its version on disk, and that release, with where it was taken from. Data, one
 * entry each, read by collect/versions.ts and the rules that compare (CG032, CG033). Adding a
 * component is an entry here; no collector changes.
 */

export type ComponentId = 'kernel' | 'systemd' | 'runc' | 'crun' | 'containerd' | 'docker' | 'cri-o' | 'kubelet';

/** The first release that runs on the unified hierarchy, and the sentence that says so. */
export interface Threshold {
  version: string;
  why: string;
  source: string;
}

export interface Component {
  id: ComponentId;
  name: string;
  /** Package names in dpkg's status file and the RPM database that install it. */
  packages: string[];
  /** Where its binary is, root-relative, tried in order after a running process's exe link. */
  binaries: string[];
  /** The comm of its daemon, whose proc/<pid>/exe names the binary that runs. */
  comms?: string[];
  /**
   * Go variables its release builds set with `-ldflags -X` to the version: read from the build
   * information when it kept -ldflags (builds without -trimpath, go.dev/issue/52372).
   */
  goVersionVars?: string[];
  /** Go main module whose version in the build information is its own (module-mode builds). */
  goModules?: string[];
  /** Files whose names carry the version: directory and a pattern whose group 1 is the version. */
  namedFiles?: Array<{ dir: string; name: RegExp }>;
  minV2: Threshold;
}

const K8S_CGROUPS = 'https://kubernetes.io/docs/concepts/architecture/cgroups/#requirements';
const RUNC_V2 = 'https://github.com/opencontainers/runc/blob/main/docs/cgroup-v2.md';

const bins = (name: string) => [`usr/bin/${name}`, `usr/sbin/${name}`, `usr/local/bin/${name}`, `usr/local/sbin/${name}`, `bin/${name}`, `sbin/${name}`];

export const COMPONENTS: readonly Component[] = [
  {
    id: 'kernel',
    name: 'Linux kernel',
    packages: [],
    binaries: [],
    minV2: { version: '5.8', why: 'Kubernetes requires Linux kernel 5.8 or later for cgroup v2', source: K8S_CGROUPS },
  },
  {
    id: 'systemd',
    name: 'systemd',
    packages: ['systemd'],
    binaries: [],
    // meson.build names the private library libsystemd-shared-<version>.so (shared_lib_tag).
    namedFiles: ['lib/systemd', 'usr/lib/systemd', 'usr/lib64/systemd'].map((dir) => ({ dir, name: /^libsystemd-shared-(\d+(?:\.\d+)*)(?:[-.][\w.~+-]*)?\.so$/ })),
    minV2: { version: '244', why: 'systemd before 244 cannot delegate the cpuset controller (runc: "The recommended systemd version is 244 or later")', source: RUNC_V2 },
  },
  {
    id: 'runc',
    name: 'runc',
    packages: ['runc'],
    binaries: bins('runc'),
    goVersionVars: ['main.version'],
    goModules: ['github.com/opencontainers/runc'],
    minV2: { version: '1.0.0-rc93', why: 'runc fully supports cgroup v2 since v1.0.0-rc93', source: RUNC_V2 },
  },
  {
    id: 'crun',
    name: 'crun',
    packages: ['crun'],
    binaries: bins('crun'),
    // crun is C: no Go build information, so its version comes from the package database.
    minV2: {
      version: '0.15',
      why: "crun implements the OCI runtime spec's cgroup v2 `unified` settings from 0.15",
      source: 'https://github.com/containers/crun/releases/tag/0.15',
    },
  },
  {
    id: 'containerd',
    name: 'containerd',
    packages: ['containerd', 'containerd.io'],
    binaries: bins('containerd'),
    comms: ['containerd'],
    goVersionVars: ['github.com/containerd/containerd/version.Version', 'github.com/containerd/containerd/v2/version.Version'],
    goModules: ['github.com/containerd/containerd', 'github.com/containerd/containerd/v2'],
    minV2: { version: '1.4', why: 'Kubernetes names containerd v1.4 and later as supporting cgroup v2', source: K8S_CGROUPS },
  },
  {
    id: 'docker',
    name: 'Docker Engine',
    packages: ['docker.io', 'docker-ce', 'moby-engine', 'docker'],
    binaries: bins('dockerd'),
    comms: ['dockerd'],
    goVersionVars: ['github.com/docker/docker/dockerversion.Version'],
    minV2: {
      version: '20.10',
      why: 'Docker supports cgroup v2 from 20.10 ("Docker now supports cgroup v2", docker/docs#11042)',
      source: 'https://docs.docker.com/engine/release-notes/20.10/',
    },
  },
  {
    id: 'cri-o',
    name: 'CRI-O',
    packages: ['cri-o'],
    binaries: bins('crio'),
    comms: ['crio'],
    goModules: ['github.com/cri-o/cri-o'],
    minV2: { version: '1.20', why: 'Kubernetes names CRI-O v1.20 and later as supporting cgroup v2', source: K8S_CGROUPS },
  },
  {
    id: 'kubelet',
    name: 'kubelet',
    packages: ['kubelet'],
    binaries: bins('kubelet'),
    goVersionVars: ['k8s.io/component-base/version.gitVersion'],
    minV2: { version: '1.25', why: 'cgroup v2 support is stable (GA) in Kubernetes v1.25', source: 'https://kubernetes.io/blog/2022/08/31/cgroupv2-ga-1-25/' },
  },
];

/** A language runtime or agent inside a workload that reads its limits from cgroup v1 files only, before a release. */
export interface WorkloadRuntime {
  id: string;
  name: string;
  /** The comm of its processes. */
  comms: string[];
  /** Per line of releases (a JDK's feature release), the first that reads cgroup v2 limits; a line above every key is aware. */
  minV2: Array<{ line: number; version: string }>;
  /** Lines from this one up read v2 limits in every release. */
  awareFrom: number;
  /** What goes wrong on v2 before the fix. */
  risk: string;
  source: string;
}

export const WORKLOAD_RUNTIMES: readonly WorkloadRuntime[] = [
  {
    id: 'openjdk',
    name: 'OpenJDK (HotSpot)',
    comms: ['java'],
    // JDK-8230305 (cgroup v2 container awareness) shipped in 15 and was backported to 11.0.16 and 8u372.
    minV2: [
      { line: 8, version: '1.8.0_372' },
      { line: 11, version: '11.0.16' },
    ],
    awareFrom: 15,
    risk: 'on cgroup v2 it does not see the container limits: the heap and thread pools are sized from the whole node, and the kernel OOM-kills the container',
    source: 'https://kubernetes.io/docs/concepts/architecture/cgroups/#migrating-cgroupv2',
  },
];

/** Where each runtime is told its cgroup driver: the setting a user edits, and what it reads for systemd. */
export const RUNTIME_DRIVER_SETTING: Record<'containerd' | 'docker' | 'crio', { setting: string; systemd: string }> = {
  containerd: { setting: 'SystemdCgroup', systemd: 'SystemdCgroup = true (the runc runtime options)' },
  docker: { setting: 'exec-opts native.cgroupdriver', systemd: '"exec-opts": ["native.cgroupdriver=systemd"]' },
  crio: { setting: 'cgroup_manager', systemd: 'cgroup_manager = "systemd"' },
};

/**
 * The move itself: the kernel argument that boots systemd on the unified hierarchy, the arguments
 * that hold a node on v1 (to remove), and how each family of distributions sets kernel arguments.
 */
export const V2_SWITCH = {
  arg: 'systemd.unified_cgroup_hierarchy=1',
  source: 'https://kubernetes.io/docs/concepts/architecture/cgroups/#linux-distribution-cgroup-v2-support',
  /** Arguments that keep v1: systemd's legacy switches (systemd.unified_cgroup_hierarchy=0 is the usual one). */
  holdsV1: ['systemd.unified_cgroup_hierarchy', 'systemd.legacy_systemd_cgroup_controller'],
  /** The systemd cgroup driver is the one the Kubernetes docs recommend on v2. */
  driverSource: 'https://kubernetes.io/docs/setup/production-environment/container-runtimes/#systemd-cgroup-driver',
  howTo: [
    { os: /debian|ubuntu/i, how: 'add it to GRUB_CMDLINE_LINUX in /etc/default/grub, then run update-grub' },
    { os: /red hat|rhel|centos|rocky|alma|fedora|oracle|amazon linux/i, how: 'grubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"' },
    { os: /suse/i, how: 'add it to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then run grub2-mkconfig -o /boot/grub2/grub.cfg' },
  ],
  howToElse: "add it to the boot loader's kernel command line",
} as const;

/**
 * The package databases read without running their tools, in order: dpkg's status file, and
 * rpm's in each of its formats: SQLite (rpm 4.16+: Fedora 33+, RHEL 9, Amazon Linux 2023; Fedora
 * 36+ keeps it in /usr/lib/sysimage/rpm, with /var/lib/rpm a link there), Berkeley DB `Packages`
 * (RHEL 7 and 8, CentOS, Amazon Linux 2) and ndb `Packages.db` (SUSE).
 */
export const PACKAGE_DATABASES: ReadonlyArray<{ kind: 'dpkg' | 'rpm-sqlite' | 'rpm-bdb' | 'rpm-ndb'; path: string }> = [
  { kind: 'dpkg', path: 'var/lib/dpkg/status' },
  { kind: 'rpm-sqlite', path: 'usr/lib/sysimage/rpm/rpmdb.sqlite' },
  { kind: 'rpm-sqlite', path: 'var/lib/rpm/rpmdb.sqlite' },
  { kind: 'rpm-bdb', path: 'var/lib/rpm/Packages' },
  { kind: 'rpm-ndb', path: 'var/lib/rpm/Packages.db' },
  { kind: 'rpm-ndb', path: 'usr/lib/sysimage/rpm/Packages.db' },
];
