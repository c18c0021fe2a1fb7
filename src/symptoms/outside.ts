import type { MessageTemplate } from './template.js';

/**
 * Well-known node problems that no cgroup rule explains. A pasted line that is one of these gets
 * that answer, not a weak match to a rule that happens to share its words.
 */
export interface OutsideProblem {
  id: string;
  title: string;
  advice: string;
  templates: Array<Omit<MessageTemplate, 'causes'>>;
}

const K8S = 'kubernetes/kubernetes';

export const OUTSIDE: readonly OutsideProblem[] = [
  {
    id: 'oom-killed',
    title: 'an OOM kill by a real memory limit',
    advice: 'The kernel killed a process that reached its memory cgroup limit: raise the container limit or find what uses the memory (kubectl describe pod shows OOMKilled).',
    templates: [
      {
        tool: 'kernel',
        text: 'Memory cgroup out of memory: Kill process {id} ({any}) score {id} or sacrifice child',
        source: 'torvalds/linux mm/oom_kill.c (before 4.19; as users logged it)',
      },
      { tool: 'kernel', text: 'Memory cgroup out of memory: Killed process {id} ({any})', source: 'torvalds/linux mm/oom_kill.c (__oom_kill_process)' },
      { tool: 'kernel', text: '{any} invoked oom-killer: gfp_mask={id}', source: 'torvalds/linux mm/oom_kill.c (dump_header)' },
      { tool: 'kernel', text: 'oom-kill:constraint={id},nodemask={any}', source: 'torvalds/linux mm/oom_kill.c (dump_oom_summary)' },
      { tool: 'kernel', text: 'oom_reaper: reaped process {id} ({any})', source: 'torvalds/linux mm/oom_kill.c (oom_reap_task_mm)' },
      { tool: 'runc', text: 'container init was OOM-killed (memory limit too low?)', source: 'opencontainers/runc libcontainer/process_linux.go' },
      { tool: 'kubectl', text: 'Reason: OOMKilled', source: 'kubectl describe pod (container state reason)' },
      { tool: 'kubectl', text: 'OOMKilled', source: 'kubectl get pods (the STATUS column)' },
    ],
  },
  {
    id: 'cni',
    title: 'a CNI network plugin failure',
    advice: 'The pod network could not be set up: check the CNI plugin pods (calico, flannel, cilium) and /etc/cni/net.d on the node.',
    templates: [
      { tool: 'containerd', text: 'failed to setup network for sandbox "{id}"', source: 'containerd/containerd internal/cri/server/sandbox_run.go (RunPodSandbox)' },
      { tool: 'containerd', text: 'cni config not initialized', source: 'containerd/containerd internal/cri/server/sandbox_run.go' },
      { tool: 'containerd', text: 'cni plugin not initialized', source: 'containerd/go-cni errors.go (ErrCNINotInitialized)' },
      { tool: 'cni', text: 'plugin type="{id}" failed (add)', source: 'containernetworking/cni libcni/api.go (AddNetworkList)' },
      { tool: 'kubelet', text: 'NetworkPlugin cni failed to set up pod "{any}" network', source: `${K8S} pkg/kubelet/dockershim/network/cni/cni.go` },
      { tool: 'kubelet', text: 'network plugin is not ready: cni config uninitialized', source: `${K8S} pkg/kubelet/dockershim/network/cni/cni.go` },
      { tool: 'kubelet', text: 'runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady', source: `${K8S} pkg/kubelet/kubelet.go (updateRuntimeUp)` },
      { tool: 'kubelet', text: 'Unable to update cni config: No networks found in {path}', source: `${K8S} pkg/kubelet/dockershim/network/cni/cni.go` },
      { tool: 'cni', text: 'loadFlannelSubnetEnv failed: open /run/flannel/subnet.env', source: 'flannel-io/cni-plugin flannel_linux.go (as users logged it)' },
      { tool: 'cni', text: 'open /run/flannel/subnet.env: no such file or directory', source: 'flannel-io/cni-plugin flannel.go (subnet file)' },
      { tool: 'cni', text: 'error getting ClusterInformation', source: 'projectcalico/calico cni-plugin/pkg/plugin/plugin.go' },
      { tool: 'cni', text: 'Final result of CNI ADD was an error', source: 'projectcalico/calico cni-plugin/pkg/plugin/plugin.go' },
      { tool: 'kubelet', text: 'failed to set up sandbox container "{id}" network for pod', source: `${K8S} pkg/kubelet/dockershim/docker_sandbox.go` },
      { tool: 'containerd', text: 'failed to get network status for sandbox', source: 'containerd/cri pkg/server/sandbox_status.go' },
    ],
  },
  {
    id: 'image-pull',
    title: 'an image pull failure',
    advice: 'The image could not be pulled: check the image name and tag, the registry credentials (imagePullSecrets) and that the node reaches the registry.',
    templates: [
      { tool: 'kubelet', text: 'Failed to pull image "{any}"', source: `${K8S} pkg/kubelet/images/image_manager.go (EnsureImageExists)` },
      { tool: 'kubelet', text: 'Back-off pulling image "{any}"', source: `${K8S} pkg/kubelet/images/image_manager.go` },
      { tool: 'containerd', text: 'failed to pull and unpack image "{any}"', source: 'containerd/containerd internal/cri/server/images/image_pull.go' },
      {
        tool: 'dockerd',
        text: "pull access denied for {any}, repository does not exist or may require 'docker login'",
        source: 'moby/moby distribution/errors.go (TranslatePullError)',
      },
      { tool: 'dockerd', text: 'manifest unknown', source: 'distribution/distribution registry/api/errcode (MANIFEST_UNKNOWN)' },
      { tool: 'containerd', text: 'failed to resolve reference "{any}"', source: 'containerd/containerd core/remotes/docker/resolver.go' },
      { tool: 'kubectl', text: 'ErrImagePull', source: `${K8S} pkg/kubelet/images/types.go (ErrImagePull)` },
      { tool: 'kubectl', text: 'ImagePullBackOff', source: `${K8S} pkg/kubelet/images/types.go (ErrImagePullBackOff)` },
    ],
  },
  {
    id: 'swap',
    title: 'kubelet refusing to run with swap on',
    advice: 'Turn swap off (swapoff -a, and remove it from /etc/fstab), or allow it: failSwapOn: false (and memorySwap settings on kubelet >= 1.28).',
    templates: [
      { tool: 'kubelet', text: 'running with swap on is not supported, please disable swap', source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (NewContainerManager)` },
      { tool: 'kubeadm', text: '[ERROR Swap]: running with swap on is not supported. Please disable swap', source: `${K8S} cmd/kubeadm/app/preflight/checks.go (SwapCheck)` },
    ],
  },
  {
    id: 'inotify',
    title: 'the inotify watch or instance limit',
    advice:
      'ENOSPC from inotify_add_watch and EMFILE from inotify_init are the inotify limits, not the disk or cgroups: raise fs.inotify.max_user_watches and fs.inotify.max_user_instances.',
    templates: [
      { tool: 'cadvisor', text: 'inotify_add_watch {path}: no space left on device', source: 'google/cadvisor container/raw/watcher.go (watchDirectory)' },
      { tool: 'cadvisor', text: 'Failed to watch directory "{path}": inotify_add_watch', source: 'google/cadvisor container/raw/watcher.go (watchDirectory)' },
      { tool: 'kubelet', text: 'inotify_init: too many open files', source: 'google/cadvisor manager/manager.go (Start, via kubelet)' },
      { tool: 'kubelet', text: 'failed to create fsnotify watcher: too many open files', source: `${K8S} pkg/kubelet/kuberuntime/logs/logs.go (ReadLogs)` },
      { tool: 'kubelet', text: 'failed to create FS watcher: too many open files', source: 'fsnotify users (as logged in the corpus)' },
      { tool: 'kubelet', text: 'Error creating recommended watcher: Too many open files', source: 'notify-rs (Rust notify crate, as logged in the corpus)' },
    ],
  },
  {
    id: 'runc-too-old',
    title: 'a runtime too old (or too new) for its caller',
    advice: 'runc, crun or containerd does not know a flag, capability or spec version the caller sends: upgrade the runtime to the version the caller expects.',
    templates: [
      { tool: 'runc', text: 'flag provided but not defined: -{id}', source: 'golang/go src/flag/flag.go (parseOne)' },
      { tool: 'runc', text: 'unknown capability "{id}"', source: 'opencontainers/runc libcontainer/capabilities (older releases)' },
      { tool: 'crun', text: 'unknown version specified', source: 'containers/crun src/libcrun/container.c' },
      { tool: 'containerd', text: 'json: cannot unmarshal object into Go value of type', source: 'golang/go src/encoding/json/decode.go (UnmarshalTypeError)' },
    ],
  },
  {
    id: 'disk-pressure',
    title: 'a full disk or an ephemeral-storage eviction',
    advice:
      'The node ran out of disk (or the pod of its ephemeral-storage): free space under /var/lib/containerd, /var/lib/docker or /var/log, or set ephemeral-storage requests and limits.',
    templates: [
      { tool: 'kubelet', text: 'The node was low on resource: {id}', source: `${K8S} pkg/kubelet/eviction/helpers.go (nodeLowMessageFmt)` },
      { tool: 'kubelet', text: 'Threshold quantity: {id}, available: {id}', source: `${K8S} pkg/kubelet/eviction/helpers.go (thresholdMetMessageFmt)` },
      { tool: 'kubelet', text: 'The node had condition: [DiskPressure]', source: `${K8S} pkg/kubelet/eviction/helpers.go (nodeConditionMessageFmt)` },
      { tool: 'kubelet', text: 'Eviction manager: attempting to reclaim', source: `${K8S} pkg/kubelet/eviction/eviction_manager.go` },
      { tool: 'kubelet', text: 'kubelet has disk pressure', source: `${K8S} pkg/kubelet/nodestatus/setters.go (DiskPressureCondition)` },
      { tool: 'dockerd', text: 'write /var/lib/{path}: no space left on device', source: 'moby/moby (a write under the data root)' },
      { tool: 'dockerd', text: 'failed to register layer: {any}: no space left on device', source: 'moby/moby layer/layer_store.go (registerWithDescriptor)' },
    ],
  },
  {
    id: 'dns',
    title: 'a DNS resolution failure',
    advice: "Name resolution failed: check CoreDNS and its upstream servers, and the node's /etc/resolv.conf.",
    templates: [
      { tool: 'kubelet', text: 'lookup {any} on {any}: {any}', source: 'golang/go src/net/net.go (DNSError.Error)' },
      { tool: 'cni', text: '[ERROR] plugin/errors: {id} {any}: read udp {any}: i/o timeout', source: 'coredns/coredns plugin/errors/errors.go' },
      { tool: 'kubelet', text: 'dial tcp: lookup {any}: i/o timeout', source: 'golang/go src/net/net.go (DNSError.Error)' },
      { tool: 'shell', text: 'connection timed out; no servers could be reached', source: 'ISC BIND dig/nslookup' },
      { tool: 'shell', text: "nslookup: can't resolve", source: 'busybox networking/nslookup.c' },
    ],
  },
  {
    id: 'certificate',
    title: 'a TLS certificate error',
    advice: "A certificate is not trusted or has expired: add the CA to the node (or the registry to the runtime's trusted CAs), or renew the certificates (kubeadm certs renew).",
    templates: [
      { tool: 'kubelet', text: 'x509: certificate signed by unknown authority', source: 'golang/go src/crypto/x509/verify.go (UnknownAuthorityError)' },
      { tool: 'kubelet', text: 'x509: certificate has expired or is not yet valid', source: 'golang/go src/crypto/x509/verify.go (CertificateInvalidError)' },
      { tool: 'kubelet', text: 'part of the existing bootstrap client certificate is expired', source: `${K8S} pkg/kubelet/certificate/bootstrap/bootstrap.go` },
    ],
  },
  {
    id: 'crashloop',
    title: 'an application crashing on its own',
    advice: "The container starts and exits: read its logs (kubectl logs --previous) and its exit code; nothing on the node's cgroups is wrong.",
    templates: [
      { tool: 'kubelet', text: 'Back-off restarting failed container', source: `${K8S} pkg/kubelet/kuberuntime/kuberuntime_manager.go (doBackOff)` },
      { tool: 'kubelet', text: 'back-off {id} restarting failed container={any} pod={any}', source: `${K8S} pkg/kubelet/kuberuntime/kuberuntime_manager.go (doBackOff)` },
      { tool: 'kubectl', text: 'Reason: CrashLoopBackOff', source: 'kubectl describe pod (container state reason)' },
      { tool: 'kubectl', text: 'CrashLoopBackOff', source: 'kubectl get pods (the STATUS column)' },
    ],
  },
  {
    id: 'pid-limit',
    title: 'a process limit reached by the application',
    advice: 'fork failed with EAGAIN: the pod or the user reached its pids limit (pids.max, podPidsLimit, ulimit -u); raise it or find the process leak.',
    templates: [
      { tool: 'shell', text: 'fork: retry: Resource temporarily unavailable', source: 'GNU bash jobs.c (make_child)' },
      { tool: 'shell', text: 'fork: Resource temporarily unavailable', source: 'GNU bash jobs.c (make_child)' },
      { tool: 'kernel', text: 'cgroup: fork rejected by pids controller in', source: 'torvalds/linux kernel/cgroup/pids.c (pids_event)' },
    ],
  },
  {
    id: 'apparmor-selinux',
    title: 'an AppArmor or SELinux denial',
    advice: 'A security module denied the runtime: read the audit log (apparmor="DENIED", avc: denied), load or fix the profile, or upgrade runc where it is a known regression.',
    templates: [
      { tool: 'runc', text: 'apparmor failed to apply profile: {any}', source: 'opencontainers/runc libcontainer/apparmor/apparmor_linux.go' },
      { tool: 'kernel', text: 'apparmor="DENIED" operation="{id}"', source: 'torvalds/linux security/apparmor/lib.c (audit)' },
      { tool: 'runc', text: 'open sysctl {id} file: reopen fd {id}: permission denied', source: 'opencontainers/runc libcontainer/standard_init_linux.go (runc 1.2.x regression)' },
    ],
  },
  {
    id: 'missing-executable',
    title: 'a missing executable (entrypoint or shim)',
    advice: "The runtime could not find the program to run: check the image entrypoint and command, or the containerd shim on the node's PATH.",
    templates: [
      { tool: 'runc', text: 'exec: "{any}": executable file not found in $PATH', source: 'golang/go src/os/exec/lp_unix.go (ErrNotFound)' },
      { tool: 'containerd', text: 'containerd-shim resolves to executable in current directory', source: 'golang/go src/os/exec/exec.go (ErrDot)' },
    ],
  },
  {
    id: 'cpu-manager-cpus-changed',
    title: 'a CPU manager checkpoint for other CPUs',
    advice: "The policy is the same but the node's CPUs changed since the checkpoint: drain the node, delete /var/lib/kubelet/cpu_manager_state, restart kubelet.",
    templates: [
      {
        tool: 'kubelet',
        text: 'current set of available CPUs "{any}" doesn\'t match with CPUs in state "{any}"',
        source: `${K8S} pkg/kubelet/cm/cpumanager/policy_static.go (validateState)`,
      },
      { tool: 'kubelet', text: 'not all reserved cpus: "{any}" are present in defaultCpuSet: "{any}"', source: `${K8S} pkg/kubelet/cm/cpumanager/policy_static.go validateState` },
    ],
  },
  {
    id: 'runc-without-systemd',
    title: 'a runc built without systemd support',
    advice: "A static or minimal runc build cannot drive systemd even where pid 1 is systemd: use the distribution's runc (or containerd's), or the cgroupfs driver.",
    templates: [
      {
        tool: 'runc',
        text: 'systemd cgroup flag passed, but systemd support for managing cgroups is not available',
        source: 'opencontainers/runc utils_linux.go (loadFactory; a build without the systemd tag)',
      },
      { tool: 'crun', text: 'systemd not supported', source: 'containers/crun src/libcrun/cgroup-systemd.c (a build without libsystemd)' },
    ],
  },
  {
    id: 'nvidia-hook',
    title: 'the NVIDIA container hook failing',
    advice:
      'libnvidia-container could not set up the GPU devices: check the NVIDIA container toolkit against the runtime and cgroup version, and its no-cgroups setting on cgroup v2.',
    templates: [
      { tool: 'runc', text: 'cgroup subsystem {controller} not found', source: 'NVIDIA/libnvidia-container src/nvc_container.c (find_cgroup_path)' },
      { tool: 'runc', text: 'nvidia-container-cli: {any}', source: 'NVIDIA/libnvidia-container src/cli (the prestart hook)' },
      { tool: 'runc', text: 'Failed to initialize NVML', source: 'NVIDIA/nvidia-container-toolkit (NVML in a container whose device access was lost)' },
    ],
  },
  {
    id: 'protect-kernel-defaults',
    title: 'kubelet refusing kernel settings other than its defaults',
    advice: 'With --protect-kernel-defaults the kubelet insists on its sysctl values: set them (vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1) or drop the flag.',
    templates: [
      {
        tool: 'kubelet',
        text: 'invalid kernel flag: {any}, expected value: {any}, actual value: {any}',
        source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (setupKernelTunables)`,
      },
    ],
  },
  {
    id: 'rootless-limits',
    title: 'a rootless or user-namespaced runtime that may not set limits',
    advice:
      'Unprivileged, the runtime cannot apply cgroup limits it was not delegated: delegate the controllers to the user (systemd user@.service Delegate=), use the systemd cgroup manager, or drop the limits; inside an unprivileged container, enable KubeletInUserNamespace.',
    templates: [
      {
        tool: 'kubelet',
        text: 'Updating kernel flag failed (Hint: enable KubeletInUserNamespace feature flag to ignore the error)',
        source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (setupKernelTunables)`,
      },
      {
        tool: 'runc',
        text: 'rootless needs no limits + no cgrouppath when no permission is granted for cgroups',
        source: 'opencontainers/runc libcontainer/cgroups/fs2/fs2.go (Apply)',
      },
      { tool: 'crun', text: 'cannot set limits without cgroups', source: 'containers/crun src/libcrun/cgroup-resources.c' },
      {
        tool: 'dockerd',
        text: 'WARNING: Running in rootless-mode without cgroups. Systemd is required to enable cgroups in rootless-mode.',
        source: 'moby/moby daemon/info_unix.go (20.10+)',
      },
      {
        tool: 'dockerd',
        text: 'WARNING: Running in rootless-mode without cgroups. To enable cgroups in rootless-mode, you need to boot the system in cgroup v2 mode.',
        source: 'moby/moby daemon/info_unix.go (20.10+)',
      },
      {
        tool: 'dockerd',
        text: 'exec-opt native.cgroupdriver=systemd requires cgroup v2 for rootless mode',
        source: 'moby/moby daemon/daemon_unix.go verifyDaemonSettings (20.10+)',
      },
      { tool: 'dockerd', text: "rootless systemd driver doesn't support cgroup v1", source: 'moby/moby daemon/oci_linux.go (20.10+)' },
      { tool: 'k3s', text: 'cgroup v2 controllers are not delegated for rootless. Disabling cgroup.', source: 'k3s-io/k3s pkg/agent/containerd/config_linux.go' },
      {
        tool: 'k3s',
        text: 'cgroup v2 controllers are not delegated for rootless. Setting cgroup driver to "none".',
        source: 'k3s-io/k3s pkg/daemons/agent/agent_linux.go createRootlessConfig (older)',
      },
      {
        tool: 'runc',
        text: "cgroup v2 not enabled on this host, can't use systemd (rootless) as cgroups manager",
        source: 'opencontainers/runc libcontainer/factory_linux.go (1.0.0-rc92 to 1.0.x)',
      },
      { tool: 'runc', text: 'cannot use rootless systemd cgroups manager on cgroup v1', source: 'opencontainers/cgroups systemd/v1.go (runc 1.1+)' },
      { tool: 'runc', text: 'could not detect DBUS_SESSION_BUS_ADDRESS from the environment', source: 'opencontainers/cgroups systemd/user.go (runc 1.2+)' },
      { tool: 'crun', text: 'sd-bus call: Interactive authentication required.', source: 'containers/crun src/libcrun/cgroup-systemd.c (1.5+; containers/crun#1134)' },
      {
        tool: 'crun',
        text: 'invalid configuration, cannot specify resource limits without cgroups v2 and --cgroup-manager=systemd',
        source: 'containers/podman pkg/specgen/generate/oci.go (SpecGenToOCI)',
      },
    ],
  },
  {
    id: 'unsupported-filesystem',
    title: 'a root filesystem cAdvisor cannot read',
    advice:
      'The kubelet could not find the device of its root directory (btrfs subvolumes, NFS, LUKS, overlay roots): move /var/lib/kubelet to a supported filesystem or upgrade to a kubelet whose cAdvisor knows it.',
    templates: [
      { tool: 'kubelet', text: 'failed to get rootfs info: {any}', source: `${K8S} pkg/kubelet/cm/container_manager_linux.go (NewContainerManager)` },
      { tool: 'cadvisor', text: 'could not find device with major: {id}, minor: {id} in cached partitions map', source: 'google/cadvisor fs/fs.go (GetDirFsDevice)' },
    ],
  },
  {
    id: 'seccomp',
    title: 'a seccomp profile the runtime cannot load',
    advice: 'The runtime could not install the seccomp filter: a syscall unknown to this libseccomp or kernel; upgrade libseccomp and the runtime, or fix the profile.',
    templates: [{ tool: 'runc', text: 'error adding seccomp filter rule for syscall {id}', source: 'opencontainers/runc libcontainer/seccomp/seccomp_linux.go (matchCall)' }],
  },
  {
    id: 'runc-regression',
    title: 'a known runtime regression',
    advice:
      'This runc release refuses a cgroup that still has processes (1.2), passes up systemd\'s "unit already exists" for a slice it should reuse (1.0.0-rc95), or writes a file older kernels lack: upgrade to the fixed release.',
    templates: [
      { tool: 'runc', text: "container's cgroup is not empty: {id} process(es) found", source: 'opencontainers/runc libcontainer/factory_linux.go (Create)' },
      {
        tool: 'systemd',
        text: 'Unit {unit} already exists',
        source: 'systemd StartTransientUnit (BUS_ERROR_UNIT_EXISTS); ignored by runc since opencontainers/runc#1124, regressed in 1.0.0-rc95 (opencontainers/runc#2996)',
      },
    ],
  },
  {
    id: 'optional-cgroup',
    title: 'a warning about an optional controller',
    advice: 'kubeadm warns that an optional controller (blkio, hugetlb) is missing: harmless unless a workload needs it.',
    templates: [{ tool: 'kubeadm', text: 'missing optional cgroups: {any}', source: 'kubernetes/system-validators validators/cgroup_validator_linux.go' }],
  },
  {
    id: 'kubelet-in-container',
    title: 'a kubelet running inside a container',
    advice:
      "The kubelet names its own system containers under another container's cgroup (/docker/<id>/…): it runs in a container (kind, a hyperkube image) whose cgroup namespace or mounts hide the node's. Give it the host's /sys/fs/cgroup and cgroup namespace, or set --kubelet-cgroups and --runtime-cgroups to paths that exist in its view.",
    // Told by the path of the "unknown container" family (src/symptoms/messages.ts), not by words of its own.
    templates: [],
  },
  {
    id: 'removed-kernel-option',
    title: 'a check for a kernel option newer kernels removed',
    advice:
      'Linux 5.8 and 6.1 folded CONFIG_MEMCG_SWAP_ENABLED and CONFIG_MEMCG_SWAP into CONFIG_MEMCG: swap accounting is built in wherever CONFIG_MEMCG and CONFIG_SWAP are, whatever an older check-config.sh says (fixed in moby#50555).',
    // Told by the option the check names (src/symptoms/messages.ts), not by words of its own.
    templates: [],
  },
  {
    id: 'reserved-cgroup-unset',
    title: 'node allocatable enforced on a reserved cgroup that is not named',
    advice:
      '--enforce-node-allocatable lists system-reserved or kube-reserved, but --system-reserved-cgroup or --kube-reserved-cgroup is empty: name the cgroup (an existing slice) or drop it from the enforce list.',
    // Also told by the empty name in "Failed to enforce ... Reserved Cgroup Limits on" (src/symptoms/messages.ts).
    templates: [
      {
        tool: 'kubelet',
        text: 'invalid configuration: systemReservedCgroup (--system-reserved-cgroup) must be specified when {any} contained in {any} (--enforce-node-allocatable)',
        source: `${K8S} pkg/kubelet/apis/config/validation/validation.go (wording of the key/field varies by version)`,
      },
      {
        tool: 'kubelet',
        text: 'invalid configuration: kubeReservedCgroup (--kube-reserved-cgroup) must be specified when {any} contained in {any} (--enforce-node-allocatable)',
        source: `${K8S} pkg/kubelet/apis/config/validation/validation.go`,
      },
    ],
  },
  {
    id: 'memory-manager-machine-changed',
    title: 'a memory manager checkpoint for other memory',
    advice:
      "The policy is the same but the node's NUMA memory or hugepages changed since the checkpoint: drain the node, delete /var/lib/kubelet/memory_manager_state, restart kubelet.",
    templates: [
      {
        tool: 'kubelet',
        text: '[memorymanager] the expected machine state is different from the real one',
        source: `${K8S} pkg/kubelet/cm/memorymanager/policy_static.go validateState`,
      },
    ],
  },
  {
    id: 'checkpoint-corrupt',
    title: 'a corrupted kubelet checkpoint',
    advice: 'A manager checkpoint failed its checksum: drain the node, delete the named state file under /var/lib/kubelet, restart kubelet.',
    templates: [
      { tool: 'kubelet', text: 'checkpoint is corrupted', source: `${K8S} pkg/kubelet/checkpointmanager/errors/errors.go (ErrCorruptCheckpoint)` },
      {
        tool: 'kubelet',
        text: 'could not restore state from checkpoint: {any}, please drain this node and delete pod allocation checkpoint file "{path}"',
        source: `${K8S} pkg/kubelet/status/state/state_checkpoint.go`,
      },
    ],
  },
];
