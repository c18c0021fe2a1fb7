import type { FleetReport } from '../fleet/merge.js';
import type { Severity } from '../rules/define.js';
import { headline } from './fleet.js';

/**
 * `cgdoctor report --format html`: one self-contained page, the cluster at a glance. Everything
 * is in the file (styles, the small filter script), and its Content-Security-Policy forbids any
 * request, so it opens the same from a laptop, a ticket attachment or an air-gapped bastion.
 * Every rule and node is in the markup itself; the script only hides what the filters leave out.
 * Every string from a report is escaped: node names and subjects come from the nodes.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** A fix's `code spans` as <code>, the rest escaped. */
const prose = (s: string) =>
  s
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `<code>${esc(part.slice(1, -1))}</code>` : esc(part)))
    .join('');
const badge = (s: Severity | 'healthy' | 'failed') => `<span class="badge ${s}">${s}</span>`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Space-separated, for the filter to match on: names never hold spaces, ids never do. */
const attr = (xs: readonly string[]) => esc(xs.join(' '));

function nodeList(nodes: readonly string[]): string {
  const items = nodes.map((n) => `<li data-node="${esc(n)}">${esc(n)}</li>`).join('');
  // A long list folds, so 10,000 names do not push everything else off the page.
  return nodes.length > 24 ? `<details class="nodes"><summary>${plural(nodes.length, 'node')}</summary><ul>${items}</ul></details>` : `<ul class="nodes">${items}</ul>`;
}

function summary(r: FleetReport): string {
  const s = r.summary;
  const total = Math.max(1, r.nodes);
  const parts: Array<[Severity | 'healthy', number]> = [
    ['error', s.error],
    ['warning', s.warning],
    ['info', s.info],
    ['healthy', s.healthy],
  ];
  const cards = parts.map(([k, n]) => `<div class="card ${k}"><div class="n">${n}</div><div class="k">${k === 'healthy' ? 'no finding' : `worst: ${k}`}</div></div>`).join('');
  const failed = s.failed > 0 ? `<div class="card failed"><div class="n">${s.failed}</div><div class="k">could not be read</div></div>` : '';
  const bar = parts
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `<span class="${k}" style="width:${((n / total) * 100).toFixed(2)}%" title="${n} ${k}"></span>`)
    .join('');
  return `<section id="summary"><div class="cards">${cards}${failed}</div><div class="stack">${bar}</div></section>`;
}

function rules(r: FleetReport): string {
  if (r.rules.length === 0) return '<section id="rules"><h2>Rules</h2><p class="none">No rule fired on any node.</p></section>';
  const max = Math.max(...r.rules.map((x) => x.nodes.length));
  const rows = r.rules.map((x) => {
    const subjects = x.subjects
      .map(
        (
          s,
        ) => `<details class="finding" data-nodes="${attr(s.nodes)}"><summary><code>${esc(s.subject)}</code> <span class="count">${plural(s.nodes.length, 'node')}</span></summary>
<p class="message">${esc(s.example.message)}</p>
${s.example.evidence.length > 0 ? `<ul class="evidence">${s.example.evidence.map((e) => `<li><code>${esc(e.path)}${e.line ? `:${e.line}` : ''}</code> ${e.excerpt ? `<span class="excerpt">${esc(e.excerpt)}</span>` : '<span class="excerpt empty">(empty)</span>'}</li>`).join('')}</ul>` : ''}
<p class="fix"><strong>Fix:</strong> ${prose(s.example.remediation)}</p>
${nodeList(s.nodes)}</details>`,
      )
      .join('\n');
    return `<div class="rule" data-rule="${esc(x.rule)} ${esc(x.name)}" data-nodes="${attr(x.nodes)}">
<div class="row"><span class="id">${esc(x.rule)}</span> <span class="name">${esc(x.name)}</span> ${badge(x.severity)}<span class="bar"><span class="${x.severity}" style="width:${((x.nodes.length / max) * 100).toFixed(2)}%"></span></span><span class="count">${x.nodes.length} of ${r.nodes}</span></div>
${subjects}</div>`;
  });
  return `<section id="rules"><h2>Rules by node count</h2>${rows.join('\n')}</section>`;
}

function groups(r: FleetReport): string {
  const rows = r.groups.map((g) => {
    const chips =
      g.findings.length === 0
        ? '<span class="chip healthy">no finding</span>'
        : g.findings.map((f) => `<span class="chip ${f.severity}">${esc(f.rule)} <code>${esc(f.subject)}</code></span>`).join(' ');
    return `<div class="group" data-rule="${attr(g.findings.map((f) => f.rule))}" data-nodes="${attr(g.nodes)}"><div class="row"><span class="count">${plural(g.nodes.length, 'node')}</span> ${chips}</div>${nodeList(g.nodes)}</div>`;
  });
  return `<section id="groups"><h2>Nodes by finding set</h2>${rows.join('\n')}</section>`;
}

