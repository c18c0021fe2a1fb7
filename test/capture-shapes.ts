import { containerd, kubelet, v1Node, type Tree } from './rules/trees.js';

/**
 * Real config shapes that carry credentials, each inside a small node whose scan reads the file.
 * Every secret is a unique canary, so a test can look for it in the archive's bytes; `redacted`
 * states, per file, the exact values the capture must hold instead (key path -> value), so a test
 * can check that nothing else changed. Where each shape comes from is cited beside it.
 */
export type Format = 'json' | 'yaml' | 'toml' | 'env' | 'unit' | 'cmdline' | 'text';
export type KeyPath = Array<string | number>;

interface ShapeFile {
  format: Format;
  redacted: Array<[KeyPath, unknown]>;
}

export interface Shape {
  name: string;
  tree: Tree;
  files: Record<string, ShapeFile>;
  canaries: string[];
  /** A file the direct scan cites as evidence: the round trip must cite the same line. */
  cites?: string;
}

/** A shape the capture must leave out whole, by what it holds. */
export interface LeftOut {
  name: string;
  path: string;
  text: string;
  canaries: string[];
  reason: RegExp;
}

const SOCK = '--container-runtime-endpoint=unix:///run/containerd/containerd.sock';
const runc = (version: 2 | 3, quote = '"') =>
  `[plugins.${quote}${version === 3 ? 'io.containerd.cri.v1.runtime' : 'io.containerd.grpc.v1.cri'}${quote}.containerd.runtimes.runc.options]\n  SystemdCgroup = false\n`;
/** kubelet asks for systemd, containerd's runc runs cgroupfs: CG009 cites both files. */
const mismatch = (kubeletArgs: string[], containerdConfig = `version = 2\n${runc(2)}`, extra: Tree = {}): Tree =>
  v1Node({ ...kubelet(kubeletArgs), ...containerd(), 'etc/containerd/config.toml': containerdConfig, ...extra });
const dockerd = (args: string[]): Tree => ({
  'proc/300/comm': 'dockerd\n',
  'proc/300/cmdline': `${['/usr/bin/dockerd', ...args].join('\0')}\0`,
  'proc/300/cgroup': '6:name=systemd:/system.slice/docker.service\n3:memory:/system.slice/docker.service\n',
});
/** The scan reads a kubelet --config file through js-yaml whatever it holds: a way to have any YAML read. */
const readAsKubeletConfig = (path: string, text: string): Tree => mismatch(['--cgroup-driver=systemd', `--config=/${path}`, SOCK], undefined, { [path]: text });

// EKS AL2: awslabs/amazon-eks-ami templates/al2/runtime/kubelet-config.json (JSON, with the
// `authentication` and `authorization` blocks that a line pattern broke), cgroupDriver moved below
// them so its line number matters. staticPodURLHeader is KubeletConfiguration's own
// `map[string][]string` of HTTP headers.
const EKS = `{
  "kind": "KubeletConfiguration",
  "apiVersion": "kubelet.config.k8s.io/v1beta1",
  "address": "0.0.0.0",
  "authentication": {
    "anonymous": {
      "enabled": false
    },
    "webhook": {
      "cacheTTL": "2m0s",
      "enabled": true
    },
    "x509": {
      "clientCAFile": "/etc/kubernetes/pki/ca.crt"
    }
  },
  "authorization": {
    "mode": "Webhook",
    "webhook": {
      "cacheAuthorizedTTL": "5m0s",
      "cacheUnauthorizedTTL": "30s"
    }
  },
  "clusterDomain": "cluster.local",
  "hairpinMode": "hairpin-veth",
  "readOnlyPort": 0,
  "cgroupDriver": "systemd",
  "cgroupRoot": "/",
  "staticPodURLHeader": {
    "Authorization": ["Bearer CANARY-eks-bearer-2f8a"]
  },
  "featureGates": {
    "RotateKubeletServerCertificate": true
  },
  "serverTLSBootstrap": true
}
`;

