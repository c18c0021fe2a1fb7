import { aks } from './aks.js';
import { eksAl2 } from './eks-al2.js';
import { eksAl2023 } from './eks-al2023.js';
import { gke } from './gke.js';
import { k0s } from './k0s.js';
import { kind } from './kind.js';
import { k3s } from './k3s.js';
import { kubeadm } from './kubeadm.js';
import { microk8s } from './microk8s.js';
import { minikube } from './minikube.js';
import { openshift } from './openshift.js';
import { rke2 } from './rke2.js';
import { talos } from './talos.js';
import type { Distribution } from './types.js';

export type { Distribution, KubeletHost, NodeView, ProcessMatch } from './types.js';

/**
 * Every distribution cgdoctor knows, tried in order: the first whose signal matches is the
 * node's. kubeadm comes last: it is what a node with no other signature is read as.
 */
export const DISTRIBUTIONS: readonly Distribution[] = [k0s, k3s, microk8s, rke2, talos, openshift, kind, minikube, eksAl2023, eksAl2, gke, aks, kubeadm];

export const FALLBACK: Distribution = kubeadm;

/** Every comm a kubelet can run under, on any distribution: what the process scan looks for. */
export const KUBELET_COMMS: ReadonlySet<string> = new Set(DISTRIBUTIONS.flatMap((d) => d.kubelet.hosts.flatMap((h) => h.process.comm)));

/** Comms that recognise a distribution (k3s renames its process) or supervise its kubelet (k0s), so the process scan keeps them. */
export const SIGNAL_COMMS: ReadonlySet<string> = new Set(
  DISTRIBUTIONS.flatMap((d) => [...d.signals.flatMap((s) => ('process' in s ? s.process.comm : [])), ...(d.kubelet.supervisor?.process.comm ?? [])]),
);
