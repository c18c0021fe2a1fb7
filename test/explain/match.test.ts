import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { explainMessage } from '../../src/symptoms/match.js';
import { MESSAGES, WORDS_OF } from '../../src/symptoms/messages.js';
import { OUTSIDE } from '../../src/symptoms/outside.js';
import { compile, normalize } from '../../src/symptoms/template.js';

const explain = (line: string) => explainMessage(line, RULES);
const first = (line: string) => explain(line).matches[0]?.rule ?? null;

describe('slot values decide between rules that share a message', () => {
  it.each([
    // mkdir under memory/: the id space (ENOSPC) or dying cgroups' memory (ENOMEM); moby#29638, docker/for-linux#841.
    ['CG020', 'oci runtime error: mkdir /sys/fs/cgroup/memory/docker/e2a1250ad119: no space left on device'],
    ['CG021', 'applying cgroup configuration for process caused "mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod1/abc: cannot allocate memory"'],
    // ENOSPC joining a cgroup is an empty cpuset; containerd/cgroups#48.
    ['CG001', 'Error while adding process : 19374 to cgroups: write /sys/fs/cgroup/cpuset/test/cgroup.procs: no space left on device'],
    // The cgroup flag's form: a hierarchy name in front (seed 002), a session scope (kubernetes#57720), a namespace's /.. (rke#2859).
    ['CG006', 'Failed to get system container stats for "/systemd/system.slice": failed to get cgroup stats for "/systemd/system.slice"'],
    ['CG026', 'Failed to get system container stats for "/user.slice/user-0.slice/session-9.scope": failed to get cgroup stats for "/user.slice/user-0.slice/session-9.scope"'],
    ['CG028', '"Failed to get system container stats" err="failed to get cgroup stats for \\"/../../system.slice/docker.service\\": failed to get container info'],
    // Quotes inside the driver value (kubernetes#87918), and none.
    ['CG030', 'failed to create kubelet: misconfiguration: kubelet cgroup driver: "\'systemd\'" is different from docker cgroup driver: "systemd"'],
    ['CG009', 'failed to create kubelet: misconfiguration: kubelet cgroup driver: "systemd" is different from docker cgroup driver: "cgroupfs"'],
    // The systemd triplet as a directory (containerd#7276).
    ['CG011', '12:perf_event:/kubepods-burstable-podc040b3d9_9581_4fef_bd9b_70ab50617bf9.slice:cri-containerd:2bf329138aa583f68dbe9510989ffff0118c729b'],
    // EBUSY on subtree_control is the no-internal-processes rule (runc#2298); ENOENT is a controller not delegated.
    ['CG031', 'failed to write subtree controllers [cpuset cpu io memory pids] to "/sys/fs/cgroup/kubepods": device or resource busy'],
    ['CG015', 'failed to write subtree controllers [cpuset cpu io memory pids] to "/sys/fs/cgroup/kubepods": no such file or directory'],
  ])('%s: %s', (rule, line) => {
    const e = explain(line);
    expect(e.matches[0]?.rule).toBe(rule);
  });

  it.each([
    // Messages read from the programs' sources (src/symptoms/messages.ts cites each).
    ['CG018', 'systemd[1]: Legacy cgroup v1 configured. This will stop being supported soon.'],
    ['CG018', 'The support for cgroup v1 is deprecated since containerd v2.2 and will be removed by no later than May 2029. Upgrade the host to use cgroup v2.'],
    ['CG031', 'crun: enable controllers `+cpu +memory +pids`: Device or resource busy'],
    ['CG015', 'Unable to find cpuset controller'],
    ['CG009', 'invalid systemd cgroup path format: /kubepods/burstable/pod1/abc (expected slice:prefix:containerID)'],
    ['CG010', 'systemd not running on this host, cannot use systemd cgroups manager'],
    ['CG020', 'kubepods-burstable.slice: Failed to create cgroup /kubepods.slice/kubepods-burstable.slice: No space left on device'],
    ['CG029', 'failed to call BPF_PROG_ATTACH (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI): invalid argument'],
  ])('%s: %s', (rule, line) => {
    expect(first(line)).toBe(rule);
  });

  it('names the values that decided', () => {
    expect(explain('write /sys/fs/cgroup/cpuset/kubepods/cgroup.procs: no space left on device').matches[0]).toMatchObject({
      rule: 'CG001',
      tool: 'runc',
      decidedBy: { path: '/sys/fs/cgroup/cpuset/kubepods/cgroup.procs', errno: 'ENOSPC' },
    });
  });

  it("an issue title in the user's own words finds its rule by the rule's terms, more weakly than a message", () => {
    // Issue titles from the corpus (test/corpus/explain).
    expect(explain('CGroups Leak - Docker 1.12.6 and 17.03.2').matches[0]).toMatchObject({ rule: 'CG020', tool: 'words' });
    expect(explain('runc has problems due to leaked mount information').matches[0]).toMatchObject({ rule: 'CG023', tool: 'words' });
    expect(explain('CGroups Leak - Docker 1.12.6 and 17.03.2').matches[0]!.score).toBeLessThan(0.8);
  });

  it('a paraphrase finds the rule too: the errno text is one word, "writing" is "write"', () => {
    expect(first('writing cgroup.procs fails with No space left on device')).toBe('CG001');
  });

  it.each([
    ['mkdir in the memory cgroup fails: no space left on device', 'CG020'],
    ['creating a cgroup: mkdir fails with cannot allocate memory', 'CG021'],
    ['writing subtree_control gives device or resource busy', 'CG031'],
  ])('the errno of a paraphrase picks between rules sharing the operation: %s', (line, rule) => {
    expect(explain(line)).toMatchObject({ verdict: 'match', matches: [{ rule }] });
  });
});