// AKS: Azure/AgentBaker writes the KubeletConfiguration as JSON to /etc/default/kubeletconfig.json
// and passes it with a drop-in, `Environment=KUBELET_CONFIG_FILE_FLAGS="--config
// /etc/default/kubeletconfig.json"` (10-componentconfig.conf); the other flags come from the
// EnvironmentFile /etc/default/kubelet (KUBELET_FLAGS=...).
const AKS_JSON = `{
    "kind": "KubeletConfiguration",
    "apiVersion": "kubelet.config.k8s.io/v1beta1",
    "staticPodPath": "/etc/kubernetes/manifests",
    "address": "0.0.0.0",
    "tlsCertFile": "/etc/kubernetes/certs/kubeletserver.crt",
    "tlsPrivateKeyFile": "/etc/kubernetes/certs/kubeletserver.key",
    "authentication": {
        "x509": {
            "clientCAFile": "/etc/kubernetes/certs/ca.crt"
        },
        "webhook": {
            "enabled": true
        },
        "anonymous": {}
    },
    "authorization": {
        "mode": "Webhook",
        "webhook": {}
    },
    "cgroupsPerQOS": true,
    "cgroupDriver": "systemd"
}
`;
const AKS_UNIT = `[Unit]
Description=Kubelet
[Service]
EnvironmentFile=/etc/default/kubelet
ExecStart=/usr/local/bin/kubelet $KUBELET_CONFIG_FILE_FLAGS $KUBELET_FLAGS \\
  --registry-password=CANARY-unit-continued-8a4c \\
  --v=2
`;
const AKS_DROPIN = `[Service]
Environment="KUBELET_CONFIG_FILE_FLAGS=--config /etc/default/kubeletconfig.json"
Environment="KUBELET_EXTRA=--node-labels=pool=a --api-key=CANARY-unit-quoted-2d9e" API_TOKEN=CANARY-unit-env-6f3a
`;
// An EnvironmentFile (systemd.exec(5): KEY=value lines, quotes stripped), with a kubeadm
// bootstrap token inline in a flag, a quoted token, an `export` (which systemd ignores), and proxy userinfo.
const AKS_ENV = `KUBELET_NODE_LABELS=kubernetes.azure.com/role=agent
KUBELET_FLAGS=${SOCK} --bootstrap-token=q7x2m9.4k8p1z6w3r5t0y2u --max-pods=30
KUBELET_REGISTER_TOKEN="CANARY-env-token-3b8d"
export REGISTRY_PASSWORD='CANARY-env-password-7e2a'
HTTPS_PROXY=http://proxy-user:CANARY-env-proxy-5c1f@proxy.example.com:3128
`;

// OpenShift: machine-config-operator writes the KubeletConfiguration to /etc/kubernetes/kubelet.conf
// and starts kubelet with --config=/etc/kubernetes/kubelet.conf (its kubelet.service template), the
// name kubeadm uses for a kubeconfig: only the content tells them apart.
const OPENSHIFT_YAML = `kind: KubeletConfiguration
apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  x509:
    clientCAFile: /etc/kubernetes/kubelet-ca.crt
  anonymous:
    enabled: false
authorization:
  mode: Webhook
clusterDomain: cluster.local
cgroupDriver: systemd
cgroupRoot: /
staticPodURLHeader:
  Authorization:
    - Bearer CANARY-ocp-bearer-7c3e
rotateCertificates: true
`;
const OPENSHIFT_JSON = `{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1",
"authentication":{"x509":{"clientCAFile":"/etc/kubernetes/kubelet-ca.crt"},"anonymous":{"enabled":false}},
"authorization":{"mode":"Webhook"},
"cgroupDriver":"systemd","staticPodURLHeader":{"Authorization":["Bearer CANARY-ocpjson-bearer-1e4f"]}}
`;

