import type { Source } from './diagnostic.js';
import type { Sourced } from './systemd-unit.js';

/**
 * Kubelet boolean flags that cgdoctor may meet. pflag lets a non-boolean flag take its value from
 * the next argument (`--hairpin-mode hairpin-veth`), so this list is what stops a bare boolean
 * from swallowing the flag after it.
 */
const BOOL_FLAGS = new Set([
  'add-dir-header',
  'allow-privileged',
  'alsologtostderr',
  'anonymous-auth',
  'authentication-token-webhook',
  'cgroups-per-qos',
  'containerized',
  'cpu-cfs-quota',
  'docker-only',
  'enable-controller-attach-detach',
  'enable-debugging-handlers',
  'enable-load-reader',
  'enable-server',
  'exit-on-lock-contention',
  'experimental-check-node-capabilities-before-mount',
  'fail-cgroupv1',
  'fail-swap-on',
  'help',
  'kernel-memcg-notification',
  'keep-terminated-pod-volumes',
  'local-storage-capacity-isolation',
  'logtostderr',
  'make-iptables-util-chains',
  'one-output',
  'protect-kernel-defaults',
  'register-node',
  'register-schedulable',
  'require-kubeconfig',
  'rotate-certificates',
  'rotate-server-certificates',
  'seccomp-default',
  'serialize-image-pulls',
  'skip-headers',
  'skip-log-headers',
  'version',
]);

export interface Flag {
  name: string;
  /** The value as kubelet receives it, inner quotes and all. */
  value: string;
  /** The argument(s) as written, for evidence. */
  text: string;
  source: Source;
}

/** Parses kubelet's argv (without argv[0]) the way pflag does. Later occurrences win. */
export function parseFlags(args: Sourced[]): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value;
    const m = /^--?([A-Za-z0-9][A-Za-z0-9_.-]*)(?:=([\s\S]*))?$/.exec(a);
    if (!m) continue; // positional arguments: kubelet takes none
    const name = m[1]!;
    let value = m[2];
    let text = a;
    if (value === undefined) {
      const next = args[i + 1]?.value;
      if (!BOOL_FLAGS.has(name) && next !== undefined && !next.startsWith('-')) {
        value = next;
        text = `${a} ${next}`;
        i++;
      } else {
        value = 'true';
      }
    }
    flags.set(name, { name, value, text, source: args[i]!.source });
  }
  return flags;
}

export function parseBool(v: string): boolean | undefined {
  const t = v.toLowerCase();
  if (['true', '1', 't'].includes(t)) return true;
  if (['false', '0', 'f'].includes(t)) return false;
  return undefined;
}
