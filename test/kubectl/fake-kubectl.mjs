#!/usr/bin/env node
// A kubectl for test/kubectl-plugin.test.ts: it answers the calls `cgdoctor kubectl` makes from
// a scenario (FAKE_KUBECTL_SCENARIO: the node list as `kubectl get nodes -o json` prints it, and
// per node how its Job goes: polls until done, succeeded, failed or never, the pod's log, the
// pod list, a refused create), keeps the Jobs it was asked to create in FAKE_KUBECTL_STATE, and
// writes every call there (calls.jsonl), so a test can check what was created and deleted.
import * as fs from 'node:fs';
import * as path from 'node:path';

const scenario = JSON.parse(fs.readFileSync(process.env.FAKE_KUBECTL_SCENARIO, 'utf8'));
const state = process.env.FAKE_KUBECTL_STATE;
const stdin = process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8');
const argv = process.argv.slice(2);
// kubectl's global flags, which the fake only records.
const args = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--context' || argv[i] === '--namespace') i++;
  else args.push(argv[i]);
}
fs.appendFileSync(path.join(state, 'calls.jsonl'), `${JSON.stringify({ argv, ...(stdin ? { stdin } : {}) })}\n`);

const out = (s) => process.stdout.write(s);
const fail = (msg, code = 1) => {
  process.stderr.write(`${msg}\n`);
  process.exit(code);
};
const jobFile = (name) => path.join(state, `job-${name}.json`);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const [verb, kind, ...rest] = args;
if (verb === 'get' && kind === 'nodes') {
  const names = rest.filter((a, i) => !a.startsWith('-') && rest[i - 1] !== '-o' && rest[i - 1] !== '-l');
  let items = scenario.nodes.items;
  const missing = names.find((n) => !items.some((it) => it.metadata.name === n));
  if (missing) fail(`Error from server (NotFound): nodes "${missing}" not found`);
  if (names.length > 0) items = items.filter((it) => names.includes(it.metadata.name));
  const selector = flag('-l');
  if (selector) {
    const [k, v] = selector.split('=');
    items = items.filter((it) => it.metadata.labels?.[k] === v);
  }
  out(JSON.stringify({ ...scenario.nodes, items }, null, 4));
} else if (verb === 'create') {
  const job = JSON.parse(stdin);
  const node = job.spec.template.spec.nodeName;
  const plan = scenario.jobs[node] ?? {};
  if (plan.create) fail(plan.create.stderr, plan.create.code);
  fs.writeFileSync(jobFile(job.metadata.name), JSON.stringify({ node, polls: 0, job }));
  out(`job.batch/${job.metadata.name}\n`);
} else if (verb === 'get' && kind === 'job') {
  const name = rest[0];
  if (!fs.existsSync(jobFile(name))) fail(`Error from server (NotFound): jobs.batch "${name}" not found`);
  const j = JSON.parse(fs.readFileSync(jobFile(name), 'utf8'));
  j.polls++;
  fs.writeFileSync(jobFile(name), JSON.stringify(j));
  const plan = scenario.jobs[j.node] ?? {};
  const done = plan.outcome !== 'never' && j.polls >= (plan.after ?? 1);
  out(JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, status: done ? { [plan.outcome ?? 'succeeded']: 1 } : { active: 1 } }));
} else if (verb === 'get' && kind === 'pods') {
  const name = flag('-l').replace('job-name=', '');
  const j = JSON.parse(fs.readFileSync(jobFile(name), 'utf8'));
  out(JSON.stringify(scenario.jobs[j.node]?.pods ?? { apiVersion: 'v1', kind: 'List', items: [] }));
} else if (verb === 'logs') {
  const name = kind.replace('job/', '');
  const j = JSON.parse(fs.readFileSync(jobFile(name), 'utf8'));
  const plan = scenario.jobs[j.node] ?? {};
  if (plan.logs === undefined) fail(`error: timed out waiting for the condition`);
  out(plan.logs);
} else if (verb === 'delete' && (kind === 'job' || kind === 'jobs')) {
  const selector = flag('-l');
  const names = selector
    ? fs
        .readdirSync(state)
        .flatMap((f) => (f.startsWith('job-') ? [f.slice(4, -5)] : []))
        .filter((n) => JSON.parse(fs.readFileSync(jobFile(n), 'utf8')).job.metadata.labels['cgdoctor.io/run'] === selector.split('=')[1])
    : [rest[0]];
  for (const n of names) {
    if (fs.existsSync(jobFile(n))) {
      fs.renameSync(jobFile(n), path.join(state, `deleted-${n}.json`));
      out(`job.batch "${n}" deleted\n`);
    }
  }
} else fail(`fake kubectl: no recorded answer for: kubectl ${argv.join(' ')}`);
