import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/** The snap's directories: SNAP_DATA and SNAP are per revision, `current` links the running one. */
const SNAP_VARS = { SNAP: '/snap/microk8s/current', SNAP_DATA: '/var/snap/microk8s/current', SNAP_COMMON: '/var/snap/microk8s/common' };

/**
 * MicroK8s (the classic snap). Facts from canonical/microk8s at tag v1.33 (c9079bdf) unless noted:
 *
 * - snap.microk8s.daemon-kubelite.service (snapd's generated unit: ExecStart=/usr/bin/snap run
 *   microk8s.daemon-kubelite) runs microk8s-resources/wrappers/run-kubelite-with-args, which execs
 *   `$SNAP/kubelite` with the words of $SNAP_DATA/args/kubelite (bash expands the variables, so
 *   the command line holds the revision's paths, /var/snap/microk8s/<rev>/args/kubelet);
 * - kubelite runs the kubelet in-process (build-scripts/components/kubernetes/patches/v1.33.0/
 *   0000-Kubelite-integration.patch): --kubelet-args-file, default /var/snap/microk8s/current/args/kubelet,
 *   is read a line at a time, `#` lines skipped, every quote removed, words split at spaces and
 *   each passed through os.ExpandEnv; nothing is added to them;
 * - the default args/kubelet (microk8s-resources/default-args/kubelet) sets
 *   --root-dir=${SNAP_COMMON}/var/lib/kubelet and --container-runtime-endpoint=${SNAP_COMMON}/run/containerd.sock,
 *   no --config and no --cgroup-driver (so kubelet's cgroupfs);
 * - snap.microk8s.daemon-containerd.service runs run-containerd-with-args, which renders
 *   args/containerd-template.toml (version 2, no SystemdCgroup: cgroupfs) into args/containerd.toml
 *   and execs `$SNAP/bin/containerd --config ${SNAP_DATA}/args/containerd.toml ...` (args/containerd);
 * - on a v1 host whose cpu and memory cgroups differ, the kubelite wrapper itself adds
 *   --runtime-cgroups=/systemd/system.slice and --kubelet-cgroups=/systemd/system.slice to
 *   args/kubelet (microk8s issue 519, pull 520).
 */
export const microk8s: Distribution = {
  id: 'microk8s',
  name: 'MicroK8s',
  signals: [
    { process: { comm: ['kubelite'] }, why: 'kubelite runs (MicroK8s runs the kubelet inside it)' },
    { path: 'var/snap/microk8s/current/args/kubelet', why: "the MicroK8s snap's kubelet arguments file exists" },
  ],
  kubelet: {
    hosts: [
      {
        process: { comm: ['kubelite'] },
        embedded: true,
        flags: [{ from: 'args-file', flag: '--kubelet-args-file', default: '/var/snap/microk8s/current/args/kubelet', vars: SNAP_VARS }],
      },
    ],
    units: ['snap.microk8s.daemon-kubelite.service'],
    configs: [],
    configDirs: [],
    rootDir: 'var/snap/microk8s/common/var/lib/kubelet',
    // snapcraft.yaml sets the snap's version to the Kubernetes it builds (set-version "${KUBE_VERSION}").
    versionFiles: [{ path: 'snap/microk8s/current/meta/snap.yaml', line: /^version:/ }],
  },
  runtime: { ...UPSTREAM_RUNTIME, containerd: ['var/snap/microk8s/current/args/containerd.toml'] },
  sources: [
    'https://github.com/canonical/microk8s/blob/v1.33/microk8s-resources/wrappers/run-kubelite-with-args',
    'https://github.com/canonical/microk8s/blob/v1.33/microk8s-resources/wrappers/run-containerd-with-args',
    'https://github.com/canonical/microk8s/blob/v1.33/microk8s-resources/default-args/kubelite',
    'https://github.com/canonical/microk8s/blob/v1.33/microk8s-resources/default-args/kubelet',
    'https://github.com/canonical/microk8s/blob/v1.33/microk8s-resources/default-args/containerd',
    'https://github.com/canonical/microk8s/blob/v1.33/microk8s-resources/default-args/containerd-template.toml',
    'https://github.com/canonical/microk8s/blob/v1.33/build-scripts/components/kubernetes/patches/v1.33.0/0000-Kubelite-integration.patch',
    'https://github.com/canonical/microk8s/blob/v1.33/snap/snapcraft.yaml',
    'https://github.com/canonical/microk8s/pull/520',
  ],
};