// containerd config v2: the CRI registry credentials of docs/cri/registry.md ("Configure Registry
// Credentials", [plugins."io.containerd.grpc.v1.cri".registry.configs."host".auth]) with the
// AuthConfig fields of containerd's CRI config (toml tags username, password, auth,
// identitytoken), and a mirror endpoint with userinfo.
const CONTAINERD_V2 = `version = 2
root = "/var/lib/containerd"

[plugins."io.containerd.grpc.v1.cri".registry.configs."registry.example.com".auth]
  username = "robot"
  password = "CANARY-v2-password-1b7e"
  auth = "Q0FOQVJZLXYyLWF1dGgtOGMxZA=="
  identitytoken = "CANARY-v2-identitytoken-4f2a"
[plugins."io.containerd.grpc.v1.cri".registry.configs."registry.example.com".tls]
  cert_file = "/etc/containerd/certs/client.crt"
  key_file = "/etc/containerd/certs/client.key"
[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
  endpoint = [
    "https://mirror-user:CANARY-v2-mirror-6a0c@mirror.example.com",
    "https://registry-1.docker.io",
  ]
${runc(2)}`;

// containerd config v3 (containerd 2.x, docs/cri/config.md): images settings moved to the
// io.containerd.cri.v1.images plugin, runtimes to io.containerd.cri.v1.runtime; containerd's own
// generated v3 config uses single-quoted (literal) TOML strings. An inline table too.
const CONTAINERD_V3 = `version = 3

[plugins.'io.containerd.cri.v1.images'.registry.configs]
  'quay.example.com' = { auth = { username = 'bot', password = 'CANARY-v3-inline-5e6f' } }
[plugins.'io.containerd.cri.v1.images'.registry.configs.'registry.example.com'.auth]
  username = 'robot'
  password = 'CANARY-v3-password-2c8f'
  identitytoken = 'CANARY-v3-identitytoken-9d1b'
  auth = """
Q0FOQVJZLXYzLW11bHRpbGluZS03YTNl"""
${runc(3, "'")}`;

// containerd hosts.toml: docs/hosts.md, "header fields": each header a string or an array of
// strings under [host."https://...".header]; `header.Authorization = "Basic <base64
// user:password>"` is how moby/moby#18818 authenticates to a mirror. The scan reads no certs.d
// today: containerd's `imports` is how it reads this one here.
const HOSTS_TOML = `server = "https://registry-1.docker.io"

[host."https://mirror.example.com"]
  capabilities = ["pull", "resolve"]
  ca = "/etc/containerd/certs.d/docker.io/ca.crt"
  [host."https://mirror.example.com".header]
    Authorization = ["Bearer CANARY-hosts-bearer-3e9d"]
[host."https://other.example.com"]
  capabilities = ["pull"]
  [host."https://other.example.com".header]
    authorization = "Basic Q0FOQVJZLWhvc3RzLWJhc2ljLTdhMmI="
    x-custom = "kept"
`;

// docker daemon.json: registry-mirrors (dockerd(8) --registry-mirror; userinfo in the mirror URL
// is moby/moby#17468 and distribution/distribution#1486), plus what some users put there: auths
// and a password.
const DAEMON_JSON = `{
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "registry-mirrors": ["https://mirror-user:CANARY-daemon-mirror-8b3c@mirror.example.com"],
  "insecure-registries": ["registry.internal:5000"],
  "auths": {
    "registry.internal:5000": { "auth": "Q0FOQVJZLWRhZW1vbi1hdXRoLTFmNGU=" }
  },
  "password": "CANARY-daemon-password-0d7a",
  "log-driver": "json-file"
}
`;

const DAEMON_CONFIG_JSON = DAEMON_JSON.replace(/CANARY-daemon/g, 'CANARY-cfgjson').replace('Q0FOQVJZLWRhZW1vbi1hdXRoLTFmNGU=', 'Q0FOQVJZLWNmZ2pzb24tMmU3Yg==');