describe('honest answers', () => {
  it('generic words carry no weight: a line made of them matches nothing', () => {
    for (const line of ['failed to start', 'not found', 'Failed to start ContainerManager', 'error: write failed', 'unknown']) {
      expect(explain(line), line).toMatchObject({ verdict: 'none', matches: [] });
    }
  });

  it('says which rules the text leaves open, ranked by how often each was the cause, never by id', () => {
    const e = explain("Failed to start ContainerManager failed to initialize top level QOS containers: root container [kubepods] doesn't exist");
    expect(e.verdict).toBe('ambiguous');
    expect(e.candidates.slice(0, 2)).toEqual(['CG012', 'CG015']);
    const k3s = explain('failed to find memory cgroup, you may need to add "cgroup_memory=1 cgroup_enable=memory" to your linux cmdline');
    expect(k3s.candidates).toEqual(['CG014', 'CG029', 'CG032']);
  });

  it('keeps a component too old for cgroup v2 open beside a missing controller when both print the same message', () => {
    // k3s before cgroup v2 support printed this on every v2 node (k3s-io/k3s#900); on a v1 node it
    // is the memory controller left out (CG014) or not built (CG029).
    const e = explain('failed to find memory cgroup, you may need to add "cgroup_memory=1 cgroup_enable=memory" to your linux cmdline');
    expect(e).toMatchObject({ verdict: 'ambiguous', candidates: ['CG014', 'CG029', 'CG032'] });
    expect(e.alsoOutside).toBeUndefined();
  });

  it('puts the outside problem first when most reports of the message were it, and keeps the rule as a weaker lead', () => {
    // runc's message for a systemd driver without systemd (CG010) was, in five of seven public
    // reports, a runc built without systemd support (rancher/runc-cve#14, podman#1534).
    const e = explain(
      'docker: Error response from daemon: OCI runtime create failed: systemd cgroup flag passed, but systemd support for managing cgroups is not available: unknown.',
    );
    expect(e).toMatchObject({ verdict: 'outside', outside: { id: 'runc-without-systemd' }, matches: [] });
    expect(e.weak.map((m) => m.rule)).toEqual(['CG010']);
  });

  it.each([
    ['mountpoint for cpu not found', ['CG032', 'CG014']],
    ["Error starting daemon: Devices cgroup isn't mounted", ['CG032', 'CG014', 'CG029']],
    ['docker: Error response from daemon: cgroups: cgroup mountpoint does not exist: unknown.', ['CG032', 'CG003']],
  ])('a v1-only program on a cgroup v2 node, which CG032 finds by its version: %s', (line, rules) => {
    const e = explain(line);
    expect(e.matches.map((m) => m.rule)).toEqual(rules);
    expect(e.outside).toBeUndefined();
  });

  it.each([
    // The error a checkpoint message wraps: a damaged file is not another policy's (kubernetes#86676).
    [
      'checkpoint-corrupt',
      '[cpumanager] could not initialize checkpoint manager: could not restore state from checkpoint: checkpoint is corrupted, please drain this node and delete the CPU manager checkpoint file "/var/lib/kubelet/cpu_manager_state" before restarting Kubelet',
    ],
    // systemd refusing a slice that exists: a runc regression (runc#2996, k8sp/sextant#569), not a missing QoS cgroup.
    [
      'runc-regression',
      'Failed to start ContainerManager failed to initialise top level QOS containers: failed to create top level Burstable QOS cgroup : Unit kubepods-burstable.slice already exists.',
    ],
    // check-config.sh on a kernel that folded the option into CONFIG_MEMCG (moby#49231).
    ['removed-kernel-option', '- CONFIG_MEMCG_SWAP: missing'],
    // A kubelet in a container names its system containers under the container's cgroup (k3s#31).
    [
      'kubelet-in-container',
      'Failed to get system container stats for "/docker/8f62bb7a8c33378725a935accb46039fd4d8dd3917f144f44a79aa052117f97c/kube-proxy": failed to get cgroup stats for "/docker/8f62bb7a8c33378725a935accb46039fd4d8dd3917f144f44a79aa052117f97c/kube-proxy"',
    ],
  ])("a value in a rule's message that points outside the catalogue: %s", (id, line) => {
    expect(explain(line)).toMatchObject({ verdict: 'outside', outside: { id } });
  });

  it('the same messages with the values of their rules stay with the rules', () => {
    expect(
      first(
        'could not restore state from checkpoint: configured policy "static" differs from state checkpoint policy "none", please drain this node and delete the CPU manager checkpoint file "/var/lib/kubelet/cpu_manager_state" before restarting Kubelet',
      ),
    ).toBe('CG024');
    expect(first('- CONFIG_MEMCG: missing')).toBe('CG029');
    expect(first('Failed to get system container stats for "/system.slice/docker.service": failed to get cgroup stats for "/system.slice/docker.service"')).toBe('CG005');
  });

  it('a paste cut off inside its errno reads as the whole errno', () => {
    const e = explain('mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod79fe803c-072f-11e9-90ca-525400090c71/b98d4aea: no space left on devic');
    expect(e.matches[0]).toMatchObject({ rule: 'CG020', decidedBy: { errno: 'ENOSPC' } });
    // Too little of it to tell: not an errno.
    expect(normalize('mkdir /sys/fs/cgroup/memory/x: no space')).toBe('mkdir /sys/fs/cgroup/memory/x: no space');
  });

  it('a missing memory or devices mount stays CG014, not the v2 story', () => {
    expect(explain('Your kernel does not support cgroup memory limit: mountpoint for memory not found').matches[0]!.rule).toBe('CG014');
  });

  it.each([
    ['oom-killed', 'May  8 14:05:27 doris-03 kernel: Memory cgroup out of memory: Kill process 24984 (palo_be) score 968 or sacrifice child'],
    [
      'cni',
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3c05350cf571": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory',
    ],
    ['inotify', 'Failed to watch directory "/sys/fs/cgroup/memory/kubepods": inotify_add_watch /sys/fs/cgroup/memory/kubepods/burstable: no space left on device'],
    ['disk-pressure', 'write /var/lib/docker/tmp/GetImageBlob872957069: no space left on device'],
    ['swap', 'failed to run Kubelet: running with swap on is not supported, please disable swap! or set --fail-swap-on flag to false'],
    // One word, as `kubectl get pods` shows it: not a mistyped rule id.
    ['oom-killed', 'OOMKilled'],
    ['crashloop', 'CrashLoopBackOff'],
  ])('outside the catalogue: %s', (id, line) => {
    const e = explain(line);
    expect(e.verdict).toBe('outside');
    expect(e.outside?.id).toBe(id);
    expect(e.matches).toEqual([]);
  });
});

