import { jdk8Release, jvmWorkload } from '../../scripts/node-tree.mjs';
import type { RuleCase } from './cases.js';
import { POD_A, systemdNode, v2Node } from './nodes.js';

const JDK8 = '/usr/lib/jvm/java-8-openjdk-amd64/jre';
const JDK17 = '/opt/java/openjdk';

export const fires: RuleCase[] = [
  {
    name: 'a v2 node running a JDK 8u292 in a pod (release file read through proc/<pid>/root): sizes its heap from the node',
    node: jvmWorkload(v2Node(), { home: JDK8, release: jdk8Release(292) }),
    layout: 'v2',
    findings: [
      {
        rule: 'CG033',
        severity: 'error',
        subject: 'payments/billing-api-7d9f8b6c5-x2k4q/api',
        evidence: [
          { path: `proc/4100/root${JDK8}/release`, match: 'JAVA_VERSION="1.8.0_292"' },
          { path: 'proc/4100/exe', match: `-> ${JDK8}/bin/java` },
          { path: 'proc/4100/cgroup', match: POD_A.replaceAll('-', '_') },
        ],
      },
    ],
  },
  {
    name: 'a v1 node running a JDK 11.0.2: what breaks after the move (a warning)',
    node: jvmWorkload(systemdNode(), { home: JDK17, release: 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="11.0.2"\n' }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG033',
        severity: 'warning',
        subject: 'payments/billing-api-7d9f8b6c5-x2k4q/api',
        evidence: [{ path: `proc/4100/root${JDK17}/release`, match: 'JAVA_VERSION="11.0.2"' }, { path: 'proc/4100/exe' }, { path: 'proc/4100/cgroup' }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'a v2 node running JDK 8u372, the first 8 update that reads cgroup v2',
    node: jvmWorkload(v2Node(), { home: JDK8, release: jdk8Release(372) }),
    layout: 'v2',
    findings: [],
  },
  {
    name: "a v2 node running Debian's OpenJDK 17 (aware in every release), while the node's own JDK at the same path is 8",
    node: jvmWorkload(v2Node(), { home: JDK17, release: 'IMPLEMENTOR="Debian"\nJAVA_VERSION="17.0.15"\n' }).file(`${JDK17.slice(1)}/release`, jdk8Release(292)),
    layout: 'v2',
    findings: [],
  },
];