// docker's client config.json (docker-config-json(5): auths.<registry>.auth is base64
// user:password, identitytoken an OAuth refresh token), at kubelet's legacy credential path
// /var/lib/kubelet/config.json. A file named config.json is as often a daemon or runtime config.
const DOCKER_CONFIG = `{
	"auths": {
		"https://index.docker.io/v1/": {
			"auth": "Q0FOQVJZLWNvbmZpZy1hdXRoLTJhOWM="
		},
		"registry.example.com": {
			"identitytoken": "CANARY-config-identitytoken-6c1d"
		}
	},
	"credsStore": "desktop",
	"HttpHeaders": {
		"User-Agent": "Docker-Client/24.0.7 (linux)"
	}
}
`;

// k3s/rke2 registries.yaml (docs.k3s.io, "Private Registry Configuration"): mirrors.<host>.endpoint
// URLs, configs.<host>.auth {username, password, token, identity_token, auth}, configs.<host>.tls
// file paths.
const K3S = `mirrors:
  docker.io:
    endpoint:
      - "https://mirror-user:CANARY-k3s-mirror-5d2e@mirror.example.com:5000"
configs:
  "mirror.example.com:5000":
    auth:
      username: robot
      password: CANARY-k3s-password-3a1f
      token: CANARY-k3s-token-8e4b
      identity_token: 'CANARY-k3s-identity-2b6c'
      auth: Q0FOQVJZLWszcy1hdXRoLTRjOWQ=
    tls:
      cert_file: /etc/rancher/k3s/certs/client.crt
      key_file: /etc/rancher/k3s/certs/client.key
      ca_file: /etc/rancher/k3s/certs/ca.crt
`;

// The YAML list forms (issue 10): a block list under a credential key, each item a value of it;
// a flow list; a literal block scalar holding a PEM key; a PEM in a double-quoted one-line string.
const YAML_LISTS = `cgroupDriver: systemd
tokens:
  - CANARY-blocklist-token-1d5a
  - "CANARY-blocklist-token-9f2b"
passwords: [CANARY-flowlist-pass-4e7c, 'CANARY-flowlist-pass-6a1b']
clientKey: |
  -----BEGIN RSA PRIVATE KEY-----
  CANARYpemBodyLine1AAAAB3NzaC1yc2E
  CANARYpemBodyLine2AAAADAQABAAABAQ
  -----END RSA PRIVATE KEY-----
caBundle: "-----BEGIN CERTIFICATE-----\\nCANARYpemJsonBody3MIIBkTCB+w==\\n-----END CERTIFICATE-----\\n"
tokenFile: /var/lib/kubelet/token
cgroupRoot: /
`;

// What no parser accepts (a YAML indentation error) still has its credential-shaped spans
// redacted: URL userinfo, a JWT, a Bearer header.
const BROKEN_YAML = `cgroupDriver: systemd
  bad: indentation: here
proxy: https://user:CANARY-text-userinfo-4a7b@proxy.example.com
jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJDQU5BUlktdGV4dC1qd3QifQ.CANARYtextJwtSig0b3c
header Authorization: Bearer CANARYtextBearer5e1d
`;

