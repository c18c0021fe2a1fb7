// The three cgroup v2 migration fixtures (issue 17), built from node-tree.mjs and go-elf.mjs so
// their binaries carry Go build information in the layout the toolchain writes. The on-disk trees
// under fixtures/<name>/root are this script's output; test/fixtures.test.ts checks they still are.
//
//   node scripts/v2-fixtures.mjs          writes fixtures/<name>/root for each
//
// What each binary says is what its upstream build puts there (facts from the projects' build
// scripts, cited beside each): a version set with -ldflags -X, Go's version, the module lines.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goBinary, goElf } from './go-elf.mjs';
import { NodeTree, containerdConfig, containerdRuntime, dpkgStatus, jdk8Release, jvmWorkload, kernel, kubeadmKubelet, managerStates, sshd, systemdInit } from './node-tree.mjs';

const REMOTE = ['--container-runtime-endpoint=unix:///run/containerd/containerd.sock', '--pod-infra-container-image=registry.k8s.io/pause:3.9'];

/**
 * An upstream kubelet: module mode, main module k8s.io/kubernetes at (devel), the version set by
 * hack/lib/version.sh's ldflags (-X 'k8s.io/component-base/version.gitVersion=...'), paths
 * trimmed with -gcflags -trimpath (hack/lib/golang.sh), which keeps -ldflags in the build information.
 */
const kubelet = (version, go) =>
  goBinary(go, {
    path: 'k8s.io/kubernetes/cmd/kubelet',
    main: ['k8s.io/kubernetes', '(devel)', ''],
    deps: [['github.com/opencontainers/runc', 'v1.1.9', 'h1:XR0VIHTGce5eWPkaPesqTBrhW2yAcaraWfsEalNwQLM=']],
    settings: [
      ['-asmflags', 'all=-trimpath=/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes'],
      ['-compiler', 'gc'],
      ['-gcflags', 'all= -trimpath=/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes'],
      [
        '-ldflags',
        `all=-X 'k8s.io/kubernetes/pkg/version.gitVersion=${version}' -X 'k8s.io/component-base/version.gitVersion=${version}' -X 'k8s.io/component-base/version.gitTreeState=clean' -s -w -buildid=`,
      ],
      ['-tags', 'selinux,notest'],
      ['CGO_ENABLED', '0'],
      ['GOARCH', 'amd64'],
      ['GOOS', 'linux'],
    ],
  });

/** containerd's release build: its Makefile sets version.Version with -ldflags -X. */
const containerd = (version, go) =>
  goBinary(go, {
    path: 'github.com/containerd/containerd/cmd/containerd',
    main: ['github.com/containerd/containerd', '(devel)', ''],
    settings: [
      [
        '-ldflags',
        `-X github.com/containerd/containerd/version.Version=${version} -X github.com/containerd/containerd/version.Revision=1e1ea6e986c6c86565bc33d52e34b81b3e2bc71f -X github.com/containerd/containerd/version.Package=github.com/containerd/containerd -s -w`,
      ],
      ['-tags', 'urfave_cli_no_docs'],
      ['CGO_ENABLED', '1'],
    ],
  });

/** A distribution's runc built with -trimpath in GOPATH mode: its build information states no version (as Debian 12's). */
const trimpathRunc = (go) =>
  goBinary(go, {
    path: 'github.com/opencontainers/runc',
    settings: [
      ['-compiler', 'gc'],
      ['-tags', 'seccomp'],
      ['-trimpath', 'true'],
      ['CGO_ENABLED', '1'],
    ],
  });

/**
 * A Go 1.13 binary's section: the magic, pointer size 8, flags 0 (pointers to the strings, not the
 * strings: debug/buildinfo reads those from the data segment). Left unread on purpose.
 */
const go113 = () => {
  const s = Buffer.alloc(32);
  s.write('\xff Go buildinf:', 0, 'latin1');
  s[14] = 8;
  s.writeBigUInt64LE(0x1f5f9a0n, 16);
  s.writeBigUInt64LE(0x1f5f9b0n, 24);
  return goElf(s);
};

/**
 * A kubeadm node on Ubuntu with containerd and kubelet on one cgroup driver, and the binaries and
 * packages given: `binaries` maps a root path to its bytes, `packages` is dpkg's list.
 */
