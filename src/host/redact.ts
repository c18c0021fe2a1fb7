/**
 * What a capture must never carry: keys, certificates, tokens, kubeconfigs and bootstrap files
 * are left out by name; values that look like credentials are redacted in what is kept.
 */
const SECRET_NAME = /(\.key|\.pem|\.crt|\.cer|\.p12|\.pfx|\.jks|kubeconfig|^kubelet\.conf|^admin\.conf|^bootstrap-kubelet\.conf|^super-admin\.conf|^controller-manager\.conf|^scheduler\.conf|token|secret|^id_(rsa|dsa|ecdsa|ed25519)|^credentials|^auth\.json|^\.?dockercfg|^config\.json)$/i;
const SECRET_DIR = /(^|\/)(pki|\.kube|\.docker|\.ssh|secrets?)(\/|$)/i;

/** Why a path is left out of a capture, or undefined when it may be captured. */
export function secretPath(path: string): string | undefined {
  const name = path.split('/').pop() ?? '';
  if (path.startsWith('proc/') || path.startsWith('sys/')) return undefined;
  if (SECRET_DIR.test(path)) return 'in a directory of keys or credentials';
  if (SECRET_NAME.test(name)) return 'a key, certificate, token or kubeconfig file';
  return undefined;
}

const SECRET_WORD = '(?:token|secret|password|passwd|pass|credentials?|api[-_]?key|access[-_]?key|private[-_]?key|auth|identitytoken)';
/** Flag names that carry a credential, but not those that name a file or toggle a feature. */
const SECRET_FLAG = new RegExp(`^--?(?:[a-z0-9-]*-)?${SECRET_WORD}(?:-[a-z0-9-]*)?$`, 'i');
const NOT_A_SECRET = /-(file|dir|path|webhook|ttl|cache-ttl|mode|authorization-mode)$|^--?(authorization-mode|authentication-token-webhook|anonymous-auth)$/i;

export const REDACTED = '<redacted>';

function secretFlag(name: string): boolean {
  return SECRET_FLAG.test(name) && !NOT_A_SECRET.test(name);
}

/** Redacts `--token=x` and `--token x` in an argument list. */
export function redactArgs(args: string[]): string[] {
  const out = [...args];
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!;
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0 && secretFlag(a.slice(0, eq))) out[i] = `${a.slice(0, eq)}=${REDACTED}`;
    else if (a.startsWith('-') && eq < 0 && secretFlag(a) && i + 1 < out.length && out[i + 1] !== '' && !out[i + 1]!.startsWith('-')) out[++i] = REDACTED;
  }
  return out;
}

// Keys start with a letter or a quote: `--anonymous-auth=false` is a flag, handled apart.
const ASSIGN = new RegExp(`^(\\s*(?:export\\s+|Environment=["']?)?(?=[A-Za-z_])[A-Za-z0-9_.-]*${SECRET_WORD}[A-Za-z0-9_.-]*\\s*[=:]\\s*)(["']?)[^"'\\s#]+\\2`, 'i');
const TOML_OR_YAML = new RegExp(`^(\\s*(?=["A-Za-z_])"?[A-Za-z0-9_.-]*${SECRET_WORD}[A-Za-z0-9_.-]*"?\\s*[=:]\\s*)(["']?)([^"'\\s#][^"'#]*?)\\2(\\s*(?:#.*)?)$`, 'i');
const NOT_A_VALUE = /^(true|false|yes|no|on|off|none|<redacted>)$/i;

/** Redacts credential-looking values in a text file: assignments, config keys and inline flags. */
export function redactText(text: string): { text: string; count: number } {
  let count = 0;
  const lines = text.split('\n').map((line) => {
    let l = line;
    const m = TOML_OR_YAML.exec(l) ?? ASSIGN.exec(l);
    const value = m ? l.slice(m[1]!.length).replace(/^["']|["'\s]+$/g, '') : '';
    if (m && !NOT_A_VALUE.test(value) && !/^\s*(#|;)/.test(l) && !/(-file|_file|File|Path|_path|-path|-dir|_dir)\s*[=:]/.test(m[1]!) && !/(mode|Mode|webhook)/.test(m[1]!)) {
      l = TOML_OR_YAML.test(l) ? l.replace(TOML_OR_YAML, `$1$2${REDACTED}$2$4`) : l.replace(ASSIGN, `$1$2${REDACTED}$2`);
      count++;
    }
    // Inline flags anywhere on the line (ExecStart=, KUBELET_EXTRA_ARGS="...").
    l = l.replace(/(^|[\s"'=])(--[a-z0-9][a-z0-9-]*)(=|\s+)([^\s"'\\]+)/gi, (all, lead: string, flag: string, sep: string, value: string) => {
      if (!secretFlag(flag) || NOT_A_VALUE.test(value) || value.startsWith('-') || value.startsWith('$')) return all;
      count++;
      return `${lead}${flag}${sep}${REDACTED}`;
    });
    return l;
  });
  return { text: lines.join('\n'), count };
}