describe('the message catalogue', () => {
  const ids = new Set(RULES.map((r) => r.id));

  it('every template compiles, names its source, and points only to rules that exist', () => {
    for (const t of MESSAGES) {
      expect(t.source, t.text).toMatch(/\S+ \S+|https?:\/\//);
      expect(t.causes.length, t.text).toBeGreaterThan(0);
      for (const c of t.causes) expect(c.rule ? ids.has(c.rule) : OUTSIDE.some((o) => o.id === c.outside), `${t.text} -> ${c.rule ?? c.outside}`).toBe(true);
      expect(() => compile(t)).not.toThrow();
    }
  });

  it('every template the catalogue holds is found by its own text, with its slots filled', () => {
    const fill = {
      path: '/sys/fs/cgroup/memory/kubepods/x',
      errno: 'no space left on device',
      controller: 'memory',
      driver: 'systemd',
      unit: 'kubelet.service',
      uid: '0b2f',
      id: '42',
      any: 'something',
    };
    for (const t of [...MESSAGES, ...OUTSIDE.flatMap((o) => o.templates.map((x) => ({ ...x, causes: [] })))]) {
      const line = t.text.replace(/\{(\w+)\}/g, (_, k: keyof typeof fill) => fill[k]);
      expect(compile(t).regex.test(normalize(line)), t.text).toBe(true);
    }
  });

  it('every rule has a message a program prints for it, or its own terms where none prints one', () => {
    const covered = new Set([...MESSAGES, ...WORDS_OF].flatMap((t) => t.causes.map((c) => c.rule)));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    // CG016's failure is silent: controllers vanish on daemon-reload, nothing logs it.
    const printed = new Set(MESSAGES.flatMap((t) => t.causes.map((c) => c.rule)));
    expect(RULES.map((r) => r.id).filter((id) => !printed.has(id))).toEqual(['CG016']);
  });

  it('outside problems have distinct ids, a title, advice, and cited templates or a program message that names them', () => {
    expect(new Set(OUTSIDE.map((o) => o.id)).size).toBe(OUTSIDE.length);
    const named = new Set(MESSAGES.flatMap((t) => t.causes.map((c) => c.outside)));
    for (const o of OUTSIDE) {
      expect(o.title.length * o.advice.length, o.id).toBeGreaterThan(0);
      expect(o.templates.length > 0 || named.has(o.id), o.id).toBe(true);
      for (const t of o.templates) expect(t.source, t.text).toMatch(/\S/);
    }
  });
});
