import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG023-mountinfo-bloat.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { mountpointShape } from '../../src/collect/parse/mountinfo.js';

const mountinfo = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${100 + i} 27 0:${60 + i} / /run/containerd/io.containerd.grpc.v1.cri/sandboxes/${i.toString(16).padStart(64, 'a')}/shm rw - tmpfs shm rw`,
  ).join('\n');

describe('CG023 mountinfo-bloat', () => {
  it('blanks ids so one leak counts as one mountpoint', () => {
    expect(mountpointShape(`/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${'a'.repeat(64)}/shm`)).toBe('/run/containerd/io.containerd.grpc.v1.cri/sandboxes/<id>/shm');
    expect(mountpointShape('/var/lib/kubelet/pods/7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c/volumes')).toBe('/var/lib/kubelet/pods/<uid>/volumes');
    expect(mountpointShape('/run/user/1000')).toBe('/run/user/N');
  });

  it('warns from the threshold, is an error from the second, and names the leak', () => {
    const run = (n: number, options = {}) => evaluate([rule], new FactStore(new MemHost({ 'proc/self/mountinfo': mountinfo(n) })), { options: { CG023: options } }).findings;
    expect(run(99, { warnAt: 100, errorAt: 200 })).toEqual([]);
    const w = run(100, { warnAt: 100, errorAt: 200 });
    expect(w.map((f) => f.severity)).toEqual(['warning']);
    expect(w[0]!.message).toBe(
      'proc/self/mountinfo has 100 mounts; most repeated sources: tmpfs shm ×100; mountpoints: /run/containerd/io.containerd.grpc.v1.cri/sandboxes/<id>/shm ×100',
    );
    expect(run(200, { warnAt: 100, errorAt: 200 }).map((f) => f.severity)).toEqual(['error']);
  });
});
