/**
 * Where a Kubernetes distribution keeps its kubelet and its runtime: data, one entry per
 * distribution (as kube-bench keeps node.kubelet.{bins, svc, confs, defaultconf}), read by the
 * collectors. Adding a distribution is an entry in index.ts and a fixture; no collector changes.
 * Paths are root-relative (`etc/rancher/k3s/config.yaml`); `*` matches within one path component.
 */

/** A running process, by its comm (at most 15 characters, as the kernel keeps it) and its executable. */
export interface ProcessMatch {
  comm: string[];
  /** The first word of its command line, when the comm alone is not enough (rke2's kubelet). */
  exe?: RegExp;
}

/** What tells this distribution apart; the first distribution with a matching signal wins. */
export type Signal = { process: ProcessMatch; why: string } | { path: string; why: string };

/**
 * Where the kubelet's flags come from, in the order they apply (a later flag wins, as pflag
 * does). The command line is the host process's, or its unit's ExecStart= when it is not running.
 */
export type FlagSource =
  /** The command line is the kubelet's own (a kubelet binary). */
  | { from: 'argv' }
  /** Kubelet flags passed through another program's flag: k3s `--kubelet-arg=cgroup-driver=systemd`. */
  | { from: 'argv-prefixed'; flag: string }
  /**
   * A file of flags, one a line, named by a flag of the command line: kubelite `--kubelet-args-file`.
   * `default` is the file read when the flag is absent (the program's own default for it).
   */
  | { from: 'args-file'; flag: string; default?: string; vars?: Record<string, string> }
  /** One flag of the command line whose value is a list of kubelet flags, split at whitespace: k0s `--kubelet-extra-args`. */
  | { from: 'argv-words'; flag: string }
  /**
   * A YAML list of `flag=value` under a key, in config files read in order: k3s and rke2
   * `kubelet-arg`. A later file's list replaces an earlier one's; under `key+` it is appended
   * (k3s pkg/configfilearg, which rke2 shares).
   */
  | { from: 'yaml-list'; files: string[]; key: string };

/** A process that is, or runs inside it, the kubelet. */
export interface KubeletHost {
  process: ProcessMatch;
  /** Embedded: the kubelet runs in-process (k3s, kubelite), so its flags are not the process's. */
  embedded: boolean;
  /**
   * It rewrites its own command line (k3s sets its title to `k3s server`, keeping secrets out of
   * ps): its flags are read from the unit it runs in, as if it were not running.
   */
  hidesArgs?: boolean;
  flags: FlagSource[];
}

/**
 * A program that starts the kubelet as its child and is what the units run (k0s): its unit's
 * command line hands the kubelet flags through `flags`, and the kubelet belongs to its unit.
 */
export interface KubeletSupervisor {
  process: ProcessMatch;
  flags: FlagSource[];
}

/** What an `implied` or `final` function may know of the node. */
export interface NodeView {
  /** systemd runs as init. */
  systemd: boolean;
  /** The cgroup v2 unified hierarchy is mounted. */
  v2: boolean;
  /**
   * The kubelet's host runs in a systemd service (or is not running and would be started by its
   * unit): systemd then sets $INVOCATION_ID for it, which k3s and rke2 look for.
   */
  service: boolean;
  /** The host process's cgroup path (the systemd hierarchy's on v1), when it runs. */
  cgroup?: string;
  /** A file of the node (root-relative), or undefined when it is absent or unreadable. */
  read(path: string): string | undefined;
}

export interface KubeletLayout {
  hosts: KubeletHost[];
  /** The program the units run when it is not the kubelet itself. */
  supervisor?: KubeletSupervisor;
  /** Units that start it, highest precedence first: read for flags when it is not running. */
  units: string[];
  /**
   * Flags the distribution passes itself, before any of the user's: what no file on the node
   * shows (k3s decides the cgroup driver). A pure function of what the node is. Not applied when
   * the flags are a running kubelet binary's own command line, which holds all it was given.
   */
  implied?: (node: NodeView) => string[];
  /**
   * Flags the distribution passes itself after the user's, so no source overrides them: k3s and
   * rke2 1.32+ take --config-dir out of the user's kubelet args and copy it into their own.
   */
  final?: (node: NodeView) => string[];
  /**
   * Files where the distribution records the kubelet's version (a saved `kubelet --version`, a
   * snap's metadata), tried in order after the process tells nothing; `line` picks the line
   * that holds it.
   */
  versionFiles?: Array<{ path: string; line: RegExp }>;
  /**
   * Config files tried, in order, when no flags are known, or when a supervisor's flags name
   * none (it passes --config itself).
   */
  configs: string[];
  /** Drop-in directories (--config-dir) tried when no flag names one. */
  configDirs: string[];
  /** Its --root-dir when no flag says. */
  rootDir: string;
}

export interface RuntimeLayout {
  /** containerd config files tried, in order, when no running containerd names its own with --config. */
  containerd: string[];
  /**
   * Its containerd may show only its name as its command line (k3s's sets its title): a running
   * one that names no --config reads `containerd` above, not containerd's compiled-in default.
   */
  containerdHidesArgs?: boolean;
  /** CRI-O's main config and drop-in directory. */
  crio: { config: string; dropins: string };
  docker: { config: string };
}

export interface Distribution {
  id: string;
  name: string;
  signals: Signal[];
  kubelet: KubeletLayout;
  runtime: RuntimeLayout;
  /** Where its layout is documented: what each path and flag here was taken from. */
  sources: string[];
}