export const SHAPES: Shape[] = [
  {
    name: 'EKS kubelet-config.json (JSON, authentication block)',
    tree: mismatch(['--config=/etc/kubernetes/kubelet/kubelet-config.json', SOCK], undefined, { 'etc/kubernetes/kubelet/kubelet-config.json': EKS }),
    files: { 'etc/kubernetes/kubelet/kubelet-config.json': { format: 'json', redacted: [[['staticPodURLHeader', 'Authorization', 0], 'Bearer <redacted>']] } },
    canaries: ['CANARY-eks-bearer-2f8a'],
    cites: 'etc/kubernetes/kubelet/kubelet-config.json',
  },
  {
    name: 'AKS kubeletconfig.json via a drop-in and an EnvironmentFile with tokens',
    tree: v1Node({
      ...containerd(),
      'etc/containerd/config.toml': `version = 2\n${runc(2)}`,
      'etc/systemd/system/kubelet.service': AKS_UNIT,
      'etc/systemd/system/kubelet.service.d/10-componentconfig.conf': AKS_DROPIN,
      'etc/default/kubelet': AKS_ENV,
      'etc/default/kubeletconfig.json': AKS_JSON,
    }),
    files: {
      'etc/default/kubeletconfig.json': { format: 'json', redacted: [] },
      'etc/systemd/system/kubelet.service': {
        format: 'unit',
        redacted: [[[2, 'value'], '/usr/local/bin/kubelet $KUBELET_CONFIG_FILE_FLAGS $KUBELET_FLAGS --registry-password=<redacted> --v=2']],
      },
      'etc/systemd/system/kubelet.service.d/10-componentconfig.conf': {
        format: 'unit',
        redacted: [[[1, 'value'], '"KUBELET_EXTRA=--node-labels=pool=a --api-key=<redacted>" API_TOKEN=<redacted>']],
      },
      'etc/default/kubelet': {
        format: 'env',
        redacted: [
          [['KUBELET_FLAGS'], `${SOCK} --bootstrap-token=<redacted> --max-pods=30`],
          [['KUBELET_REGISTER_TOKEN'], '<redacted>'],
          // `export REGISTRY_PASSWORD=...` is no assignment to systemd (its env-file parser has no
          // `export`), so it sets nothing: its canary is still redacted in the text.
          [['HTTPS_PROXY'], 'http://<redacted>@proxy.example.com:3128'],
        ],
      },
    },
    canaries: [
      'CANARY-unit-continued-8a4c',
      'CANARY-unit-quoted-2d9e',
      'CANARY-unit-env-6f3a',
      'q7x2m9.4k8p1z6w3r5t0y2u',
      'CANARY-env-token-3b8d',
      'CANARY-env-password-7e2a',
      'CANARY-env-proxy-5c1f',
    ],
    cites: 'etc/default/kubeletconfig.json',
  },
  {
    name: 'OpenShift /etc/kubernetes/kubelet.conf (YAML KubeletConfiguration via --config)',
    tree: mismatch(['--config=/etc/kubernetes/kubelet.conf', SOCK], undefined, { 'etc/kubernetes/kubelet.conf': OPENSHIFT_YAML }),
    files: { 'etc/kubernetes/kubelet.conf': { format: 'yaml', redacted: [[['staticPodURLHeader', 'Authorization', 0], 'Bearer <redacted>']] } },
    canaries: ['CANARY-ocp-bearer-7c3e'],
    cites: 'etc/kubernetes/kubelet.conf',
  },
  {
    name: 'OpenShift /etc/kubernetes/kubelet.conf (JSON KubeletConfiguration via --config)',
    tree: mismatch(['--config=/etc/kubernetes/kubelet.conf', SOCK], undefined, { 'etc/kubernetes/kubelet.conf': OPENSHIFT_JSON }),
    files: { 'etc/kubernetes/kubelet.conf': { format: 'json', redacted: [[['staticPodURLHeader', 'Authorization', 0], 'Bearer <redacted>']] } },
    canaries: ['CANARY-ocpjson-bearer-1e4f'],
    cites: 'etc/kubernetes/kubelet.conf',
  },
  {
    name: 'containerd config v2 with registry auth and a mirror with userinfo',
    tree: mismatch(['--cgroup-driver=systemd', SOCK], CONTAINERD_V2),
    files: {
      'etc/containerd/config.toml': {
        format: 'toml',
        redacted: [
          [['plugins', 'io.containerd.grpc.v1.cri', 'registry', 'configs', 'registry.example.com', 'auth', 'password'], '<redacted>'],
          [['plugins', 'io.containerd.grpc.v1.cri', 'registry', 'configs', 'registry.example.com', 'auth', 'auth'], '<redacted>'],
          [['plugins', 'io.containerd.grpc.v1.cri', 'registry', 'configs', 'registry.example.com', 'auth', 'identitytoken'], '<redacted>'],
          [['plugins', 'io.containerd.grpc.v1.cri', 'registry', 'mirrors', 'docker.io', 'endpoint', 0], 'https://<redacted>@mirror.example.com'],
        ],
      },
    },
    canaries: ['CANARY-v2-password-1b7e', 'Q0FOQVJZLXYyLWF1dGgtOGMxZA==', 'CANARY-v2-identitytoken-4f2a', 'CANARY-v2-mirror-6a0c'],
    cites: 'etc/containerd/config.toml',
  },
  {
    name: 'containerd config v3 (io.containerd.cri.v1.images) with registry auth, literal strings, an inline table',
    tree: mismatch(['--cgroup-driver=systemd', SOCK], CONTAINERD_V3),
    files: {
      'etc/containerd/config.toml': {
        format: 'toml',
        redacted: [
          [['plugins', 'io.containerd.cri.v1.images', 'registry', 'configs', 'quay.example.com', 'auth', 'password'], '<redacted>'],
          [['plugins', 'io.containerd.cri.v1.images', 'registry', 'configs', 'registry.example.com', 'auth', 'password'], '<redacted>'],
          [['plugins', 'io.containerd.cri.v1.images', 'registry', 'configs', 'registry.example.com', 'auth', 'identitytoken'], '<redacted>'],
          [['plugins', 'io.containerd.cri.v1.images', 'registry', 'configs', 'registry.example.com', 'auth', 'auth'], '<redacted>'],
        ],
      },
    },
    canaries: ['CANARY-v3-inline-5e6f', 'CANARY-v3-password-2c8f', 'CANARY-v3-identitytoken-9d1b', 'Q0FOQVJZLXYzLW11bHRpbGluZS03YTNl'],
    cites: 'etc/containerd/config.toml',
  },
  {
    name: 'containerd hosts.toml with Authorization headers (array and string)',
    tree: mismatch(['--cgroup-driver=systemd', SOCK], `version = 2\nimports = ["/etc/containerd/certs.d/docker.io/hosts.toml"]\n${runc(2)}`, {
      'etc/containerd/certs.d/docker.io/hosts.toml': HOSTS_TOML,
    }),
    files: {
      'etc/containerd/certs.d/docker.io/hosts.toml': {
        format: 'toml',
        redacted: [
          [['host', 'https://mirror.example.com', 'header', 'Authorization', 0], 'Bearer <redacted>'],
          [['host', 'https://other.example.com', 'header', 'authorization'], 'Basic <redacted>'],
        ],
      },
    },
    canaries: ['CANARY-hosts-bearer-3e9d', 'Q0FOQVJZLWhvc3RzLWJhc2ljLTdhMmI='],
    cites: 'etc/containerd/config.toml',
  },
  {
    name: 'docker daemon.json with mirror userinfo, auths and a password',
    tree: v1Node({ ...kubelet(['--cgroup-driver=systemd']), ...dockerd([]), 'etc/docker/daemon.json': DAEMON_JSON }),
    files: {
      'etc/docker/daemon.json': {
        format: 'json',
        redacted: [
          [['registry-mirrors', 0], 'https://<redacted>@mirror.example.com'],
          [['auths', 'registry.internal:5000', 'auth'], '<redacted>'],
          [['password'], '<redacted>'],
        ],
      },
    },
    canaries: ['CANARY-daemon-mirror-8b3c', 'Q0FOQVJZLWRhZW1vbi1hdXRoLTFmNGU=', 'CANARY-daemon-password-0d7a'],
    cites: 'etc/docker/daemon.json',
  },
  {
    name: 'a docker daemon config named config.json (dockerd --config-file), with a registry mirror on the cmdline',
    tree: v1Node({
      ...kubelet(['--cgroup-driver=systemd']),
      ...dockerd(['--config-file', '/etc/docker/config.json', '--registry-mirror=https://u:CANARY-cmdline-mirror-9c2d@mirror.example.com']),
      'etc/docker/config.json': DAEMON_CONFIG_JSON,
    }),
    files: {
      'etc/docker/config.json': {
        format: 'json',
        redacted: [
          [['registry-mirrors', 0], 'https://<redacted>@mirror.example.com'],
          [['auths', 'registry.internal:5000', 'auth'], '<redacted>'],
          [['password'], '<redacted>'],
        ],
      },
      'proc/300/cmdline': { format: 'cmdline', redacted: [[[3], '--registry-mirror=https://<redacted>@mirror.example.com']] },
    },
    canaries: ['CANARY-cfgjson-mirror-8b3c', 'Q0FOQVJZLWNmZ2pzb24tMmU3Yg==', 'CANARY-cfgjson-password-0d7a', 'CANARY-cmdline-mirror-9c2d'],
    cites: 'etc/docker/config.json',
  },
  {
    name: "docker's client config.json (auths, identitytoken)",
    tree: v1Node({ ...kubelet(['--cgroup-driver=systemd']), ...dockerd(['--config-file=/var/lib/kubelet/config.json']), 'var/lib/kubelet/config.json': DOCKER_CONFIG }),
    files: {
      'var/lib/kubelet/config.json': {
        format: 'json',
        redacted: [
          [['auths', 'https://index.docker.io/v1/', 'auth'], '<redacted>'],
          [['auths', 'registry.example.com', 'identitytoken'], '<redacted>'],
        ],
      },
    },
    canaries: ['Q0FOQVJZLWNvbmZpZy1hdXRoLTJhOWM=', 'CANARY-config-identitytoken-6c1d'],
  },
  {
    name: 'k3s registries.yaml (mirror userinfo, auth block)',
    tree: readAsKubeletConfig('etc/rancher/k3s/registries.yaml', K3S),
    files: {
      'etc/rancher/k3s/registries.yaml': {
        format: 'yaml',
        redacted: [
          [['mirrors', 'docker.io', 'endpoint', 0], 'https://<redacted>@mirror.example.com:5000'],
          [['configs', 'mirror.example.com:5000', 'auth', 'password'], '<redacted>'],
          [['configs', 'mirror.example.com:5000', 'auth', 'token'], '<redacted>'],
          [['configs', 'mirror.example.com:5000', 'auth', 'identity_token'], '<redacted>'],
          [['configs', 'mirror.example.com:5000', 'auth', 'auth'], '<redacted>'],
        ],
      },
    },
    canaries: ['CANARY-k3s-mirror-5d2e', 'CANARY-k3s-password-3a1f', 'CANARY-k3s-token-8e4b', 'CANARY-k3s-identity-2b6c', 'Q0FOQVJZLWszcy1hdXRoLTRjOWQ='],
    cites: 'etc/containerd/config.toml',
  },
  {
    name: 'YAML block list, flow list and PEM blocks',
    tree: mismatch(['--config=/var/lib/kubelet/config.yaml', SOCK], undefined, { 'var/lib/kubelet/config.yaml': YAML_LISTS }),
    files: {
      'var/lib/kubelet/config.yaml': {
        format: 'yaml',
        redacted: [
          [['tokens', 0], '<redacted>'],
          [['tokens', 1], '<redacted>'],
          [['passwords', 0], '<redacted>'],
          [['passwords', 1], '<redacted>'],
          [['clientKey'], '-----BEGIN RSA PRIVATE KEY-----\n<redacted>\n<redacted>\n-----END RSA PRIVATE KEY-----\n'],
          [['caBundle'], '-----BEGIN CERTIFICATE-----\n<redacted>\n-----END CERTIFICATE-----\n'],
        ],
      },
    },
    canaries: [
      'CANARY-blocklist-token-1d5a',
      'CANARY-blocklist-token-9f2b',
      'CANARY-flowlist-pass-4e7c',
      'CANARY-flowlist-pass-6a1b',
      'CANARYpemBodyLine1',
      'CANARYpemBodyLine2',
      'CANARYpemJsonBody3',
    ],
    cites: 'var/lib/kubelet/config.yaml',
  },
  {
    name: 'a file no parser accepts: credential-shaped spans only',
    tree: readAsKubeletConfig('etc/kubernetes/kubelet/broken.yaml', BROKEN_YAML),
    files: { 'etc/kubernetes/kubelet/broken.yaml': { format: 'text', redacted: [] } },
    canaries: ['CANARY-text-userinfo-4a7b', 'eyJzdWIiOiJDQU5BUlktdGV4dC1qd3QifQ', 'CANARYtextJwtSig0b3c', 'CANARYtextBearer5e1d'],
  },
];

