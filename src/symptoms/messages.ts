import type { Cause, MessageTemplate } from './template.js';

/**
 * What kubelet, cAdvisor, runc, containerd, dockerd, CRI-O, k3s, systemd, the kernel and the shell
 * really print when a rule's cause is present, each with the file that prints it, and the rules it
 * can point to. Slots (`{path}`, `{errno}`, `{controller}`, `{driver}`, `{any}`) hold what varies;
 * a cause's `when` and `unless` say which values point to it, and its `weight` how often the
 * message had that cause in the public reports of test/corpus/explain/messages.json.
 *
 * Go's `%q` and `%v` become slots; the wrapping a caller adds (`failed to run Kubelet: `) is left
 * out, since each wrap level is a message of its own.
 */

/** A cgroup value written as a mount path or with a hierarchy's name in front (CG006). */
const MOUNT_FORM = /^(?:\/sys\/fs\/cgroup|\/(?:systemd|cpu|cpuacct|cpu,cpuacct|cpuacct,cpu|memory|cpuset|pids|blkio|devices|freezer|hugetlb|net_cls|perf_event)(?:\/|$))/;
/** A process started from a login shell: its cgroup is the session's, not a unit's (CG026). */
const SESSION = /\/user\.slice|session-\d+\.scope/;
/** The systemd "slice:prefix:id" form used as a directory name (CG011). */
const TRIPLET = /\.slice:[\w-]+:[0-9a-f]{12,}/;
const QUOTED = /['"]/;
/**
 * Kernel options that newer kernels folded into CONFIG_MEMCG: check-config.sh calls them missing
 * where the feature is built in (MEMCG_SWAP_ENABLED gone in 5.8, MEMCG_SWAP in 6.1; moby#49231,
 * kata-containers/packaging#1122).
 */
const REMOVED_OPTION = /^MEMCG_SWAP(?:_ENABLED)?$/;
/** systemd's answer to a transient slice that is already there (BUS_ERROR_UNIT_EXISTS). */
const UNIT_EXISTS = /\bUnit \S+ already exists/;
/**
 * A checkpoint that does not parse or fails its checksum: damaged, not written by another policy
 * (checkpointmanager/errors ErrCorruptCheckpoint, encoding/json's syntax errors).
 */
const CORRUPT = /checkpoint is corrupted|invalid character|unexpected end of JSON input|checksum/i;
/**
 * A system container named under another container's cgroup (`/docker/<id>/...`, or
 * `/system.slice/kubelet.service/system.slice/...`): the kubelet itself runs in a container.
 */
const IN_CONTAINER = /^\/docker\/[0-9a-f]{12,}\/|^\/system\.slice\/kubelet\.service\/system\.slice\//;
/** Paths that are not a missing unit's cgroup but a wrong form or another view. */
const NOT_A_UNIT = new RegExp(`${MOUNT_FORM.source}|^\\/\\.\\.\\/`);

/** Who the "unknown container" family points to, by the path it names. */
const UNKNOWN_CONTAINER: Cause[] = [
  // "/../../system.slice": the kubelet reads through a cgroup namespace that is not the node's.
  { rule: 'CG028', when: { path: /^\/\.\.\// } },
  { outside: 'kubelet-in-container', when: { path: IN_CONTAINER } },
  { rule: 'CG006', when: { path: MOUNT_FORM } },
  { rule: 'CG026', when: { path: SESSION } },
  { rule: 'CG005', unless: { path: NOT_A_UNIT } },
  { rule: 'CG007', weight: 0.5, unless: { path: NOT_A_UNIT } },
  { rule: 'CG008', weight: 0.3, unless: { path: NOT_A_UNIT } },
];

const K8S = 'kubernetes/kubernetes';

export const MESSAGES: readonly MessageTemplate[] = [
  // CG001: an empty cpuset.
  { tool: 'runc', text: '{path}/cpuset.cpus found to be empty', source: 'opencontainers/runc libcontainer/cgroups/fs/cpuset.go', causes: [{ rule: 'CG001' }] },
  {
    tool: 'runc',
    text: 'unable to parse {path}/cpuset.cpus: empty file',
    source: 'opencontainers/runc libcontainer/cgroups/fscommon/utils.go (ParseError, 1.1+)',
    causes: [{ rule: 'CG001' }],
  },
  {
    tool: 'runc',
    text: 'unable to parse {path}/cpuset.mems: empty file',
    source: 'opencontainers/runc libcontainer/cgroups/fscommon/utils.go (ParseError, 1.1+)',
    causes: [{ rule: 'CG001' }],
  },
  { tool: 'runc', text: '{path}/cpuset.mems found to be empty', source: 'opencontainers/runc libcontainer/cgroups/fs/cpuset.go', causes: [{ rule: 'CG001' }] },
  {
    tool: 'cadvisor',
    text: 'Failed to update stats for container "{path}": {any}, continuing to push stats',
    source: 'google/cadvisor manager/container.go',
    causes: [{ rule: 'CG001', when: { any: /found to be empty/ } }],
  },
  {
    tool: 'kubelet',
    text: 'Partial failure issuing cadvisor.ContainerInfoV2',
    source: `${K8S} pkg/kubelet/stats/cadvisor_stats_provider.go`,
    causes: [{ rule: 'CG001', weight: 0.6 }],
  },
  {
    tool: 'cadvisor',
    text: 'partial failures: ["{path}": RecentStats: unable to find data in memory cache]',
    source: 'google/cadvisor manager/manager.go',
    causes: [
      { outside: 'kubelet-in-container', when: { path: IN_CONTAINER } },
      { rule: 'CG001', unless: { path: IN_CONTAINER } },
    ],
  },
  // Joining a cpuset cgroup whose cpus or mems are empty fails with ENOSPC (cpuset(7)).
  {
    tool: 'runc',
    text: 'write {path}: {errno}',
    source: 'opencontainers/runc libcontainer/cgroups/file.go (WriteFile)',
    causes: [
      { rule: 'CG001', when: { path: /(?:cgroup\.procs|tasks)$/, errno: /ENOSPC/ } },
      { rule: 'CG031', when: { path: /cgroup\.(?:subtree_control|procs)$/, errno: /EBUSY/ } },
      { rule: 'CG015', when: { path: /cgroup\.subtree_control$/, errno: /ENOENT|EINVAL|EOPNOTSUPP/ } },
    ],
  },
  {
    tool: 'shell',
    text: 'sh: write error: {errno}',
    source: 'busybox shell/ash.c (a shell writing cgroup.subtree_control, runc#2356)',
    causes: [{ rule: 'CG031', when: { errno: /EBUSY|ENOTSUP|EOPNOTSUPP/ } }],
  },
  {
    tool: 'shell',
    text: 'echo: write error: {errno}',
    source: 'GNU bash builtins/echo.def (a shell writing cgroup.procs)',
    causes: [
      { rule: 'CG001', when: { errno: /ENOSPC/ } },
      { rule: 'CG031', when: { errno: /EBUSY|EOPNOTSUPP/ } },
    ],
  },
  {
    tool: 'catalogue',
    text: 'Failed to enter cgroup "{path}"',
    source: 'lxc/lxc src/lxc/cgroups/cgfsng.c',
    causes: [{ rule: 'CG001', when: { path: /\/cpuset\//, errno: /ENOSPC/ } }],
  },

  // CG002: units that mkdir cgroups.
  {
    tool: 'systemd',
    text: 'ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/{path}',
    source: 'easzlab/kubeasz roles/kube-node/templates/kubelet.service.j2',
    causes: [{ rule: 'CG002' }],
  },
  { tool: 'systemd', text: 'ExecStartPre={any}mkdir -p /sys/fs/cgroup/{path}', source: 'systemctl show (ExecStartPre= property)', causes: [{ rule: 'CG002' }] },
  {
    tool: 'shell',
    text: 'mkdir: cannot create directory {path}: {errno}',
    source: 'gnulib lib/mkdir-p.c (coreutils mkdir -p)',
    causes: [
      { rule: 'CG002', when: { path: /^.?\/sys\/fs\/cgroup\/[^/]+.?$/, errno: /EROFS|EACCES|EPERM/ } },
      { rule: 'CG020', when: { path: /\/sys\/fs\/cgroup\/memory\//, errno: /ENOSPC/ } },
    ],
  },

  // CG020, CG021: the memory cgroup id space, and the dying cgroups that fill it.
  {
    tool: 'systemd',
    text: '{unit}: Failed to create cgroup {path}: {errno}',
    source: 'systemd/systemd src/core/cgroup.c unit_update_cgroup',
    causes: [
      { rule: 'CG020', when: { errno: /ENOSPC/ } },
      { rule: 'CG021', when: { errno: /ENOMEM/ } },
    ],
  },
  {
    tool: 'runc',
    text: 'mkdir /sys/fs/cgroup/{path}: {errno}',
    source: 'opencontainers/runc libcontainer/process_linux.go (unable to apply cgroup configuration)',
    causes: [
      { rule: 'CG020', when: { path: /^memory\//, errno: /ENOSPC/ } },
      { rule: 'CG021', weight: 0.8, when: { path: /^memory\//, errno: /ENOSPC/ } },
      { rule: 'CG021', when: { errno: /ENOMEM/ } },
      { rule: 'CG012', when: { path: /kubepods/, errno: /ENOENT/ } },
    ],
  },
  {
    tool: 'kubelet',
    text: 'failed to create container for [{any}] : mkdir {path}: {errno}',
    source: `${K8S} pkg/kubelet/cm/pod_container_manager_linux.go (EnsureExists)`,
    causes: [
      { rule: 'CG020', when: { path: /\/memory\//, errno: /ENOSPC/ } },
      { rule: 'CG021', weight: 0.8, when: { path: /\/memory\//, errno: /ENOSPC/ } },
      { rule: 'CG021', when: { errno: /ENOMEM/ } },
      { rule: 'CG012', when: { errno: /ENOENT/ } },
    ],
  },
  {
    tool: 'kernel',
    text: '/sys/fs/cgroup/{path}: {errno}',
    source: 'torvalds/linux mm/memcontrol.c (mem_cgroup_alloc: the memcg id space, as any tool reports it)',
    causes: [
      { rule: 'CG020', when: { path: /^memory\//, errno: /ENOSPC/ } },
      { rule: 'CG021', weight: 0.8, when: { path: /^memory\//, errno: /ENOSPC/ } },
    ],
  },
  {
    tool: 'kubelet',
    text: 'failed to ensure that the pod: {any} cgroups exist and are correctly applied: {any}',
    source: `${K8S} pkg/kubelet/kubelet.go (syncPod)`,
    causes: [
      { rule: 'CG020', weight: 0.3 },
      { rule: 'CG012', weight: 0.2 },
    ],
  },
  {
    tool: 'kubelet',
    text: 'unable to ensure pod container exists: {any}',
    source: `${K8S} pkg/kubelet/kubelet.go (syncPod)`,
    causes: [
      { rule: 'CG020', weight: 0.3 },
      { rule: 'CG012', weight: 0.2 },
    ],
  },
  { tool: 'kernel', text: 'SLUB: Unable to allocate memory on node {id} (gfp={id})', source: 'torvalds/linux mm/slub.c (slab_out_of_memory)', causes: [{ rule: 'CG021' }] },
  { tool: 'kernel', text: 'nr_dying_descendants {id}', source: 'torvalds/linux kernel/cgroup/cgroup.c (cgroup_stat_show)', causes: [{ rule: 'CG021' }] },
  {
    tool: 'shell',
    text: 'mkdir_p: {any} - No space left on device - failed to create directory {path}',
    source: 'lxc/lxc src/lxc/utils.c (mkdir_p)',
    causes: [{ rule: 'CG020', when: { path: /\/memory\// } }],
  },

  // CG022: pod cgroups that cannot be removed.
  { tool: 'kubelet', text: 'Failed to delete cgroup paths', source: `${K8S} pkg/kubelet/cm/pod_container_manager_linux.go (Destroy)`, causes: [{ rule: 'CG022' }] },
  {
    tool: 'kubelet',
    text: 'failed to delete cgroup paths for [{any}] : {any}',
    source: `${K8S} pkg/kubelet/cm/pod_container_manager_linux.go (Destroy)`,
    causes: [{ rule: 'CG022' }],
  },
  {
    tool: 'kubelet',
    text: 'unable to destroy cgroup paths for cgroup [{any}] : {any}',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (Destroy)`,
    causes: [{ rule: 'CG022' }],
  },
  { tool: 'runc', text: 'Failed to remove paths: {any}', source: 'opencontainers/runc libcontainer/cgroups/utils.go (RemovePaths)', causes: [{ rule: 'CG022' }] },
  { tool: 'runc', text: 'Failed to remove cgroup (will retry)', source: 'opencontainers/runc libcontainer/cgroups/utils.go (RemovePath)', causes: [{ rule: 'CG022' }] },
  // cAdvisor finds a pod cgroup at start-up that no runtime knows: a pod cgroup left behind.
  { tool: 'cadvisor', text: 'Failed to create existing container: {path}', source: 'google/cadvisor manager/manager.go (detectSubcontainers)', causes: [{ rule: 'CG022' }] },
  { tool: 'kubelet', text: 'Orphaned pod found, removing pod cgroups', source: `${K8S} pkg/kubelet/kubelet_pods.go (cleanupOrphanedPodCgroups)`, causes: [{ rule: 'CG022' }] },

  // CG023: a mount table grown past the kernel's mount limit.
  // systemd serializes every mount unit on daemon-reload: a mount table grown huge overflows it.
  {
    tool: 'systemd',
    text: 'Failed to reload daemon: {errno}',
    source: 'systemd/systemd src/systemctl/systemctl-daemon-reload.c',
    causes: [{ rule: 'CG023', when: { errno: /ENOBUFS/ } }],
  },
  {
    tool: 'dockerd',
    text: 'error creating overlay mount to {path}: {errno}',
    source: 'moby/moby daemon/graphdriver/overlay2/overlay.go (Get)',
    causes: [{ rule: 'CG023', when: { errno: /ENOSPC/ } }],
  },
  {
    tool: 'runc',
    text: 'error mounting "{path}" to rootfs at "{path}": {any}: {errno}',
    source: 'opencontainers/runc libcontainer/rootfs_linux.go (mountToRootfs)',
    causes: [{ rule: 'CG023', when: { errno: /ENOSPC/ } }],
  },
  {
    tool: 'kernel',
    text: 'shm on /run/{path}/sandboxes/{id}/shm type tmpfs',
    source: 'util-linux mount(8) listing (leaked sandbox shm mounts, containerd#5113)',
    causes: [{ rule: 'CG023' }],
  },
  {
    tool: 'kernel',
    text: '{path}/sandboxes/{id}/shm',
    source: 'containerd/containerd internal/cri/server/sandbox_run.go (the sandbox shm mount point)',
    causes: [{ rule: 'CG023', weight: 0.6 }],
  },

  // CG003: a hierarchy in /proc/<pid>/cgroup with no mount.
  {
    tool: 'systemd',
    text: 'Cannot find cgroup mount point: {errno}',
    source: 'systemd/systemd src/core/cgroup.c manager_setup_cgroup',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  {
    tool: 'kubeadm',
    text: 'cannot get a cgroup mount point: {any}',
    source: 'kubernetes/system-validators validators/cgroup_validator_linux.go (v1.9.0+)',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  {
    tool: 'cadvisor',
    text: 'failed to get cgroup subsystems: {any}',
    source: 'google/cadvisor container/raw/factory.go, container/raw/watcher.go, containerd/crio factories (lib/ since 0.60)',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  {
    tool: 'cadvisor',
    text: 'failed to find supported cgroup mounts for the raw factory',
    source: 'google/cadvisor container/raw/factory.go, watcher.go',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  // A v1 controller with no mount leaves its path empty: nothing to join.
  {
    tool: 'runc',
    text: 'no such directory for cgroup.procs',
    source: 'opencontainers/cgroups utils.go (WriteCgroupProc)',
    causes: [{ rule: 'CG003' }, { rule: 'CG014', weight: 0.7 }],
  },
  {
    tool: 'runc',
    text: 'no cgroup mount found in mountinfo',
    source: 'opencontainers/cgroups fs/paths.go (rootPath)',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  {
    tool: 'crun',
    text: 'could not join cgroup',
    source: 'containers/crun src/libcrun/cgroup-setup.c (enter_cgroup_v1, 0.20+)',
    causes: [{ rule: 'CG003' }, { rule: 'CG014', weight: 0.7 }],
  },
  {
    tool: 'crun',
    text: 'invalid file system type on `/sys/fs/cgroup`',
    source: 'containers/crun src/libcrun/cgroup-utils.c (detect_cgroup_mode, 1.9+)',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  {
    tool: 'crun',
    text: "invalid file system type on '/sys/fs/cgroup'",
    source: 'containers/crun src/libcrun/cgroup.c (detect_cgroup_mode, before 1.9)',
    causes: [{ rule: 'CG003' }, { rule: 'CG028', weight: 0.5 }],
  },
  {
    tool: 'containerd',
    text: 'cgroups: cannot find cgroup mount destination',
    source: 'containerd/cgroups cgroup1/errors.go (ErrNoCgroupMountDestination)',
    causes: [{ rule: 'CG003' }],
  },
  { tool: 'dockerd', text: 'cgroups: cannot found cgroup mount destination', source: 'moby/moby 17.12-18.06 (vendored containerd/cgroups errors.go)', causes: [{ rule: 'CG003' }] },
  // Listed in /proc/self/cgroup but absent: name=systemd unmounted (CG003), or a kernel without the
  // controller (CONFIG_CGROUP_NET_PRIO missing, moby#36169 and its look-alikes).
  {
    tool: 'containerd',
    text: 'unable to find "{controller}" in controller set',
    source: 'containerd/cgroups paths.go (existingPath, before 2019)',
    causes: [
      { rule: 'CG003', when: { controller: /systemd|name=/ } },
      { rule: 'CG029', unless: { controller: /systemd|name=/ } },
    ],
  },
  {
    tool: 'runc',
    text: 'mountpoint for {controller} not found',
    source: 'opencontainers/runc libcontainer/cgroups/v1_utils.go (NewNotFoundError)',
    // The cpu controller is never left out of a kernel or a boot line in the public reports: its
    // mount missing is a v1-only kubelet, cAdvisor or runc on a cgroup v2 node (kubernetes#88211,
    // microk8s#651, vegasbrianc/prometheus#163).
    causes: [
      { rule: 'CG032', when: { controller: /^cpu$/ } },
      { rule: 'CG014', weight: 0.8, unless: { controller: /^cpu$/ } },
      { rule: 'CG014', weight: 0.6 },
      { rule: 'CG029', weight: 0.6, unless: { controller: /^cpu$/ } },
      { rule: 'CG003', weight: 0.6, when: { controller: /systemd|name=/ } },
    ],
  },
  {
    tool: 'cadvisor',
    text: 'failed to find cgroup mounts',
    source: 'google/cadvisor container/libcontainer/helpers.go',
    causes: [{ rule: 'CG003' }, { rule: 'CG014', weight: 0.7 }],
  },
  // The v1 library finds no v1 hierarchy at all: mostly a containerd, Docker or Kata too old for a
  // cgroup v2 node (docker/cli#2104, kata-containers#1927 and #4262), less often one hierarchy unmounted.
  {
    tool: 'containerd',
    text: 'cgroups: cgroup mountpoint does not exist',
    source: 'containerd/cgroups cgroup1/errors.go (ErrMountPointNotExist)',
    causes: [{ rule: 'CG032' }, { rule: 'CG003', weight: 0.6 }],
  },
  // Releases before cgroup v2 support look for v1 mounts on a v2-only node and find none (CG032).
  { tool: 'dockerd', text: "Devices cgroup isn't mounted", source: 'moby/moby daemon/daemon.go (NewDaemon, before cgroup v2 support in 20.10)', causes: [{ rule: 'CG032' }] },
  // A JDK without cgroup v2 support, asked what limits it sees on a v2 node, finds no v1 files and reports none (CG033).
  {
    tool: 'java',
    text: 'No metrics available for this platform',
    source: 'openjdk/jdk src/java.base/share/classes/sun/launcher/LauncherHelper.java (printSystemMetrics, java -XshowSettings:system)',
    causes: [{ rule: 'CG033' }],
  },
  // Java code reading v1 limit files itself (cruise-control#1873 on Ubuntu 22.04's cgroup v2).
  {
    tool: 'java',
    text: 'java.io.FileNotFoundException: /sys/fs/cgroup/{controller}/{any} (No such file or directory)',
    source: 'java.io.FileInputStream (open), in a v1-only metrics reporter: linkedin/cruise-control#1873',
    causes: [{ rule: 'CG033' }, { rule: 'CG003', weight: 0.6 }],
  },
  // runc before cgroup v2 support mounting a container's /sys/fs/cgroup on a v2-only node.
  { tool: 'runc', text: 'no subsystem for mount', source: 'opencontainers/runc libcontainer/rootfs_linux.go (mountCgroupV1, runc 1.0.0-rc1 era)', causes: [{ rule: 'CG032' }] },
  // cgroup1.Load returns it when a hierarchy the process's /proc/<pid>/cgroup names has no path on
  // disk: a controller it lists that is gone (k3s#660, a Raspberry Pi without the memory cgroup).
  {
    tool: 'containerd',
    text: 'cgroups: cgroup deleted',
    source: 'containerd/cgroups cgroup1/errors.go (ErrCgroupDeleted, returned by cgroup1.Load)',
    causes: [{ rule: 'CG014' }, { rule: 'CG003', weight: 0.7 }],
  },
  // A watcher in a container without the node's cgroup tree mounted finds no hierarchy to watch.
  {
    tool: 'cadvisor',
    text: 'inotify_add_watch {path}: {errno}',
    source: 'google/cadvisor container/raw/watcher.go (watchDirectory)',
    causes: [{ rule: 'CG028', when: { path: /^\/sys\/fs\/cgroup\/[a-z_,]+$/, errno: /ENOENT/ } }],
  },
  {
    tool: 'inspektor-gadget',
    text: 'cgroup path not found in /proc/{any}/cgroup',
    source: 'inspektor-gadget pkg/container-utils (cgroup enricher, inspektor-gadget#3085)',
    causes: [{ rule: 'CG028' }],
  },
  // gVisor and Kata guests have no /proc/self/cgroup of the node to read (gvisor#1906).
  {
    tool: 'shell',
    text: "can't open '/proc/self/cgroup': {errno}",
    source: "busybox coreutils/cat.c (bb_perror_msg \"can't open '%s'\")",
    causes: [{ rule: 'CG027' }],
  },
  {
    tool: 'shell',
    text: 'Cannot determine cgroup we are running in: No such file or directory',
    source: 'docker-library/docker dind (cgroup setup of the entrypoint)',
    causes: [{ rule: 'CG003' }],
  },

  // CG014: a required controller absent, disabled or unmounted.
  {
    tool: 'kubelet',
    text: 'no cgroup v1 mountpoint for memory controller found',
    source: `${K8S} pkg/kubelet/cm/cgroup_v1_manager_linux.go MemoryUsage (1.31+)`,
    causes: [{ rule: 'CG014' }],
  },
  {
    tool: 'cadvisor',
    text: 'could not find path for resource "{controller}" for container "{path}"',
    source: 'google/cadvisor container/raw/handler.go, containerd/crio handler.go GetCgroupPath',
    causes: [{ rule: 'CG014' }, { rule: 'CG003', weight: 0.7 }],
  },
  {
    tool: 'dockerd',
    text: 'Unable to find {controller} cgroup in mounts',
    source: 'moby/moby pkg/sysinfo/sysinfo_linux.go',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.6 }],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support CPU shares or the cgroup is not mounted. Shares discarded.',
    source: 'moby/moby daemon/daemon_unix.go verifyPlatformContainerResources',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.6 }],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support cpuset or the cgroup is not mounted. Cpuset discarded.',
    source: 'moby/moby daemon/daemon_unix.go',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.6 }],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support PIDs limit capabilities or the cgroup is not mounted. PIDs limit discarded.',
    source: 'moby/moby daemon/daemon_unix.go',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.6 }],
  },
  {
    tool: 'k3s',
    text: 'pids cgroup controller not found',
    source: 'k3s-io/k3s pkg/daemons/agent/agent_linux.go (logrus.Fatal / returned error)',
    causes: [{ rule: 'CG014' }, { rule: 'CG015', weight: 0.7 }],
  },
  {
    tool: 'k3s',
    text: 'Disabling pod PIDs limit feature due to missing cgroup pids support',
    source: 'k3s-io/k3s pkg/daemons/agent/agent_linux.go (older)',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.6 }],
  },
  {
    tool: 'containerd',
    text: 'controller is not supported',
    source: 'containerd/cgroups cgroup1/paths.go (ErrControllerNotActive)',
    causes: [{ rule: 'CG014' }, { rule: 'CG003', weight: 0.7 }],
  },
  {
    tool: 'containerd',
    text: "cgroups: {path} doesn't exist in {controller} subsystem",
    source: 'containerd/cgroups cgroup1/cgroup.go (processes)',
    causes: [{ rule: 'CG014' }, { rule: 'CG003', weight: 0.7 }],
  },
  {
    tool: 'containerd',
    text: 'huge pages limits are specified but hugetlb cgroup controller is missing',
    source: 'containerd/containerd internal/cri/opts/spec_linux_opts.go (pkg/cri/opts in 1.x)',
    causes: [{ rule: 'CG014' }, { rule: 'CG015', weight: 0.6 }],
  },
  {
    tool: 'crun',
    text: 'cannot find memory or pids controller for the current process',
    source: 'containers/crun src/libcrun/cgroup-systemd.c (0.21+)',
    causes: [{ rule: 'CG014' }, { rule: 'CG003', weight: 0.7 }],
  },
  {
    tool: 'crun',
    text: 'cannot find memory controller for the current process',
    source: 'containers/crun src/libcrun/cgroup-systemd.c (before 0.21)',
    causes: [{ rule: 'CG014' }, { rule: 'CG003', weight: 0.7 }],
  },
  {
    tool: 'crio',
    text: 'failed to find cpuset for newly created cgroup',
    source: 'cri-o/cri-o internal/config/cgmgr/cgmgr_linux.go (createSandboxCgroup)',
    causes: [{ rule: 'CG014' }],
  },
  {
    tool: 'crio',
    text: 'Failed to find {any} at path: "{path}"',
    source: 'cri-o/cri-o internal/config/cgmgr/cgmgr_linux.go (verifyCgroupHasEnoughMemory, 1.20+)',
    causes: [{ rule: 'CG015', when: { path: /\/memory\.max$/ } }, { rule: 'CG014' }],
  },
  // mkdir of a v1 controller's cgroup, as crun prints it: the errno decides, as for runc's.
  {
    tool: 'crun',
    text: 'creating cgroup directory `{path}`: create directory `{path}`: {errno}',
    source: 'containers/crun src/libcrun/cgroup-setup.c (enter_cgroup_v1_subsystem, 0.12+)',
    causes: [
      { rule: 'CG020', when: { errno: /ENOSPC/ } },
      { rule: 'CG021', when: { errno: /ENOMEM/ } },
      { rule: 'CG014', when: { errno: /ENOENT/ } },
    ],
  },
  {
    tool: 'kubeadm',
    text: 'missing required cgroups: {any}',
    source: 'kubernetes/system-validators validators/cgroup_validator_linux.go',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.5 }],
  },
  {
    tool: 'kubeadm',
    text: 'missing cgroups: {any}',
    source: 'kubernetes/system-validators validators/cgroup_validator.go',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.5 }],
  },
  {
    tool: 'kubeadm',
    text: 'CGROUPS_{controller}: missing',
    source: 'kubernetes/system-validators validators/cgroup_validator_linux.go (reporter line)',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.7 }],
  },
  {
    tool: 'kubelet',
    text: 'Following Cgroup subsystem not mounted: [{any}]',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (validateSystemRequirements)`,
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.5 }],
  },
  {
    tool: 'kubelet',
    text: 'failed to find subsystem mount for required subsystem: {controller}',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (setSupportedSubsystems)`,
    // Most reports were kernels built without the controller (pids on older ARM and vendor kernels).
    causes: [{ rule: 'CG029' }, { rule: 'CG014', weight: 0.9 }],
  },
  {
    tool: 'k3s',
    text: 'failed to find memory cgroup, you may need to add "cgroup_memory=1 cgroup_enable=memory" to your linux cmdline',
    source: 'k3s-io/k3s pkg/cgroups/cgroups_linux.go (validateCgroupsV1)',
    // k3s before 1.20.4 also says it on a cgroup v2 node, where it looks only for v1 mounts.
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.6 }, { rule: 'CG032', weight: 0.6 }],
  },
  {
    tool: 'k3s',
    text: 'Failed to find cpuset cgroup, you may need to add "cgroup_enable=cpuset" to your linux cmdline',
    source: 'k3s-io/k3s pkg/cgroups/cgroups_linux.go (validateCgroupsV1)',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.8 }],
  },
  {
    tool: 'k3s',
    text: 'failed to find {controller} cgroup (v2)',
    source: 'k3s-io/k3s pkg/cgroups/cgroups_linux.go (validateCgroupsV2)',
    causes: [
      { rule: 'CG014', when: { controller: /memory|pids/ } },
      { rule: 'CG015', unless: { controller: /memory|pids/ } },
    ],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support cgroup memory limit',
    source: 'moby/moby pkg/sysinfo/sysinfo_linux.go (checkCgroupMem)',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.5 }],
  },
  {
    tool: 'dockerd',
    text: 'WARNING: No memory limit support',
    source: 'docker/cli cli/command/system/info.go (printServerWarnings)',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.5 }],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support memory limit capabilities or the cgroup is not mounted. Limitation discarded.',
    source: 'moby/moby daemon/daemon_unix.go (verifyPlatformContainerResources)',
    causes: [{ rule: 'CG014' }, { rule: 'CG029', weight: 0.5 }],
  },
  {
    tool: 'containerd',
    text: 'cgroups: memory cgroup not supported on this system',
    source: 'containerd/cgroups cgroup1/errors.go (ErrMemoryNotSupported)',
    causes: [{ rule: 'CG014' }],
  },
  // Docker before 20.10 prints it on every cgroup v2 node (moby#25868, the Fedora 31 reports); a
  // kernel or boot line without the devices controller is the rarer cause.
  {
    tool: 'dockerd',
    text: "Devices cgroup isn't mounted",
    source: 'moby/moby daemon/daemon.go (NewDaemon)',
    causes: [
      { rule: 'CG014', weight: 0.5 },
      { rule: 'CG029', weight: 0.4 },
    ],
  },
  {
    tool: 'kubelet',
    text: 'failed to set supported cgroup subsystems for cgroup [{any}]: {any}',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (Update)`,
    causes: [{ rule: 'CG014' }],
  },

  // CG029: a kernel built without a cgroup option.
  {
    tool: 'kubelet',
    text: 'WARNING: CPU hardcapping unsupported',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go setupNode (status.SoftRequirements, appended to node Ready message)`,
    causes: [{ rule: 'CG029' }],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support CPU CFS scheduler. CPU period/quota discarded.',
    source: 'moby/moby daemon/daemon_unix.go (20.10+)',
    causes: [{ rule: 'CG029' }],
  },
  {
    tool: 'dockerd',
    text: 'Your kernel does not support cgroup namespaces.  Cgroup namespace setting discarded.',
    source: 'moby/moby daemon/daemon_unix.go (20.10+; two spaces)',
    causes: [{ rule: 'CG029' }],
  },
  {
    tool: 'k3s',
    text: 'Disabling CPU quotas due to missing cpu controller or cpu.cfs_period_us',
    source: 'k3s-io/k3s pkg/daemons/agent/agent_linux.go (newer)',
    causes: [{ rule: 'CG029' }, { rule: 'CG015', weight: 0.7 }],
  },
  {
    tool: 'k3s',
    text: 'Disabling CPU quotas due to missing cpu.cfs_period_us',
    source: 'k3s-io/k3s pkg/daemons/agent/agent_linux.go (older, ~2019-2021)',
    causes: [{ rule: 'CG029' }],
  },
  // cgroup v2's device rules are an eBPF program: attaching it needs CONFIG_CGROUP_BPF.
  {
    tool: 'runc',
    text: 'failed to call BPF_PROG_ATTACH (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI): {any}',
    source: 'opencontainers/runc libcontainer/cgroups/ebpf (1.0 to 1.5); containerd/cgroups cgroup2/ebpf.go',
    causes: [{ rule: 'CG029' }],
  },
  { tool: 'runc', text: 'failed to call BPF_PROG_ATTACH: {any}', source: 'opencontainers/cgroups devices/ebpf_linux.go (v0.1.0+)', causes: [{ rule: 'CG029' }] },
  {
    tool: 'runc',
    text: 'kernel memory accounting not supported by this kernel',
    source: 'opencontainers/runc libcontainer/cgroups/fs/kmem.go (1.0.0-rc92 and before)',
    causes: [{ rule: 'CG029' }],
  },
  { tool: 'runc', text: "cgroup namespaces aren't enabled in the kernel", source: 'opencontainers/runc libcontainer/configs/validate/validator.go', causes: [{ rule: 'CG029' }] },
  {
    tool: 'dockerd',
    text: 'NanoCPUs can not be set, as your kernel does not support CPU cfs period/quota or the cgroup is not mounted',
    source: 'moby/moby daemon/daemon_unix.go (verifyPlatformContainerResources, before 20.10)',
    causes: [{ rule: 'CG029' }, { rule: 'CG014', weight: 0.5 }],
  },
  {
    tool: 'dockerd',
    text: 'NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted',
    source: 'moby/moby daemon/daemon_unix.go (verifyPlatformContainerResources)',
    causes: [{ rule: 'CG029' }, { rule: 'CG014', weight: 0.5 }],
  },
  { tool: 'dockerd', text: 'Your kernel does not support cgroup cfs quotas', source: 'moby/moby pkg/sysinfo/sysinfo_linux.go (checkCgroupCPU)', causes: [{ rule: 'CG029' }] },
  { tool: 'dockerd', text: 'WARNING: No cpu cfs quota support', source: 'docker/cli cli/command/system/info.go (printServerWarnings)', causes: [{ rule: 'CG029' }] },
  { tool: 'kernel', text: '# CONFIG_{id} is not set', source: 'torvalds/linux scripts/kconfig/confdata.c (an option left out of .config)', causes: [{ rule: 'CG029' }] },
  // cgroup v2's device controller is a BPF program: a kernel without CONFIG_CGROUP_BPF refuses it.
  {
    tool: 'runc',
    text: 'bpf_prog_query(BPF_CGROUP_DEVICE) failed: {any}',
    source: 'opencontainers/runc libcontainer/cgroups/devices/ebpf_linux.go (findAttachedCgroupDeviceFilters)',
    causes: [{ rule: 'CG029' }],
  },
  {
    tool: 'kubeadm',
    text: 'unexpected kernel config: CONFIG_{id}',
    source: 'kubernetes/system-validators validators/kernel_validator.go (validateCachedKernelConfig)',
    causes: [{ rule: 'CG029' }],
  },
  { tool: 'kubeadm', text: 'CONFIG_{id}: not set', source: 'kubernetes/system-validators validators/kernel_validator.go (reportAndRecord)', causes: [{ rule: 'CG029' }] },
  {
    tool: 'shell',
    text: 'CONFIG_{id}: missing',
    source: 'moby/moby contrib/check-config.sh (check_flag)',
    causes: [
      { outside: 'removed-kernel-option', when: { id: REMOVED_OPTION } },
      { rule: 'CG029', unless: { id: REMOVED_OPTION } },
    ],
  },

  // CG017: a controller mounted twice; cpuset files looked up in the wrong mount.
  {
    tool: 'runc',
    text: 'open /sys/fs/{path}: {errno}',
    source: 'opencontainers/runc libcontainer/cgroups/fs (a cgroup file under a mount runc did not expect)',
    causes: [
      { rule: 'CG017', when: { path: /^[a-z_]+\.[a-z_]+$/ } },
      { rule: 'CG015', when: { path: /^cgroup\/.+\.(?:max|weight|effective)$/, errno: /ENOENT|EACCES/ } },
    ],
  },

  // CG010: the systemd driver without systemd.
  {
    tool: 'runc',
    text: 'systemd not running on this host, cannot use systemd cgroups manager',
    source: 'opencontainers/cgroups manager/new.go (runc 1.1+)',
    causes: [{ rule: 'CG010' }],
  },
  {
    tool: 'runc',
    text: 'failed to connect to dbus (hint: for rootless containers, maybe you need to install dbus-user-session package',
    source: 'opencontainers/cgroups systemd/dbus.go (runc 1.0.2+)',
    causes: [{ rule: 'CG010' }, { outside: 'rootless-limits', weight: 0.6 }],
  },
  {
    tool: 'kubelet',
    text: 'systemd cgroup manager not available',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (libcontainerAdapter.newManager)`,
    causes: [{ rule: 'CG010' }],
  },
  {
    tool: 'crun',
    text: 'sd-bus call: The name org.freedesktop.systemd1 was not provided by any .service files',
    source: 'containers/crun src/libcrun/cgroup-systemd.c (systemd D-Bus call)',
    causes: [{ rule: 'CG010' }],
  },
  {
    tool: 'runc',
    text: "systemd not running on this host, can't use systemd as",
    source: 'opencontainers/runc libcontainer/cgroups/systemd/common.go (1.0.0-rc92 to 1.0.x)',
    causes: [{ rule: 'CG010' }],
  },
  { tool: 'crun', text: 'cannot open sd-bus', source: 'containers/crun src/libcrun/cgroup-systemd.c (open_sd_bus_connection)', causes: [{ rule: 'CG010' }] },
  {
    tool: 'runc',
    text: 'systemd cgroup flag passed, but systemd support for managing cgroups is not available',
    source: 'opencontainers/runc utils_linux.go (loadFactory)',
    // Most reports were a runc built without systemd (static builds) on a systemd node: outside.ts.
    causes: [{ rule: 'CG010', weight: 0.5 }],
  },

  // CG018, CG019: cgroup v1 going away; the hybrid layout.
  {
    tool: 'systemd',
    text: 'Legacy cgroup v1 support selected. This is no longer supported. Will proceed anyway after 30s.',
    source: 'systemd/systemd src/core/main.c (v256-rc)',
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'systemd',
    text: 'Refusing to run under cgroup v1, {any} specified on kernel command line.',
    source: "systemd/systemd src/core/main.c (v256; followed by 'Freezing execution.')",
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'systemd',
    text: 'Legacy cgroup v1 configured. This will stop being supported soon.',
    source: 'systemd/systemd src/core/main.c (v257; with 30s delay)',
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'systemd',
    text: 'System is tainted: {any}cgroupsv1',
    source: "systemd/systemd src/core/main.c log_taint_string / src/shared/taint.c (v252+; taints joined with ':')",
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubeadm',
    text: "To explicitly enable cgroups v1 support for kubelet v1.35 or newer, you must set the kubelet configuration option 'FailCgroupV1' to 'false'. You must also explicitly skip this validation.",
    source: 'kubernetes/system-validators validators/cgroup_validator_linux.go (v1.12.0+, tail of the v1 deprecation error)',
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubelet',
    text: 'Warning: MemoryQoS feature only works with cgroups v2 on Linux, but enabled with cgroups v1',
    source: `${K8S} cmd/kubelet/app/server.go run`,
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'containerd',
    text: 'The support for cgroup v1 is deprecated since containerd v2.2',
    source: 'containerd/containerd pkg/deprecation/deprecation.go (2.2+)',
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubelet',
    text: 'cgroup v1 support is in maintenance mode, please migrate to cgroup v2',
    source: `${K8S} pkg/kubelet/cm/container_manager.go (CgroupV1MaintenanceModeWarning)`,
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubelet',
    text: 'kubelet is configured to not run on a host using cgroup v1',
    source: `${K8S} pkg/kubelet/apis/config/validation/validation_linux.go`,
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubelet',
    text: 'cgroup v1 support is unsupported and will be removed in a future release',
    source: 'kubernetes/enhancements keps/sig-node/5573-cgroup-v1-unsupported/README.md',
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubeadm',
    text: 'cgroups v1 support is deprecated and will be removed in a future release. Please migrate to cgroups v2',
    source: 'kubernetes/system-validators validators/cgroup_validator_linux.go',
    causes: [{ rule: 'CG018' }],
  },
  {
    tool: 'kubeadm',
    text: 'cgroups v1 support is in maintenance mode, please migrate to cgroups v2',
    source: 'kubernetes/system-validators validators/cgroup_validator_linux.go',
    causes: [{ rule: 'CG018' }],
  },
  { tool: 'dockerd', text: 'Support for cgroup v1 is deprecated and planned to be removed', source: 'moby/moby daemon/daemon_unix.go (moby#51111)', causes: [{ rule: 'CG018' }] },
  { tool: 'crun', text: 'Using cgroups-v1 which is deprecated in favor of cgroups-v2', source: 'containers/podman libpod (checkCgroups2UnifiedMode)', causes: [{ rule: 'CG018' }] },
  {
    tool: 'crun',
    text: 'cgroups in hybrid mode not supported, drop all controllers from cgroupv2',
    source: 'containers/crun src/libcrun/cgroup.c (libcrun_cgroup_enter)',
    causes: [{ rule: 'CG019' }],
  },

  // CG004, CG005, CG006, CG007, CG008, CG026: the kubelet's cgroup settings.
  { tool: 'kubelet', text: 'system container cannot be root ("/")', source: `${K8S} pkg/kubelet/cm/container_manager_linux.go setupNode`, causes: [{ rule: 'CG006' }] },
  {
    tool: 'kubelet',
    text: '"CPUAccounting not enabled for process" pid={id}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go getContainer (structured, 1.21+)`,
    causes: [{ rule: 'CG026' }, { rule: 'CG005', weight: 0.7 }],
  },
  {
    tool: 'kubelet',
    text: '"MemoryAccounting not enabled for process" pid={id}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go getContainer (structured, 1.21+)`,
    causes: [{ rule: 'CG026' }, { rule: 'CG005', weight: 0.7 }],
  },
  {
    tool: 'kubelet',
    text: '"Failed to ensure state" containerName="{path}" err="{any}"',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go Start (periodic ensureStateFunc)`,
    causes: [{ rule: 'CG004' }, { rule: 'CG031', weight: 0.5, when: { errno: /EBUSY/ } }],
  },
  {
    tool: 'kubelet',
    text: 'cgroup stats not found for "{path}": unable to find data in memory cache',
    source: `${K8S} pkg/kubelet/stats/provider.go GetCgroupStats`,
    causes: [...UNKNOWN_CONTAINER, { rule: 'CG001', weight: 0.4 }],
  },
  {
    tool: 'kubelet',
    text: 'failed to move PID {id} (in "{path}") to "{path}": {any}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (ensureProcessInContainerWithOOMScore)`,
    causes: [{ rule: 'CG004' }],
  },
  {
    tool: 'kubelet',
    text: 'failed to move PID {id} into the system container "{path}": {any}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (ensureSystemCgroups)`,
    causes: [{ rule: 'CG004' }],
  },
  { tool: 'cadvisor', text: 'unknown container: "{path}"', source: 'google/cadvisor manager/manager.go (0.60+)', causes: UNKNOWN_CONTAINER },
  { tool: 'cadvisor', text: 'unknown container "{path}"', source: 'google/cadvisor manager/manager.go (getContainerData)', causes: UNKNOWN_CONTAINER },
  {
    tool: 'kubelet',
    text: 'Failed to get system container stats for "{path}"',
    source: `${K8S} pkg/kubelet/server/stats/summary.go (before 1.17)`,
    causes: [...UNKNOWN_CONTAINER, { rule: 'CG001', weight: 0.4 }],
  },
  {
    tool: 'kubelet',
    text: 'Failed to get system container stats" err="failed to get cgroup stats for "{path}"',
    source: `${K8S} pkg/kubelet/server/stats/summary_sys_containers.go`,
    causes: [...UNKNOWN_CONTAINER, { rule: 'CG001', weight: 0.4 }],
  },
  {
    tool: 'kubelet',
    text: 'failed to get container info for "{path}": unknown container "{path}"',
    source: `${K8S} pkg/kubelet/stats/helper.go (getCgroupInfo)`,
    causes: UNKNOWN_CONTAINER,
  },
  // An empty name: the reserved cgroup flag was never set (kubelets before its validation).
  {
    tool: 'kubelet',
    text: 'Failed to enforce {any} Reserved Cgroup Limits on {any}',
    source: `${K8S} pkg/kubelet/cm/node_container_manager_linux.go (enforceNodeAllocatableCgroups)`,
    causes: [{ outside: 'reserved-cgroup-unset', when: { any: /(?:^|Limits on )"": / } }],
  },
  {
    tool: 'kubelet',
    text: 'Failed to enforce {any} Reserved Cgroup Limits on "{path}": {any} cgroup does not exist',
    source: `${K8S} pkg/kubelet/cm/node_container_manager_linux.go (enforceExistingCgroup)`,
    causes: [{ rule: 'CG005' }],
  },
  {
    tool: 'kubelet',
    text: 'Failed to enforce {any} Reserved Cgroup Limits on "{path}": Unit {unit} is not loaded',
    source: `${K8S} pkg/kubelet/cm/node_container_manager_linux.go (systemd driver)`,
    causes: [{ rule: 'CG005' }, { rule: 'CG006', weight: 0.5 }],
  },
  {
    tool: 'kubelet',
    text: 'The Cgroup {any} has some missing paths: {any}',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (Exists, before 1.20)`,
    causes: [{ rule: 'CG005' }, { rule: 'CG012', weight: 0.8 }],
  },
  {
    tool: 'kubelet',
    text: 'has some missing paths: {any}',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (Validate)`,
    causes: [{ rule: 'CG005' }, { rule: 'CG012', weight: 0.6 }],
  },
  {
    tool: 'kubelet',
    text: 'MemoryAccounting not enabled for pid: {id}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (ensureSystemCgroups)`,
    causes: [{ rule: 'CG026' }, { rule: 'CG005', weight: 0.7 }],
  },
  {
    tool: 'kubelet',
    text: 'CPUAccounting not enabled for pid: {id}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (ensureSystemCgroups)`,
    causes: [{ rule: 'CG026' }, { rule: 'CG005', weight: 0.7 }],
  },
  {
    tool: 'kubelet',
    text: "Failed to get the kubelet's cgroup. Kubelet system container metrics may be missing.",
    source: `${K8S} cmd/kubelet/app/server.go (run)`,
    causes: [{ rule: 'CG026' }],
  },
  {
    tool: 'kubelet',
    text: 'cpu and memory cgroup hierarchy not unified. cpu: {path}, memory: {path}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (getContainer)`,
    causes: [
      { rule: 'CG026', when: { path: SESSION } },
      { rule: 'CG026', weight: 0.5 },
    ],
  },
  { tool: 'cadvisor', text: 'ignoring container "{path}"', source: 'google/cadvisor manager/manager.go (createContainerLocked, --docker-only)', causes: [{ rule: 'CG008' }] },

  // CG009, CG030: the cgroup driver, and quotes inside its value.

  {
    tool: 'kubeadm',
    text: "The 'cgroupDriver' value in the KubeletConfiguration is empty.",
    source: `${K8S} cmd/kubeadm/app/componentconfigs/kubelet.go (1.21)`,
    causes: [{ rule: 'CG009' }],
  },
  // A cgroupfs-form parent given to the systemd driver, or the systemd form to cgroupfs.
  { tool: 'runc', text: 'invalid slice name: {any}', source: 'opencontainers/cgroups systemd/common.go (ExpandSlice)', causes: [{ rule: 'CG009' }] },
  {
    tool: 'containerd',
    text: 'cgroups: invalid group path',
    source: 'containerd/cgroups cgroup2/paths.go (VerifyGroupPath)',
    causes: [{ rule: 'CG009' }, { rule: 'CG011', weight: 0.5 }],
  },
  {
    tool: 'crio',
    text: 'invalid systemd cgroup path format: {path} (expected slice:prefix:containerID)',
    source: 'cri-o/cri-o internal/config/cgmgr/systemd_linux.go (1.35+)',
    causes: [{ rule: 'CG009' }],
  },
  {
    tool: 'crio',
    text: "cgroupfs manager conmon cgroup should be 'pod' or empty, but got: '{any}'",
    source: 'cri-o/cri-o pkg/config/config.go (1.19+)',
    causes: [{ rule: 'CG009' }],
  },
  {
    tool: 'crio',
    text: 'conmon cgroup {any} invalid for cgroupfs',
    source: 'cri-o/cri-o internal/config/cgmgr/cgroupfs_linux.go (MoveConmonToCgroup, 1.19+)',
    causes: [{ rule: 'CG009' }],
  },
  {
    tool: 'crio',
    text: 'expanding systemd slice path for "{any}": {any}',
    source: 'cri-o/cri-o internal/config/cgmgr/systemd_linux.go (sandboxCgroupAbsolutePath)',
    causes: [{ rule: 'CG009' }],
  },
  // The same message's distinctive half, as issue titles and cut lines carry it.
  {
    tool: 'kubelet',
    text: 'is different from docker cgroup driver: {driver}',
    source: `${K8S} pkg/kubelet/dockershim/docker_service.go`,
    causes: [
      { rule: 'CG030', when: { driver: QUOTED } },
      { rule: 'CG009', unless: { driver: QUOTED } },
    ],
  },
  // The first half, as cut lines carry it.
  {
    tool: 'kubelet',
    text: 'misconfiguration: kubelet cgroup driver: "{driver}" is different from',
    source: `${K8S} pkg/kubelet/dockershim/docker_service.go`,
    causes: [
      { rule: 'CG030', when: { driver: QUOTED } },
      { rule: 'CG009', unless: { driver: QUOTED } },
    ],
  },
  {
    tool: 'kubelet',
    text: 'misconfiguration: kubelet cgroup driver: "{driver}" is different from docker cgroup driver: "{driver}"',
    source: `${K8S} pkg/kubelet/dockershim/docker_service.go; Mirantis/cri-dockerd core/docker_service.go`,
    causes: [
      { rule: 'CG030', when: { driver: QUOTED } },
      { rule: 'CG009', unless: { driver: QUOTED } },
    ],
  },
  {
    tool: 'runc',
    text: 'expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups, got "{path}" instead',
    source: 'opencontainers/runc libcontainer/specconv/spec_linux.go',
    causes: [{ rule: 'CG009' }],
  },
  { tool: 'crio', text: "conmon cgroup should be 'pod' or a systemd slice", source: 'cri-o/cri-o pkg/config/config.go (conmon_cgroup validation)', causes: [{ rule: 'CG009' }] },
  {
    tool: 'crio',
    text: 'cri-o configured with systemd cgroup manager, but did not receive slice as parent: {path}',
    source: 'cri-o/cri-o internal/config/cgmgr/systemd_linux.go',
    causes: [{ rule: 'CG009' }],
  },
  {
    tool: 'crio',
    text: 'cri-o configured with cgroupfs cgroup manager, but received systemd slice as parent: {path}',
    source: 'cri-o/cri-o internal/config/cgmgr/cgroupfs_linux.go',
    causes: [{ rule: 'CG009' }],
  },
  {
    tool: 'dockerd',
    text: 'cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"',
    source: 'moby/moby daemon/daemon_unix.go (verifyPlatformContainerSettings)',
    causes: [{ rule: 'CG009' }, { rule: 'CG013', weight: 0.4 }],
  },
  {
    tool: 'kubeadm',
    text: 'detected "{driver}" as the Docker cgroup driver. The recommended driver is "{driver}"',
    source: `${K8S} cmd/kubeadm/app/preflight/checks.go (IsDockerSystemdCheck)`,
    causes: [{ rule: 'CG009' }],
  },
  { tool: 'kubelet', text: 'invalid argument "{any}" for "{any}" flag: {any}', source: 'spf13/pflag flag.go (failf)', causes: [{ rule: 'CG030', when: { any: /^["']|["']$/ } }] },

  // CG011: systemd-form paths made as plain directories.
  { tool: 'containerd', text: '{path}.slice:cri-containerd:{id}', source: 'containerd/containerd pkg/cri/server/helpers.go (getCgroupsPath)', causes: [{ rule: 'CG011' }] },
  { tool: 'dockerd', text: '{path}.slice:docker:{id}', source: 'moby/moby daemon/oci_linux.go (systemd cgroupsPath)', causes: [{ rule: 'CG011' }] },
  { tool: 'crio', text: '{path}.slice:crio:{id}', source: 'cri-o/cri-o internal/config/cgmgr/systemd_linux.go', causes: [{ rule: 'CG011' }] },
  {
    tool: 'runc',
    text: 'failed to write "{any}" to "{path}"',
    source: 'opencontainers/runc libcontainer/cgroups/fscommon/fscommon.go',
    causes: [{ rule: 'CG011', when: { path: TRIPLET } }],
  },

  // CG012: the pods root or its QoS cgroups missing.
  {
    tool: 'kubelet',
    text: "invalid configuration: cgroup-root {any} doesn't exist",
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (1.10-1.19; CgroupName printed as ["kubepods"])`,
    causes: [{ rule: 'CG012' }, { rule: 'CG009', weight: 0.6 }],
  },
  {
    tool: 'kubelet',
    text: 'could not read controllers for cgroup {any}: {any}',
    source: `${K8S} pkg/kubelet/cm/cgroup_v2_manager_linux.go Validate (1.31+; earlier cgroup_manager_linux.go)`,
    causes: [{ rule: 'CG015' }, { rule: 'CG012', weight: 0.8 }],
  },
  {
    tool: 'kubelet',
    text: 'failed to initialize top level QOS containers',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (setupNode)`,
    causes: [
      { rule: 'CG012', unless: { any: UNIT_EXISTS } },
      { rule: 'CG015', weight: 0.6, unless: { any: UNIT_EXISTS } },
    ],
  },
  {
    tool: 'kubelet',
    text: 'failed to initialise top level QOS containers',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (setupNode, before 1.14)`,
    causes: [{ rule: 'CG012', unless: { any: UNIT_EXISTS } }],
  },
  // systemd refusing a slice that exists is a runc regression, not a missing cgroup (kubernetes#43856).
  {
    tool: 'kubelet',
    text: 'failed to create top level {any} QOS cgroup : Unit {unit} already exists',
    source: `${K8S} pkg/kubelet/cm/qos_container_manager_linux.go (Start)`,
    causes: [{ outside: 'runc-regression' }],
  },
  // v1: the pods root is missing; v2: cpuset is not delegated to it; or name=systemd is mounted
  // twice (minikube#11280). Only the node tells.
  {
    tool: 'kubelet',
    text: "root container {any} doesn't exist",
    source: `${K8S} pkg/kubelet/cm/qos_container_manager_linux.go (Start)`,
    causes: [{ rule: 'CG012' }, { rule: 'CG015', weight: 0.8 }, { rule: 'CG017', weight: 0.3 }],
  },
  {
    tool: 'kubelet',
    text: 'failed to update top level {any} QOS cgroup : {any}',
    source: `${K8S} pkg/kubelet/cm/qos_container_manager_linux.go`,
    causes: [{ rule: 'CG012', weight: 0.5 }],
  },

  // CG013: both drivers' trees.
  { tool: 'runc', text: 'invalid systemd path: "{path}"', source: 'google/gvisor runsc/cgroup/systemd.go', causes: [{ rule: 'CG013' }, { rule: 'CG009', weight: 0.8 }] },

  // CG015, CG031: v2 delegation and the no-internal-processes rule.
  {
    tool: 'dockerd',
    text: 'Unable to find {controller} controller',
    source: 'moby/moby pkg/sysinfo/cgroup2_linux.go (20.10+)',
    causes: [{ rule: 'CG015' }, { rule: 'CG014', weight: 0.6 }],
  },
  {
    tool: 'systemd',
    text: '{unit}: Failed to enable/disable controllers on cgroup {path}, ignoring: {errno}',
    source: 'systemd/systemd src/core/cgroup.c unit_update_cgroup',
    causes: [
      { rule: 'CG031', when: { errno: /EBUSY/ } },
      { rule: 'CG015', unless: { errno: /EBUSY/ } },
    ],
  },
  {
    tool: 'systemd',
    text: "{unit}: Couldn't move process {id} to requested cgroup '{path}': {errno}",
    source: "systemd/systemd src/core/cgroup.c unit_attach_pids_to_cgroup (user managers print 'to directly requested')",
    causes: [
      { rule: 'CG031', when: { errno: /EBUSY/ } },
      { rule: 'CG015', weight: 0.5, when: { errno: /EOPNOTSUPP|ENOTSUP/ } },
    ],
  },
  {
    tool: 'runc',
    text: 'unified resource "{any}" can\'t be set: controller "{controller}" not available',
    source: 'opencontainers/cgroups fs2/fs2.go (runc 1.0+)',
    causes: [{ rule: 'CG015' }],
  },
  // Writing "+cpu +io ..." to cgroup.subtree_control: EBUSY is the no-internal-processes rule, ENOENT a controller the parent lacks.
  {
    tool: 'crun',
    text: 'enable controllers `{any}`: {errno}',
    source: 'containers/crun src/libcrun/cgroup-utils.c (write_controller_file, 1.15+)',
    causes: [
      { rule: 'CG031', when: { errno: /EBUSY/ } },
      { rule: 'CG015', when: { errno: /ENOENT|EINVAL|EOPNOTSUPP|ENOTSUP/ } },
    ],
  },
  {
    tool: 'runc',
    text: 'cannot enter cgroupv2 "{path}" with domain controllers -- it is in an invalid state',
    source: 'opencontainers/runc libcontainer/cgroups/fs2/create.go',
    causes: [{ rule: 'CG015' }, { rule: 'CG031', weight: 0.5 }],
  },
  {
    tool: 'runc',
    text: 'cannot enter cgroupv2 "{path}" with domain controllers -- it is in {any} mode',
    source: 'opencontainers/runc libcontainer/cgroups/fs2/create.go',
    causes: [{ rule: 'CG015' }, { rule: 'CG031', weight: 0.5 }],
  },
  {
    tool: 'containerd',
    text: 'failed to write subtree controllers [{any}] to "{path}": {errno}',
    source: 'containerd/cgroups cgroup2/manager.go',
    causes: [
      { rule: 'CG031', when: { errno: /EBUSY/ } },
      { rule: 'CG015', unless: { errno: /EBUSY/ } },
    ],
  },
  { tool: 'containerd', text: 'failed to enable controllers ([{any}])', source: 'containerd/cgroups cgroup2/manager.go', causes: [{ rule: 'CG015' }] },
  {
    tool: 'kubelet',
    text: 'cgroup "{any}" has some missing controllers: {any}',
    source: `${K8S} pkg/kubelet/cm/cgroup_v2_manager_linux.go`,
    causes: [{ rule: 'CG015' }, { rule: 'CG014', weight: 0.6 }],
  },
  {
    tool: 'kubelet',
    text: 'cgroup manager.Set failed: openat2 {path}: {errno}',
    source: `${K8S} pkg/kubelet/cm/cgroup_manager_linux.go (Update)`,
    causes: [{ rule: 'CG015', when: { errno: /ENOENT/ } }],
  },
  {
    tool: 'runc',
    text: 'openat2 {path}: {errno}',
    source: 'opencontainers/runc libcontainer/cgroups/file.go (openFile)',
    causes: [{ rule: 'CG015', when: { path: /\/sys\/fs\/cgroup\/(?!memory\/|cpu,|cpuacct|cpuset\/|pids\/|blkio\/).+\.(?:max|weight|effective|min|low|high)$/, errno: /ENOENT/ } }],
  },
  {
    tool: 'crun',
    text: 'the requested cgroup controller `{controller}` is not available',
    source: 'containers/crun src/libcrun/cgroup.c (0.16-1.19)',
    causes: [{ rule: 'CG015' }, { rule: 'CG014', weight: 0.5 }],
  },
  { tool: 'crun', text: 'controller `{controller}` is not available under {path}', source: 'containers/crun src/libcrun/cgroup-utils.c', causes: [{ rule: 'CG015' }] },
  {
    tool: 'crun',
    text: 'write file `{path}`: {errno}',
    source: 'containers/crun src/libcrun/utils.c (safe_write, 1.20+)',
    causes: [
      { rule: 'CG031', when: { path: /cgroup\.(?:subtree_control|procs)$/, errno: /EBUSY/ } },
      { rule: 'CG015', when: { path: /cgroup\.subtree_control$/ }, unless: { errno: /EBUSY/ } },
    ],
  },
  {
    tool: 'crun',
    text: 'writing file `{path}`: {errno}',
    source: 'containers/crun src/libcrun/utils.c (write_file_at)',
    causes: [
      { rule: 'CG031', when: { path: /cgroup\.(?:subtree_control|procs)$/, errno: /EBUSY/ } },
      { rule: 'CG015', when: { path: /cgroup\.subtree_control$/ }, unless: { errno: /EBUSY/ } },
    ],
  },
  {
    tool: 'shell',
    text: 'ERROR: UserNS: {controller} controller needs to be delegated',
    source: 'kubernetes-sigs/kind images/base/files/usr/local/bin/entrypoint',
    causes: [{ rule: 'CG015' }],
  },
  {
    tool: 'shell',
    text: "Couldn't open '{path}' for writing: {errno}",
    source: 'google/nsjail cgroup2.cc (writeBufToFile)',
    causes: [{ rule: 'CG015', when: { path: /\/sys\/fs\/cgroup\//, errno: /ENOENT/ } }],
  },
  {
    tool: 'systemd',
    text: 'Failed to enable controller {controller} for {any}: {errno}',
    source: 'systemd/systemd src/core/cgroup.c (cgroup_apply_unified_cgroup_config)',
    causes: [
      { rule: 'CG031', when: { errno: /EBUSY/ } },
      { rule: 'CG015', unless: { errno: /EBUSY/ } },
    ],
  },
  {
    tool: 'shell',
    text: 'sed: write error',
    source: 'docker-library/docker dockerd-entrypoint.sh (sed writing cgroup.subtree_control in docker-in-docker)',
    causes: [{ rule: 'CG031' }],
  },
  { tool: 'shell', text: "sed: couldn't flush stdout: Device or resource busy", source: 'docker-library/docker dockerd-entrypoint.sh (moby#42331)', causes: [{ rule: 'CG031' }] },
  { tool: 'shell', text: 'cannot write tid {id} to {path}/cgroup.procs: Resource busy', source: 'libcgroup/libcgroup src/api.c', causes: [{ rule: 'CG031' }] },
  {
    tool: 'runc',
    text: 'Failed to attach processes to control group: {errno}',
    source: 'kata-containers/kata-containers src/agent (cgroups attach)',
    causes: [{ rule: 'CG031', when: { errno: /EBUSY/ } }],
  },

  // CG024, CG025: manager checkpoints of another policy.
  {
    tool: 'kubelet',
    text: 'configured policy "{any}" differs from state checkpoint policy "{any}"',
    source: `${K8S} pkg/kubelet/cm/cpumanager/state/state_checkpoint.go`,
    causes: [{ rule: 'CG024' }, { rule: 'CG025', weight: 0.5 }],
  },
  {
    tool: 'kubelet',
    text: '[memorymanager] configured policy "{any}" differs from state checkpoint policy "{any}"',
    source: `${K8S} pkg/kubelet/cm/memorymanager/state/state_checkpoint.go`,
    causes: [{ rule: 'CG025' }],
  },
  {
    tool: 'kubelet',
    // The error it wraps tells a damaged file from another policy's.
    text: 'could not restore state from checkpoint: {any}, please drain this node and delete the CPU manager checkpoint file "{path}" before restarting Kubelet',
    source: `${K8S} pkg/kubelet/cm/cpumanager/state/state_checkpoint.go`,
    causes: [{ rule: 'CG024', unless: { any: CORRUPT } }],
  },
  {
    tool: 'kubelet',
    // The error it wraps tells a damaged file from another policy's.
    text: 'could not restore state from checkpoint: {any}, please drain this node and delete the memory manager checkpoint file "{path}" before restarting Kubelet',
    source: `${K8S} pkg/kubelet/cm/memorymanager/state/state_checkpoint.go`,
    causes: [{ rule: 'CG025', unless: { any: CORRUPT } }],
  },
  {
    tool: 'kubelet',
    text: '[cpumanager] could not initialize checkpoint manager: could not restore state from checkpoint{any}',
    source: `${K8S} pkg/kubelet/cm/cpumanager/cpu_manager.go`,
    causes: [{ rule: 'CG024', weight: 0.8, unless: { any: CORRUPT } }],
  },
  {
    tool: 'kubelet',
    text: 'could not initialize checkpoint manager: could not restore state from checkpoint{any}',
    source: `${K8S} pkg/kubelet/cm/cpumanager/cpu_manager.go (Start)`,
    causes: [
      { rule: 'CG024', weight: 0.6, unless: { any: CORRUPT } },
      { rule: 'CG025', weight: 0.3, unless: { any: CORRUPT } },
    ],
  },
  {
    tool: 'kubelet',
    text: 'start cpu manager error: could not restore state from checkpoint{any}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go`,
    causes: [{ rule: 'CG024', unless: { any: CORRUPT } }],
  },
  {
    tool: 'kubelet',
    text: 'start memory manager error: could not restore state from checkpoint{any}',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go`,
    causes: [{ rule: 'CG025', unless: { any: CORRUPT } }],
  },

  // CG027: the host sees only the sandbox of a VM runtime.
  { tool: 'catalogue', text: 'kata_overhead/{id}', source: 'kata-containers/kata-containers src/runtime-rs/crates/resource/src/cgroups/utils.rs', causes: [{ rule: 'CG027' }] },

  // CG028: a tool reading a container's view of the node.
  {
    tool: 'kubelet',
    text: 'Failed to ensure state of "{path}": failed to find pid of Docker container',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (1.1-1.2)`,
    causes: [{ rule: 'CG028' }],
  },
  {
    tool: 'kubelet',
    text: 'Failed to ensure Docker is in a container: failed to find pid of Docker container',
    source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (1.1-1.2)`,
    causes: [{ rule: 'CG028' }],
  },
  { tool: 'cadvisor', text: 'cAdvisor running in container: "{path}"', source: 'google/cadvisor manager/manager.go (New)', causes: [{ rule: 'CG028' }] },
];

/**
 * How users describe each rule's failure when they paste no message (issue titles, forum
 * questions): the words a description must all hold, in any order (after tokenizing: numbers and
 * underscores do not survive, so each set needs words of its own). They are the rules' own terms,
 * so they count as a catalogue paraphrase does: less than any program's message.
 */
const words = (rule: string, ...sets: string[]): MessageTemplate[] => sets.map((text) => ({ tool: 'words', text, source: `${rule}'s own terms`, causes: [{ rule }] }));

export const WORDS_OF: readonly MessageTemplate[] = [
  ...words('CG001', 'cpuset.cpus empty', 'cpuset.mems empty', 'empty cpuset'),
  ...words('CG002', 'ExecStartPre mkdir cgroup'),
  ...words('CG003', 'name=systemd not mounted', 'cgroup hierarchy unmounted'),
  ...words('CG005', 'kube-reserved-cgroup not exist', 'kube-reserved-cgroup cannot find', 'system-reserved-cgroup not exist', 'runtime-cgroups not exist'),
  ...words('CG009', 'cgroup driver mismatch', 'SystemdCgroup false', 'cgroupDriver systemd cgroupfs'),
  ...words('CG014', 'memory cgroup not mounted', 'memory cgroup subsystem not', 'memory cgroups cannot enabled'),
  ...words('CG015', 'controllers not delegated', 'controller delegation cgroup v2'),
  ...words('CG016', 'Delegate=yes', 'daemon-reload cgroups moved'),
  ...words('CG017', 'cgroup mounted twice', 'cpuset mounted twice'),
  ...words('CG018', 'cgroup v1 deprecated'),
  ...words('CG020', 'cgroup leak', 'cgroups leak', 'mkdir memory ENOSPC', 'mkdir cgroup ENOSPC'),
  ...words('CG021', 'dying cgroups', 'zombie cgroups', 'mkdir memory ENOMEM', 'mkdir cgroup ENOMEM'),
  ...words('CG022', 'orphaned pod cgroups', 'pod cgroups not removed'),
  ...words('CG023', 'leaked mount', 'leaked mounts', 'mount leak', 'mountinfo huge'),
  ...words('CG027', 'kata metrics', 'kata cadvisor', 'gvisor metrics', 'gvisor cadvisor', 'runsc cadvisor'),
  ...words('CG031', 'no internal processes', 'subtree_control EBUSY', 'cgroup.subtree_control EBUSY'),
  ...words('CG032', 'runtime too old cgroup v2', 'containerd too old cgroup v2', 'docker too old cgroup v2', 'runc too old cgroup v2', 'cgroup v2 migration'),
  ...words('CG033', 'java cgroup v2 heap', 'jvm cgroup v2', 'java cgroup v2 memory limit', 'jdk cgroup v2 support'),
];