function ubuntuNode({ layout, release, os, driver, binaries = {}, packages = [] }) {
  const t = new NodeTree({ layout, driver, hostname: `worker-${layout}` });
  systemdInit(t);
  sshd(t);
  kernel(t, { release });
  managerStates(t);
  t.file('etc/os-release', `NAME="Ubuntu"\nVERSION_ID="${os.version}"\nPRETTY_NAME="Ubuntu ${os.pretty}"\nID=ubuntu\nID_LIKE=debian\n`);
  t.file('proc/cmdline', `BOOT_IMAGE=/vmlinuz-${release} root=UUID=3f1c9e6a-2b7d-4e0a-9c58-1d6f2e8a4b73 ro quiet splash\n`);
  containerdRuntime(t, { config: containerdConfig({ version: 2, systemdCgroup: driver === 'systemd' }) });
  kubeadmKubelet(t, { config: { cgroupDriver: driver }, kubeadmArgs: REMOTE });
  for (const [path, bytes] of Object.entries(binaries)) t.file(path, bytes);
  if (packages.length > 0) dpkgStatus(t, packages);
  return t;
}

export const V2_FIXTURES = {
  'v1-ready-for-v2': {
    description:
      'Ubuntu 20.04 (hybrid) with the HWE kernel 5.15, systemd 245, containerd v1.6.24 and kubelet v1.28.4 (versions from their Go build information), runc 1.1.7 from its package, both on the systemd driver: every component supports cgroup v2, so `--target v2` finds nothing in the way and the plan is the boot line and the check after.',
    build() {
      const t = ubuntuNode({
        layout: 'hybrid',
        release: '5.15.0-91-generic',
        os: { version: '20.04', pretty: '20.04.6 LTS' },
        driver: 'systemd',
        binaries: { 'usr/bin/containerd': containerd('v1.6.24', 'go1.20.8'), 'usr/bin/kubelet': kubelet('v1.28.4', 'go1.20.11'), 'usr/sbin/runc': trimpathRunc('go1.18.1') },
        packages: [
          ['systemd', '245.4-4ubuntu3.22'],
          ['runc', '1.1.7-0ubuntu1~20.04.2'],
        ],
      });
      return t.pods();
    },
  },
  'v1-blocked-old-runtime': {
    description:
      "Ubuntu 20.04 (hybrid) as released: containerd 1.3.3 and runc 1.0.0~rc10 from Ubuntu's packages (containerd's Go 1.13 binary has build information too old to read, runc's states no version), kubelet v1.23.17 (its Go build information), both on the cgroupfs driver. `--target v2` names the three blockers in upgrade order with each version's source, and the driver change to make with them.",
    build() {
      const t = ubuntuNode({
        layout: 'hybrid',
        release: '5.15.0-91-generic',
        os: { version: '20.04', pretty: '20.04 LTS' },
        driver: 'cgroupfs',
        binaries: { 'usr/bin/containerd': go113(), 'usr/bin/kubelet': kubelet('v1.23.17', 'go1.19.6'), 'usr/sbin/runc': trimpathRunc('go1.13.8') },
        packages: [
          ['systemd', '245.4-4ubuntu3'],
          ['containerd', '1.3.3-0ubuntu2'],
          ['runc', '1.0.0~rc10-0ubuntu1'],
        ],
      });
      return t.pods();
    },
  },
  'v2-old-jvm-workload': {
    description:
      "Ubuntu 22.04 on cgroup v2 with containerd v1.6.24 and kubelet v1.28.4: one pod runs a JDK 8u292 (its release file, read through proc/<pid>/root, says 1.8.0_292), which reads only v1 limits and sizes its heap from the node. The node's own JDK at the same path (/opt/java/openjdk) is 17 and is not the one that counts.",
    build() {
      const t = ubuntuNode({
        layout: 'v2',
        release: '5.15.0-91-generic',
        os: { version: '22.04', pretty: '22.04.3 LTS' },
        driver: 'systemd',
        binaries: { 'usr/bin/containerd': containerd('v1.6.24', 'go1.20.8'), 'usr/bin/kubelet': kubelet('v1.28.4', 'go1.20.11') },
      });
      // The node's own JDK where the image keeps its own (AdoptOpenJDK and Temurin images use /opt/java/openjdk).
      t.file('opt/java/openjdk/release', 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="17.0.9"\n');
      t.pods();
      return jvmWorkload(t, { home: '/opt/java/openjdk', release: jdk8Release(292) });
    },
  },
};

/** Writes a tree: text and bytes as files, `{ link }` as symbolic links. */
export function writeNode(dir, files) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [p, node] of files) {
    const full = path.join(dir, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof node === 'object' && !(node instanceof Uint8Array) && 'link' in node) fs.symlinkSync(node.link, full);
    else fs.writeFileSync(full, node);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
  for (const [name, f] of Object.entries(V2_FIXTURES)) {
    writeNode(path.join(fixtures, name, 'root'), f.build().render());
    console.log(`wrote fixtures/${name}/root`);
  }
}
