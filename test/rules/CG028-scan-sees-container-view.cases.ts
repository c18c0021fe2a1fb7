import type { RuleCase } from './cases.js';
import { CID_A, NodeTree, everywhereBut, systemdNode } from './nodes.js';

/** capture.json of a capture taken of the live root, so the scan judges the view it was taken from. */
const LIVE_CAPTURE = '{\n  "root": "/"\n}\n';
const SUBTREE = `/docker/${CID_A}`;

/** A capture of / taken inside a docker container on a v1 node: little but cgroup mounts of its own subtree. */
function insideDocker(): NodeTree {
  const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
  t.process(1, 'cgdoctor', ['node', '/usr/local/bin/cgdoctor', 'capture'], { at: everywhereBut(t, [], SUBTREE) });
  t.file('.dockerenv', '').file('capture.json', LIVE_CAPTURE);
  t.mountRoot = SUBTREE;
  return t;
}

export const fires: RuleCase[] = [
  {
    name: 'a capture of / taken inside a docker container on a v1 node: the cgroup mounts show /docker/<id> subtrees and /.dockerenv exists',
    node: insideDocker(),
    layout: 'v1',
    findings: [
      {
        rule: 'CG028',
        severity: 'warning',
        subject: '/',
        evidence: [
          { path: 'proc/1/mountinfo', match: `name=systemd root ${SUBTREE}` },
          { path: 'proc/1/mountinfo', match: `cpu,cpuacct root ${SUBTREE}` },
          { path: 'proc/1/mountinfo', match: `cpuset root ${SUBTREE}` },
        ],
      },
    ],
    // A container holds no kubelet, runtime, units or kernel config: every rule about them is skipped.
    skipped: ['CG002', 'CG004', 'CG005', 'CG006', 'CG007', 'CG008', 'CG009', 'CG010', 'CG012', 'CG016', 'CG022', 'CG024', 'CG025', 'CG026', 'CG029', 'CG030'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: "a capture of / taken on the node itself (capture.json root /): the node's own view",
    node: systemdNode().file('capture.json', LIVE_CAPTURE),
    layout: 'v1',
    findings: [],
  },
];