// A kubeconfig (kubectl's `kind: Config`: clusters, users with client-key-data or a token,
// contexts), as kubeadm writes /etc/kubernetes/kubelet.conf.
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: Q0FOQVJZLWt1YmVjb25maWctY2EtMWE=
    server: https://10.0.0.1:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: system:node:node-1
  name: default
current-context: default
users:
- name: system:node:node-1
  user:
    client-key-data: Q0FOQVJZLWt1YmVjb25maWcta2V5LTJi
    token: CANARY-kubeconfig-token-3c
`;

export const LEFT_OUT: LeftOut[] = [
  {
    name: 'a kubeconfig named kubelet.conf (kubeadm)',
    path: 'etc/kubernetes/kubelet.conf',
    text: KUBECONFIG,
    canaries: ['Q0FOQVJZLWt1YmVjb25maWctY2EtMWE=', 'Q0FOQVJZLWt1YmVjb25maWcta2V5LTJi', 'CANARY-kubeconfig-token-3c'],
    reason: /kubeconfig/,
  },
  {
    name: 'a kubeconfig in JSON without kind',
    path: 'var/lib/kubelet/settings.json',
    text: '{"clusters":[{"name":"k","cluster":{"server":"https://k:6443"}}],"users":[{"name":"u","user":{"token":"CANARY-jsonkubeconfig-4d"}}],"contexts":[]}\n',
    canaries: ['CANARY-jsonkubeconfig-4d'],
    reason: /kubeconfig/,
  },
  {
    name: 'a PEM private key under a neutral name',
    path: 'etc/kubernetes/kubelet/server.pem',
    text: '-----BEGIN EC PRIVATE KEY-----\nCANARYpemKeyBody5eMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n',
    canaries: ['CANARYpemKeyBody5e'],
    reason: /private key/,
  },
  {
    name: 'a PEM key cut before its END line',
    path: 'etc/crio/crio.conf.d/client',
    text: '-----BEGIN PRIVATE KEY-----\nCANARYpemCutBody6f\n',
    canaries: ['CANARYpemCutBody6f'],
    reason: /private key/,
  },
  {
    name: 'a certificate bundle',
    path: 'etc/kubernetes/kubelet/bundle',
    text: '-----BEGIN CERTIFICATE-----\nCANARYcertBody7aMIIB\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nCANARYcertBody7bMIIC\n-----END CERTIFICATE-----\n',
    canaries: ['CANARYcertBody7a', 'CANARYcertBody7b'],
    reason: /certificate/,
  },
  {
    name: 'a bare JWT (a service account token)',
    path: 'var/lib/kubelet/sa',
    text: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJDQU5BUlktand0LWZpbGUtOGIifQ.CANARYjwtFileSig8b\n',
    canaries: ['eyJzdWIiOiJDQU5BUlktand0LWZpbGUtOGIifQ', 'CANARYjwtFileSig8b'],
    reason: /token/,
  },
  { name: 'a kubeadm bootstrap token', path: 'var/lib/kubelet/join', text: 'k9d3f1.c7a2b9e4d1f6a8b3\n', canaries: ['k9d3f1.c7a2b9e4d1f6a8b3'], reason: /token/ },
  { name: 'a high-entropy word', path: 'var/lib/kubelet/credential', text: 'Zq8vN2xR7mK4pW9sT1yB6cF3hJ0dL5gA\n', canaries: ['Zq8vN2xR7mK4pW9sT1yB6cF3hJ0dL5gA'], reason: /token/ },
  { name: 'a low-entropy word in a file named token', path: 'etc/crio/crio.conf.d/token', text: 'token-secret-8\n', canaries: ['token-secret-8'], reason: /token/ },
];

/** A node whose scan reads `path` (as kubelet's --config, the way any file can be made to be read). */
export function leftOutTree(l: LeftOut): Tree {
  return readAsKubeletConfig(l.path, l.text);
}
