#!/usr/bin/env node
// Writes a deterministic kubelet journal of about SIZE megabytes (default 1024) to FILE, mostly
// ordinary lines with a symptom line now and then, for measuring `scan --logs` on big logs.
//   node bench/gen-log.mjs FILE [SIZE_MB]
import * as fs from 'node:fs';

const [file, sizeArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/gen-log.mjs FILE [SIZE_MB]');
  process.exit(2);
}
const target = Number(sizeArg ?? 1024) * 1024 * 1024;
const normal = [
  'I1125 02:46:15.123456    1203 kubelet.go:2090] "SyncLoop (PLEG): event for pod" pod="default/web-7c9d8f6b5-x2k9p" event={"ID":"7c3b5a8e","Type":"ContainerStarted"}',
  'I1125 02:46:15.223456    1203 prober.go:107] "Probe succeeded" probeType="Readiness" pod="kube-system/coredns-5d78c9869d-abcde" containerName="coredns"',
  'I1125 02:46:16.323456    1203 kuberuntime_manager.go:1029] "computePodActions got for pod" podActions={"KillPod":false}',
  'W1125 02:46:17.423456    1203 reflector.go:535] k8s.io/client-go/informers/factory.go:150: watch of *v1.Node ended with: an error on the server',
];
const symptom =
  'W1125 02:46:18.523456    1203 container.go:586] Failed to update stats for container "/system.slice/kubelet.service": /sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus found to be empty, continuing to push stats';
const fd = fs.openSync(file, 'w');
let written = 0;
let i = 0;
while (written < target) {
  const lines = [];
  for (let j = 0; j < 10000; j++, i++) {
    const msg = i % 997 === 0 ? symptom : normal[i % normal.length];
    lines.push(`Nov 25 02:${String(46 + (((i / 600000) | 0) % 13)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} node-1 kubelet[1203]: ${msg}`);
  }
  const chunk = `${lines.join('\n')}\n`;
  fs.writeSync(fd, chunk);
  written += Buffer.byteLength(chunk);
}
fs.closeSync(fd);
console.log(`wrote ${(written / 1048576).toFixed(0)} MiB, ${i} lines, to ${file}`);