function coverage(r: FleetReport): string {
  if (r.coverage.length === 0) return '';
  const rows = r.coverage.map(
    (c) =>
      `<tr data-rule="${esc(c.rule)}"><td>${esc(c.rule)}</td><td>${c.skippedOn} of ${r.nodes}</td><td>${c.reasons.map((x) => `${esc(x.reason)} <span class="count">(${x.nodes.length})</span>`).join('<br>')}</td></tr>`,
  );
  return `<section id="coverage"><h2>Could not check</h2><p>Skipped is not passing: these rules could not look on these nodes.</p><table><thead><tr><th>rule</th><th>skipped on</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function failed(r: FleetReport): string {
  if (r.failed.length === 0) return '';
  return `<section id="failed"><h2>Could not read (${r.failed.length})</h2><ul>${r.failed.map((f) => `<li><code>${esc(f.file)}</code>: ${esc(f.reason)}</li>`).join('')}</ul></section>`;
}

const STYLE = `
:root{--error:#c62828;--warning:#ef6c00;--info:#1565c0;--healthy:#2e7d32;--failed:#616161;--line:#e0e0e0;--muted:#666}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212121;background:#fafafa}
header{background:#263238;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#cfd8dc}
main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}h2{font-size:16px;margin:28px 0 10px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{flex:1;min-width:130px;background:#fff;border:1px solid var(--line);border-left:6px solid;border-radius:6px;padding:10px 14px}
.card .n{font-size:28px;font-weight:600}.card .k{color:var(--muted)}
.card.error{border-left-color:var(--error)}.card.warning{border-left-color:var(--warning)}.card.info{border-left-color:var(--info)}.card.healthy{border-left-color:var(--healthy)}.card.failed{border-left-color:var(--failed)}
.stack{display:flex;height:12px;margin-top:12px;border-radius:6px;overflow:hidden;background:var(--line)}.stack span{display:block;height:100%}
.error{--c:var(--error)}.warning{--c:var(--warning)}.info{--c:var(--info)}.healthy{--c:var(--healthy)}.failed{--c:var(--failed)}
.stack span,.bar span{background:var(--c)}
#filters{display:flex;gap:12px;margin-top:20px;position:sticky;top:0;background:#fafafa;padding:8px 0;z-index:1}
#filters input{flex:1;padding:8px 10px;border:1px solid #bdbdbd;border-radius:6px;font:inherit}#filters .shown{align-self:center;color:var(--muted);white-space:nowrap}
.rule,.group{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin-bottom:8px}
.row{display:flex;align-items:center;gap:8px;flex-wrap:wrap}.id{font-weight:600;font-family:ui-monospace,monospace}
.rule>.row>.id{flex:none;width:52px}.rule>.row>.name{flex:none;width:250px}.rule>.row>.badge{flex:none;width:70px;text-align:center}.rule>.row>.count{flex:none;width:76px;text-align:right}
.bar{flex:1;min-width:120px;height:10px;background:#eee;border-radius:5px;overflow:hidden}.bar span{display:block;height:100%}
.count{color:var(--muted);white-space:nowrap}
.badge{font-size:12px;padding:1px 8px;border-radius:10px;color:#fff;background:var(--c)}
.chip{display:inline-block;border:1px solid var(--c);border-radius:12px;padding:1px 8px;margin:2px 0}
details.finding{margin:6px 0 4px 14px;border-left:3px solid var(--line);padding-left:10px}details summary{cursor:pointer}
.message{margin:6px 0}.fix{margin:6px 0}.evidence{margin:4px 0;padding-left:18px}.excerpt{color:#424242;font-family:ui-monospace,monospace}.excerpt.empty{color:var(--muted)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;background:#f1f3f4;padding:0 3px;border-radius:3px}
ul.nodes,details.nodes ul{list-style:none;padding:0;margin:6px 0 2px;display:flex;flex-wrap:wrap;gap:4px 10px;color:#37474f;font-family:ui-monospace,monospace;font-size:12px}
li.hit{background:#fff59d}table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
.none{color:var(--muted)}[hidden]{display:none!important}
`;

// Filters by rule (id or name) and node name, case-insensitively, on the data attributes the
// markup carries; it reads no data of its own and writes nothing but `hidden` and a highlight.
const SCRIPT = `
(function(){
var rule=document.getElementById('rule-filter'),node=document.getElementById('node-filter'),shown=document.getElementById('shown');
function has(el,attr,q){return !q||(el.getAttribute(attr)||'').toLowerCase().split(' ').some(function(w){return w.indexOf(q)>=0})}
function apply(){
var r=rule.value.trim().toLowerCase(),n=node.value.trim().toLowerCase(),count=0;
document.querySelectorAll('.rule').forEach(function(el){var ok=has(el,'data-rule',r)&&has(el,'data-nodes',n);el.hidden=!ok;if(ok)count++;
el.querySelectorAll('details.finding').forEach(function(d){d.hidden=!has(d,'data-nodes',n)})});
document.querySelectorAll('.group').forEach(function(el){el.hidden=!((!r||has(el,'data-rule',r))&&has(el,'data-nodes',n))});
document.querySelectorAll('#coverage tr[data-rule]').forEach(function(el){el.hidden=!has(el,'data-rule',r)});
document.querySelectorAll('li[data-node]').forEach(function(li){li.classList.toggle('hit',!!n&&li.getAttribute('data-node').toLowerCase().indexOf(n)>=0)});
shown.textContent=count+' of '+document.querySelectorAll('.rule').length+' rules shown';}
rule.addEventListener('input',apply);node.addEventListener('input',apply);apply();})();
`;

export function renderFleetHtml(r: FleetReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>cgdoctor report: ${plural(r.nodes, 'node')}</title>
<style>${STYLE}</style></head>
<body><header><h1>cgdoctor report: ${plural(r.nodes, 'node')}</h1><p>${esc(headline(r))} &middot; cgdoctor ${esc(r.tool.version)}</p></header>
<main>
${summary(r)}
<div id="filters"><input id="rule-filter" type="search" placeholder="Filter by rule: CG001 or cpuset-empty" aria-label="filter by rule"><input id="node-filter" type="search" placeholder="Filter by node name" aria-label="filter by node"><span class="shown" id="shown"></span></div>
${rules(r)}
${groups(r)}
${coverage(r)}
${failed(r)}
${r.warnings.length > 0 ? `<section id="warnings"><h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>` : ''}
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
