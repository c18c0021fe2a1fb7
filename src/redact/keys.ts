/**
 * Which key, variable or flag names hold a credential: the one table. Names are compared folded
 * (lower case, without `-`, `_`, `.` or spaces), so `REGISTRY_PASSWORD`, `registry-password`,
 * `identity_token`, `identitytoken` and `client-key-data` each match one entry.
 */
const CREDENTIAL = {
  /** A name that is one of these is a credential. `auth` only exactly: docker's and containerd's base64 user:password. */
  exact: ['auth', 'pass', 'pwd', 'bearer', 'authorization', 'proxyauthorization'],
  /** A name ending in one of these is a credential (`kubelet_token`, `aws_secret_access_key`). */
  suffix: [
    'password',
    'passwd',
    'passphrase',
    'token',
    'secret',
    'credential',
    'credentials',
    'apikey',
    'accesskey',
    'secretkey',
    'privatekey',
    'clientkey',
    'signingkey',
    'encryptionkey',
    'keydata',
    'tokendata',
    'basicauth',
    'registryauth',
    'authtoken',
  ],
  /**
   * Names that mention a credential but hold something else: where it is (a file, a path, a
   * directory), how it is checked (a mode, a webhook, a TTL), or whether (`enabled`).
   */
  notSuffix: [
    'file',
    'files',
    'path',
    'paths',
    'dir',
    'directory',
    'mode',
    'modes',
    'webhook',
    'ttl',
    'enabled',
    'name',
    'ref',
    'audience',
    'audiences',
    'type',
    'provider',
    'url',
    'endpoint',
    'stdin',
  ],
} as const;

const fold = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, '');

/** True when a config key or environment variable named `name` holds a credential. */
export function isCredentialKey(name: string): boolean {
  const k = fold(name);
  if (k === '' || CREDENTIAL.notSuffix.some((s) => k.endsWith(s))) return false;
  // A plural names a list of them (`tokens:` followed by a block list).
  const one = k.endsWith('s') && !k.endsWith('ss') && !(CREDENTIAL.suffix as readonly string[]).includes(k) ? k.slice(0, -1) : k;
  return [k, one].some((n) => (CREDENTIAL.exact as readonly string[]).includes(n) || CREDENTIAL.suffix.some((s) => n.endsWith(s)));
}

/** True when a command-line flag (`--bootstrap-token`, `-p`) takes a credential as its value. */
export function isSecretFlag(flag: string): boolean {
  const m = /^--?([A-Za-z0-9][A-Za-z0-9_.-]*)$/.exec(flag);
  return m !== null && isCredentialKey(m[1]!);
}

/**
 * Values that say nothing secret: booleans, empty, a placeholder, a variable to expand, or an
 * absolute path (`--kubelet-client-key=/etc/kubernetes/pki/client.key` names where the key is).
 */
export function isPlaceholder(value: string): boolean {
  return (
    /^\s*$|^(true|false|yes|no|on|off|none|null|<redacted>)$/i.test(value) ||
    /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(value) ||
    /^\/[A-Za-z0-9_.@-]+(\/[A-Za-z0-9_.@-]+)+\/?$/.test(value)
  );
}

export const REDACTED = '<redacted>';
