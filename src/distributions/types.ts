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
  /** A YAML list of `flag=value` under a key, in config files read in order: k3s and rke2 `kubelet-arg`. */
  | { from: 'yaml-list'; files: string[]; key: string };

/** A process that is, or runs inside it, the kubelet. */
export interface KubeletHost {
  process: ProcessMatch;
  /** Embedded: the kubelet runs in-process (k3s, kubelite), so its flags are not the process's. */
  embedded: boolean;
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

export interface KubeletLayout {
  hosts: KubeletHost[];
  /** The program the units run when it is not the kubelet itself. */
  supervisor?: KubeletSupervisor;
  /** Units that start it, highest precedence first: read for flags when it is not running. */
  units: string[];
  /**
   * Flags the distribution passes itself, before any of the user's: what no file on the node
   * shows (k3s decides the cgroup driver). A pure function of what the node is.
   */
  implied?: (node: { systemd: boolean; v2: boolean }) => string[];
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
