// The HTML report's template: its style sheet (screen and A4 print), its label table in Chinese and
// English, and the vanilla JavaScript that draws the report from the embedded document. No external
// asset: fonts come from the reader's system (CJK fallbacks listed), charts are inline SVG.
#include "io/report/report_internal.hpp"

namespace civiscore {
inline namespace v0 {
namespace report {

const char* html_css() noexcept {
    return R"css(
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --accent:#b91c1c; --accent2:#2563eb; --bg:#fafafa; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:var(--bg); line-height:1.45;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC",
               "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; font-size:14px; }
main { max-width:1180px; margin:0 auto; padding:16px 20px 40px; }
h1 { font-size:24px; margin:8px 0 4px; } h2 { font-size:19px; border-bottom:2px solid var(--accent); padding-bottom:4px; margin-top:32px; }
h3 { font-size:16px; margin:0 0 6px; } .sub { color:var(--muted); margin:0 0 12px; }
nav.toc { display:flex; flex-wrap:wrap; gap:6px 14px; margin:8px 0 4px; }
nav.toc a { color:var(--accent2); text-decoration:none; }
.cards { display:flex; flex-wrap:wrap; gap:10px; margin:10px 0; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 14px; min-width:120px; }
.card .v { font-size:22px; font-weight:600; } .card .k { color:var(--muted); font-size:12px; }
.charts { display:flex; flex-wrap:wrap; gap:16px; }
.chart { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px; }
.chart h3 { font-size:14px; }
table { border-collapse:collapse; width:100%; background:#fff; font-size:13px; }
th, td { border-bottom:1px solid var(--line); padding:3px 6px; text-align:left; vertical-align:top; }
th { background:#f3f4f6; position:sticky; top:0; }
td.n, th.n { text-align:right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor:pointer; user-select:none; white-space:nowrap; }
table.sortable th.asc::after { content:" ▲"; } table.sortable th.desc::after { content:" ▼"; }
.tools { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin:8px 0; }
.tools input, .tools select { font:inherit; padding:3px 6px; }
.tablewrap { max-height:640px; overflow:auto; border:1px solid var(--line); }
.grade { display:inline-block; padding:0 6px; border-radius:4px; color:#fff; font-size:12px; white-space:nowrap; }
.g0 { background:#15803d; } .g1 { background:#2563eb; } .g2 { background:#ca8a04; } .g3 { background:#b91c1c; } .g4 { background:#6b21a8; } .gx { background:#9ca3af; }
.up { color:#15803d; } .down { color:#b91c1c; }
.scorecard { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 14px; margin:14px 0; }
.sc-head { display:flex; flex-wrap:wrap; justify-content:space-between; gap:8px; border-bottom:1px solid var(--line); margin-bottom:8px; }
.sc-head .total { font-size:20px; font-weight:600; }
.sc-body { display:grid; grid-template-columns: 300px 1fr; gap:12px; }
.bar { position:relative; height:10px; background:#eef2f7; border-radius:3px; min-width:120px; }
.bar > span { position:absolute; left:0; top:0; bottom:0; background:var(--accent2); border-radius:3px; }
.bar > i { position:absolute; top:-2px; bottom:-2px; width:2px; background:#f59e0b; }
.bar.low > span { background:var(--accent); }
td.dim { font-weight:600; background:#f9fafb; }
.note { color:var(--muted); font-size:12px; }
.empty { color:var(--muted); font-style:italic; }
.tree td:first-child { white-space:nowrap; }
.flag-error, .flag-veto { color:#b91c1c; } .flag-warning { color:#b45309; }
.noscript { padding:20px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background:#fff; font-size:10.5pt; } main { max-width:none; padding:0; }
  nav.toc, .tools { display:none; } .tablewrap { max-height:none; overflow:visible; border:none; }
  th { position:static; } .scorecard { break-before: page; border:none; padding:0; margin:0; }
  .sc-body { grid-template-columns: 250px 1fr; } h2 { break-after: avoid; } tr { break-inside: avoid; }
  .chart, .card { break-inside: avoid; } a { color:inherit; text-decoration:none; }
}
@media (max-width: 760px) { .sc-body { grid-template-columns: 1fr; } }
)css";
}

const char* html_strings(const std::string& lang) noexcept {
    if (lang == "en") {
        return R"json({"report":"Assessment report","summary":"Summary","ranking":"Ranking","scorecards":"Scorecards",
"model":"The model","quality":"Data quality","provenance":"Provenance","allocations":"Fund allocation",
"units":"Units","scored":"Scored","ok":"complete","partial":"partial","unscored":"unscored","mean":"Mean","median":"Median",
"min":"Lowest","max":"Highest","grade_dist":"Grade distribution","score_dist":"Score distribution","by":"By ",
"count":"Count","rank":"Rank","unit":"Unit","id":"ID","name":"Name","total":"Total","grade":"Grade","change":"Change",
"prev_rank":"Previous rank","status":"Status","coverage":"Coverage","rank_interval":"Rank interval","filter":"Filter (name, ID, grade…)",
"all":"All","shown":"shown","unit_scorecard":"Scorecard","this_unit":"This unit","peer_median":"Peer median",
"peers_all":"peers: all scored units","peers_of":"peers: ","dimension":"Dimension","score":"Score","indicators":"Indicator scores",
"indicator":"Indicator","value":"Value","goal":"Goalposts / target","rectification":"Rectification list","vetoes":"Vetoes",
"flags":"Data-quality flags","none":"None","loss":"Points lost","gain":"Gain in total","reason":"Reason",
"no_check":"No data-quality check was run (run with --checks to list flags here).",
"no_sensitivity":"no sensitivity run","no_vetoes":"No veto applies (no assessment plan was given).","no_previous":"no previous period given",
"rect_builtin":"Built-in rule (no assessment plan): indicators scoring below {ratio}% of their maximum, plus the {top} largest point losses in the total.",
"rect_plan":"From the assessment plan.","ratio":"below ratio","top":"largest loss","ratio+top":"below ratio, largest loss",
"points":"Points","weight":"Weight","local_weight":"Local weight","effective_weight":"Effective weight","rule":"Rule",
"civiscore_version":"civiscore version","model_sha256":"Model SHA-256","fitted_sha256":"Fitted state SHA-256","data_name":"Data file",
"data_sha256":"Data SHA-256","date":"Generated","unknown":"not given","rule_name":"Check","severity":"Severity","column":"Column",
"flag_count":"Flags","notes":"Notes","amount":"Amount","final_score":"Final score","final_grade":"Final grade","of":"of","goalposts":"goalposts","target":"target",
"binary":"yes/no","tiers":"tiers","deduction":"deductions","min_max":"min-max","z_score":"z-score","cost":"lower is better",
"n_units_flagged":"units flagged","level":"Level","model_name":"Model"})json";
    }
    return R"json({"report":"绩效评估报告","summary":"概览","ranking":"排名","scorecards":"单位评分卡",
"model":"指标体系","quality":"数据质量","provenance":"来源与可追溯性","allocations":"资金分配",
"units":"单位数","scored":"已评分","ok":"完整","partial":"部分","unscored":"未评分","mean":"平均分","median":"中位数",
"min":"最低分","max":"最高分","grade_dist":"等级分布","score_dist":"得分分布","by":"按",
"count":"数量","rank":"排名","unit":"单位","id":"编号","name":"名称","total":"总分","grade":"等级","change":"较上期",
"prev_rank":"上期排名","status":"状态","coverage":"数据覆盖率","rank_interval":"排名区间","filter":"筛选（名称、编号、等级…）",
"all":"全部","shown":"条显示","unit_scorecard":"评分卡","this_unit":"本单位","peer_median":"同类中位数",
"peers_all":"同类：全部已评分单位","peers_of":"同类：","dimension":"维度","score":"得分","indicators":"指标得分",
"indicator":"指标","value":"数值","goal":"目标值/阈值","rectification":"整改清单","vetoes":"一票否决",
"flags":"数据质量标记","none":"无","loss":"失分","gain":"总分可提升","reason":"原因",
"no_check":"未进行数据质量检查（使用 --checks 运行后在此列出标记）。",
"no_sensitivity":"未进行敏感性分析","no_vetoes":"无一票否决（未提供考核方案）。","no_previous":"未提供上期数据",
"rect_builtin":"内置规则（未提供考核方案）：得分低于满分 {ratio}% 的指标，以及对总分失分最多的 {top} 项。",
"rect_plan":"依据考核方案。","ratio":"低于比例","top":"失分最多","ratio+top":"低于比例、失分最多",
"points":"分值","weight":"权重","local_weight":"组内权重","effective_weight":"有效权重","rule":"计分规则",
"civiscore_version":"civiscore 版本","model_sha256":"模型 SHA-256","fitted_sha256":"拟合状态 SHA-256","data_name":"数据文件",
"data_sha256":"数据 SHA-256","date":"生成日期","unknown":"未提供","rule_name":"检查","severity":"严重程度","column":"字段",
"flag_count":"标记数","notes":"说明","amount":"金额","final_score":"最终得分","final_grade":"最终等级","of":"/","goalposts":"阈值法","target":"目标值法",
"binary":"是否型","tiers":"分档计分","deduction":"扣分制","min_max":"极差标准化","z_score":"Z 分数","cost":"越低越好",
"n_units_flagged":"个单位被标记","level":"层级","model_name":"模型"})json";
}

const char* html_js() noexcept {
    return R"js(
(function () {
'use strict';
var S = JSON.parse(document.getElementById('cs-strings').textContent);
var D = JSON.parse(document.getElementById('cs-data').textContent);
var nodes = D.nodes, dims = D.dims, units = D.units;
var ind = [];
nodes.forEach(function (n, i) { if (n.indicator) ind.push(i); });
var indPos = {}; ind.forEach(function (n, k) { indPos[n] = k; });

function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
  });
}
function fmt(x, d) { return x == null || !isFinite(x) ? '—' : Number(x).toFixed(d == null ? 1 : d); }
function pct(x) { return x == null || !isFinite(x) ? '—' : (100 * x).toFixed(1) + '%'; }
function gradeLabel(g) { return g != null && g >= 0 && D.grades[g] ? D.grades[g].label : ''; }
function gradeBadge(g) {
  var l = gradeLabel(g);
  return l ? '<span class="grade g' + Math.min(g, 4) + '">' + esc(l) + '</span>' : '<span class="grade gx">—</span>';
}
function frac(n, s) {
  var node = nodes[n];
  if (s == null || node.max == null || node.lo == null || !(node.max > node.lo)) return null;
  return Math.max(0, Math.min(1, (s - node.lo) / (node.max - node.lo)));
}
function median(v) {
  v = v.filter(function (x) { return x != null && isFinite(x); }).sort(function (a, b) { return a - b; });
  if (!v.length) return null;
  var m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
function unitName(u) { return u.label ? u.label : u.id; }

// Peers for the radar: units of the same profile (a group column named type/profile), else all.
var peerCol = -1;
D.group_columns.forEach(function (c, i) { if (c === 'type' || c === 'profile') peerCol = i; });
var peerMedian = {};
function peersOf(u) {
  var key = peerCol >= 0 ? u.groups[peerCol] : '';
  if (!peerMedian[key]) {
    var members = units.filter(function (v) { return v.s[0] != null && (peerCol < 0 || v.groups[peerCol] === key); });
    peerMedian[key] = nodes.map(function (n, i) { return median(members.map(function (v) { return v.s[i]; })); });
  }
  return peerMedian[key];
}

var html = [];
var date = D.provenance.date;
html.push('<header><h1>' + esc(D.title) + '</h1><p class="sub">' + esc(S.report) + ' · ' + esc(date) +
  ' · civiscore ' + esc(D.provenance.civiscore_version) + '</p>');
html.push('<nav class="toc">' + [['summary', S.summary], ['ranking', S.ranking], ['scorecards', S.scorecards],
  ['model', S.model], ['quality', S.quality]].concat(D.allocations.length ? [['allocations', S.allocations]] : [])
  .concat([['provenance', S.provenance]]).map(function (p) {
    return '<a href="#' + p[0] + '">' + esc(p[1]) + '</a>';
  }).join('') + '</nav></header>');

// ---- summary
var sm = D.summary;
html.push('<section id="summary"><h2>' + esc(S.summary) + '</h2><div class="cards">');
[[S.units, sm.units], [S.scored, sm.units - sm.status.unscored], [S.mean, fmt(sm.mean)], [S.median, fmt(sm.median)],
 [S.min, fmt(sm.min)], [S.max, fmt(sm.max)]].forEach(function (c) {
  html.push('<div class="card"><div class="v">' + esc(c[1]) + '</div><div class="k">' + esc(c[0]) + '</div></div>');
});
html.push('</div><p class="note">' + esc(S.status) + ': ' + esc(S.ok) + ' ' + sm.status.ok + ' · ' + esc(S.partial) + ' ' +
  sm.status.partial + ' · ' + esc(S.unscored) + ' ' + sm.status.unscored + '</p><div class="charts">');
// grade distribution: horizontal bars
(function () {
  var w = 360, rowH = 26, h = D.grades.length * rowH + 10, maxC = Math.max.apply(null, sm.grade_counts.concat([1]));
  var s = '<svg class="grades-chart" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h + '" role="img">';
  D.grades.forEach(function (g, i) {
    var c = sm.grade_counts[i], bw = (w - 170) * c / maxC, y = 5 + i * rowH;
    s += '<text x="0" y="' + (y + 16) + '" font-size="13">' + esc(g.label) + '</text>' +
      '<rect class="g' + Math.min(i, 4) + '" x="80" y="' + (y + 3) + '" width="' + bw.toFixed(1) + '" height="16" fill="' +
      ['#15803d', '#2563eb', '#ca8a04', '#b91c1c', '#6b21a8'][Math.min(i, 4)] + '"></rect>' +
      '<text x="' + (86 + bw).toFixed(1) + '" y="' + (y + 16) + '" font-size="12">' + c + ' (' +
      pct(sm.units ? c / sm.units : 0) + ')</text>';
  });
  html.push('<div class="chart"><h3>' + esc(S.grade_dist) + '</h3>' + s + '</svg></div>');
})();
// histogram
(function () {
  var hs = sm.hist, counts = hs.counts, w = 440, h = 200, pad = 28, maxC = Math.max.apply(null, counts.concat([1]));
  var bw = (w - pad - 8) / counts.length;
  var s = '<svg class="histogram" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h + '" role="img">';
  counts.forEach(function (c, i) {
    var bh = (h - 2 * pad) * c / maxC;
    s += '<rect x="' + (pad + i * bw + 1).toFixed(1) + '" y="' + (h - pad - bh).toFixed(1) + '" width="' + (bw - 2).toFixed(1) +
      '" height="' + bh.toFixed(1) + '" fill="#2563eb"><title>' + fmt(hs.lo + (hs.hi - hs.lo) * i / counts.length, 0) + '–' +
      fmt(hs.lo + (hs.hi - hs.lo) * (i + 1) / counts.length, 0) + ': ' + c + '</title></rect>';
    if (c) s += '<text x="' + (pad + (i + 0.5) * bw).toFixed(1) + '" y="' + (h - pad - bh - 3).toFixed(1) +
      '" font-size="10" text-anchor="middle">' + c + '</text>';
  });
  s += '<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + (w - 8) + '" y2="' + (h - pad) + '" stroke="#6b7280"></line>';
  for (var k = 0; k <= 4; ++k) {
    var x = pad + (w - pad - 8) * k / 4;
    s += '<text x="' + x.toFixed(1) + '" y="' + (h - pad + 14) + '" font-size="11" text-anchor="middle">' +
      fmt(hs.lo + (hs.hi - hs.lo) * k / 4, 0) + '</text>';
  }
  html.push('<div class="chart"><h3>' + esc(S.score_dist) + '</h3>' + s + '</svg></div>');
})();
html.push('</div>');
sm.groups.forEach(function (g) {
  html.push('<h3 style="margin-top:14px">' + esc(S.by) + ' ' + esc(g.column) + '</h3><table class="group-table"><thead><tr><th>' +
    esc(g.column) + '</th><th class="n">' + esc(S.units) + '</th><th class="n">' + esc(S.mean) + '</th><th class="n">' +
    esc(S.median) + '</th><th class="n">' + esc(S.min) + '</th><th class="n">' + esc(S.max) + '</th>' +
    D.grades.map(function (gr) { return '<th class="n">' + esc(gr.label) + '</th>'; }).join('') + '</tr></thead><tbody>');
  g.rows.forEach(function (r) {
    html.push('<tr><td>' + esc(r.value) + '</td><td class="n">' + r.n + '</td><td class="n">' + fmt(r.mean) + '</td><td class="n">' +
      fmt(r.median) + '</td><td class="n">' + fmt(r.min) + '</td><td class="n">' + fmt(r.max) + '</td>' +
      r.grade_counts.map(function (c) { return '<td class="n">' + c + '</td>'; }).join('') + '</tr>');
  });
  html.push('</tbody></table>');
});
html.push('</section>');

// ---- ranking
var order = units.map(function (u, i) { return i; }).sort(function (a, b) {
  var ra = units[a].rank, rb = units[b].rank;
  if (ra == null && rb == null) return a - b;
  if (ra == null) return 1;
  if (rb == null) return -1;
  return ra - rb || a - b;
});
html.push('<section id="ranking"><h2>' + esc(S.ranking) + '</h2><div class="tools"><input id="rank-filter" type="search" placeholder="' +
  esc(S.filter) + '" size="28"><select id="grade-filter"><option value="">' + esc(S.grade) + ': ' + esc(S.all) + '</option>' +
  D.grades.map(function (g, i) { return '<option value="' + i + '">' + esc(g.label) + '</option>'; }).join('') + '</select>');
D.group_columns.forEach(function (c, gi) {
  var vals = []; units.forEach(function (u) { if (vals.indexOf(u.groups[gi]) < 0) vals.push(u.groups[gi]); });
  html.push('<select class="group-filter" data-group="' + gi + '"><option value="">' + esc(c) + ': ' + esc(S.all) + '</option>' +
    vals.map(function (v) { return '<option>' + esc(v) + '</option>'; }).join('') + '</select>');
});
html.push('<span class="note" id="rank-count"></span></div>');
var cols = [[S.rank, 'n'], [S.id, 's'], [S.name, 's']];
D.group_columns.forEach(function (c) { cols.push([c, 's']); });
cols.push([S.total, 'n'], [S.grade, 's']);
dims.forEach(function (d) { cols.push([nodes[d].name, 'n']); });
// With an assessment: the final score and grade after adjustments, vetoes and quotas.
if (D.has_assessment) cols.push([S.final_score, 'n'], [S.final_grade, 's']);
if (D.has_previous) cols.push([S.change, 'n'], [S.prev_rank, 'n']);
if (D.has_sensitivity) cols.push([S.rank_interval, 's']);
cols.push([S.status, 's']);
html.push('<div class="tablewrap"><table id="ranking-table" class="sortable"><thead><tr>' + cols.map(function (c, i) {
  return '<th data-col="' + i + '" data-type="' + c[1] + '"' + (c[1] === 'n' ? ' class="n"' : '') + '>' + esc(c[0]) + '</th>';
}).join('') + '</tr></thead><tbody>');
order.forEach(function (i) {
  var u = units[i];
  var cells = [[u.rank, fmt(u.rank, 0)], [u.id, '<a href="#card-' + i + '">' + esc(u.id) + '</a>'], [u.label, esc(u.label)]];
  u.groups.forEach(function (g) { cells.push([g, esc(g)]); });
  cells.push([u.s[0], fmt(u.s[0], 2)], [u.grade, gradeBadge(u.grade)]);
  dims.forEach(function (d) { cells.push([u.s[d], fmt(u.s[d], 2)]); });
  if (D.has_assessment) cells.push([u.final_score, fmt(u.final_score, 2)], [u.final_grade_index, gradeBadge(u.final_grade_index)]);
  if (D.has_previous) {
    cells.push([u.change, u.change == null ? '—' : '<span class="' + (u.change >= 0 ? 'up' : 'down') + '">' +
      (u.change >= 0 ? '+' : '') + fmt(u.change, 2) + '</span>'], [u.prev_rank, fmt(u.prev_rank, 0)]);
  }
  if (D.has_sensitivity) cells.push([u.rank_lo, u.rank_lo == null ? '—' : u.rank_lo + '–' + u.rank_hi]);
  cells.push([u.status, esc(S[u.status] || u.status)]);
  html.push('<tr data-unit="' + i + '" data-grade="' + u.grade + '">' + cells.map(function (c, k) {
    var v = c[0] == null ? '' : String(c[0]);
    return '<td data-v="' + esc(v) + '"' + (cols[k][1] === 'n' ? ' class="n"' : '') + '>' + c[1] + '</td>';
  }).join('') + '</tr>');
});
html.push('</tbody></table></div></section>');

// ---- scorecards
function radar(u) {
  var peers = peersOf(u), n = dims.length, size = 290, c = size / 2, r = 74;
  var s = '<svg class="radar" width="' + size + '" height="' + (size - 10) + '" viewBox="0 0 ' + size + ' ' + (size - 10) + '" role="img">';
  function pt(k, f) {
    var a = -Math.PI / 2 + 2 * Math.PI * k / n;
    return [(c + Math.cos(a) * r * f).toFixed(1), (c - 8 + Math.sin(a) * r * f).toFixed(1)];
  }
  [0.25, 0.5, 0.75, 1].forEach(function (f) {
    s += '<polygon fill="none" stroke="#e5e7eb" points="' + dims.map(function (d, k) { return pt(k, f).join(','); }).join(' ') + '"></polygon>';
  });
  dims.forEach(function (d, k) {
    var p = pt(k, 1), q = pt(k, 1.14), anchor = Math.abs(q[0] - c) < 10 ? 'middle' : (q[0] > c ? 'start' : 'end');
    var name = nodes[d].name; if (name.length > 8) name = name.slice(0, 7) + '…';
    s += '<line x1="' + c + '" y1="' + (c - 8) + '" x2="' + p[0] + '" y2="' + p[1] + '" stroke="#e5e7eb"></line>' +
      '<text x="' + q[0] + '" y="' + q[1] + '" font-size="11" text-anchor="' + anchor + '">' + esc(name) + '</text>';
  });
  function poly(vals, cls, color, fill) {
    return '<polygon class="' + cls + '" points="' + dims.map(function (d, k) {
      var f = frac(d, vals[d]); return pt(k, f == null ? 0 : f).join(',');
    }).join(' ') + '" fill="' + fill + '" stroke="' + color + '" stroke-width="2"></polygon>';
  }
  s += poly(peers, 'peer', '#9ca3af', 'rgba(156,163,175,0.15)') + poly(u.s, 'self', '#b91c1c', 'rgba(185,28,28,0.18)');
  s += '<rect x="8" y="' + (size - 30) + '" width="10" height="10" fill="#b91c1c"></rect><text x="22" y="' + (size - 21) +
    '" font-size="11">' + esc(S.this_unit) + '</text><rect x="100" y="' + (size - 30) + '" width="10" height="10" fill="#9ca3af"></rect>' +
    '<text x="114" y="' + (size - 21) + '" font-size="11">' + esc(S.peer_median) + '</text>';
  return s + '</svg>';
}
function goalText(n) {
  var r = nodes[n].rule; if (!r) return '';
  var t = S[r.kind] || r.kind;
  if (r.kind === 'goalposts') t += ' ' + fmt(r.worst, 2) + '→' + fmt(r.best, 2);
  if (r.kind === 'target') t += ' ' + fmt(r.target, 2);
  if (r.kind === 'tiers') t += ' ' + r.tiers.map(function (x) { return fmt(x[0], 2); }).join('/');
  if (r.dir === 'cost' && r.kind !== 'goalposts') t += ' (' + S.cost + ')';
  return t;
}
function valueMarker(n, x) {
  // where the raw value sits between the goalposts, drawn as a tick on the bar
  var r = nodes[n].rule;
  if (!r || r.kind !== 'goalposts' || x == null || r.best === r.worst) return '';
  var f = Math.max(0, Math.min(1, (x - r.worst) / (r.best - r.worst)));
  return '<i style="left:' + (100 * f).toFixed(1) + '%" title="' + esc(fmt(x, 2)) + '"></i>';
}
function flagText(f) { return D.lang === 'en' ? (f.reason_en || f.reason_zh || '') : (f.reason_zh || f.reason_en || ''); }
var rectNote = D.rectification_source === 'builtin'
  ? S.rect_builtin.replace('{ratio}', Math.round(D.rect_rule.ratio * 100)).replace('{top}', D.rect_rule.top) : S.rect_plan;

html.push('<section id="scorecards"><h2>' + esc(S.scorecards) + '</h2><p class="note">' + esc(rectNote) + '</p>');
order.forEach(function (i) {
  var u = units[i], peers = peersOf(u);
  var interval = D.has_sensitivity ? (u.rank_lo == null ? '—' : u.rank_lo + '–' + u.rank_hi) : S.no_sensitivity;
  html.push('<article class="scorecard" id="card-' + i + '" data-unit="' + esc(u.id) + '"><div class="sc-head"><div><h3>' +
    (u.rank != null ? u.rank + '. ' : '') + esc(unitName(u)) + ' <span class="note">' + esc(u.id) + (u.groups.length ? ' · ' +
    u.groups.map(esc).join(' · ') : '') + '</span></h3><div class="note">' + esc(S.status) + ': ' + esc(S[u.status] || u.status) +
    ' · ' + esc(S.coverage) + ' ' + pct(u.coverage) + ' · ' + esc(S.rank_interval) + ': ' + esc(interval) +
    (D.has_previous ? ' · ' + esc(S.change) + ': ' + (u.change == null ? '—' : (u.change >= 0 ? '+' : '') + fmt(u.change, 2)) : '') +
    '</div></div><div><span class="total">' + fmt(u.s[0], 2) + '</span> <span class="note">' + esc(S.of) + ' ' +
    fmt(nodes[0].max, 0) + '</span> ' + gradeBadge(u.grade) +
    (u.final_score != null ? ' <span class="note">' + esc(S.final_score) + ' ' + fmt(u.final_score, 2) + '</span>' : '') +
    (u.final_grade_index != null ? ' <span class="final-grade">' + gradeBadge(u.final_grade_index) + '</span>' : '') +
    '</div></div><div class="sc-body"><div>' + radar(u) + '<p class="note">' + esc(peerCol >= 0 ? S.peers_of + u.groups[peerCol] : S.peers_all) +
    '</p><table class="dims"><thead><tr><th>' + esc(S.dimension) + '</th><th class="n">' + esc(S.score) + '</th><th class="n">' +
    esc(S.peer_median) + '</th></tr></thead><tbody>' + dims.map(function (d) {
      return '<tr><td>' + esc(nodes[d].name) + '</td><td class="n">' + fmt(u.s[d], 2) + '/' + fmt(nodes[d].max, 0) + '</td><td class="n">' +
        fmt(peers[d], 2) + '</td></tr>';
    }).join('') + '</tbody></table></div><div>');
  // indicator bars, grouped by dimension
  var rows = [];
  var lastDim = -1;
  ind.forEach(function (n) {
    var d = n; while (nodes[d].level > 1) d = nodes[d].parent;
    if (d !== lastDim) { rows.push('<tr><td class="dim" colspan="4">' + esc(nodes[d].name) + '</td></tr>'); lastDim = d; }
    var s = u.s[n], f = frac(n, s), x = u.raw[indPos[n]];
    rows.push('<tr><td>' + esc(nodes[n].name) + '</td><td><div class="bar' + (f != null && f < D.rect_rule.ratio ? ' low' : '') +
      '"><span style="width:' + (f == null ? 0 : 100 * f).toFixed(1) + '%"></span>' + valueMarker(n, x) + '</div></td><td class="n">' +
      fmt(s, 2) + '/' + fmt(nodes[n].max, 1) + '</td><td class="note">' + (x == null ? '' : esc(fmt(x, 2)) + (nodes[n].unit ? ' ' +
      esc(nodes[n].unit) : '') + ' · ') + esc(goalText(n)) + '</td></tr>');
  });
  html.push('<h3>' + esc(S.indicators) + '</h3><table class="indicators"><thead><tr><th>' + esc(S.indicator) + '</th><th>' + esc(S.score) +
    '</th><th class="n"></th><th>' + esc(S.value) + ' · ' + esc(S.goal) + '</th></tr></thead><tbody>' + rows.join('') + '</tbody></table>');
  // rectification
  html.push('<h3 style="margin-top:10px">' + esc(S.rectification) + '</h3>');
  if (u.rect.length) {
    html.push('<table class="rect"><thead><tr><th>' + esc(S.indicator) + '</th><th class="n">' + esc(S.value) + '</th><th class="n">' +
      esc(S.goal) + '</th><th class="n">' + esc(S.score) + '</th><th class="n">' + esc(S.loss) + '</th><th class="n">' + esc(S.gain) +
      '</th><th>' + esc(S.reason) + '</th></tr></thead><tbody>' + u.rect.map(function (r) {
        return '<tr><td>' + esc(r.name || r.id) + '</td><td class="n">' + fmt(r.value, 2) + '</td><td class="n">' + fmt(r.goalpost, 2) +
          '</td><td class="n">' + fmt(r.score, 2) + '/' + fmt(r.max, 1) + '</td><td class="n">' + fmt(r.loss, 2) + '</td><td class="n">' +
          fmt(r.gain, 2) + '</td><td>' + esc(S[r.reason] || r.reason || '') + (r.deadline_days ? ' · ' + r.deadline_days + 'd' : '') + '</td></tr>';
      }).join('') + '</tbody></table>');
  } else {
    html.push('<p class="empty">' + esc(S.none) + '</p>');
  }
  html.push('<h3 style="margin-top:10px">' + esc(S.vetoes) + '</h3>' + (u.vetoes.length ? '<ul class="vetoes">' + u.vetoes.map(function (v) {
    return '<li class="flag-veto">' + esc(v.id ? v.id + ': ' : '') + esc(v.name || '') + '</li>';
  }).join('') + '</ul>' : '<p class="empty">' + esc(D.has_assessment ? S.none : S.no_vetoes) + '</p>'));
  html.push('<h3 style="margin-top:10px">' + esc(S.flags) + '</h3>' + (D.checks == null ? '<p class="empty">' + esc(S.no_check) + '</p>' :
    (u.flags.length ? '<ul class="flags">' + u.flags.map(function (f) {
      return '<li class="flag-' + esc(f.severity || '') + '">' + esc(f.rule) + (f.column ? ' · ' + esc(f.column) : '') + ': ' + esc(flagText(f)) + '</li>';
    }).join('') + '</ul>' : '<p class="empty">' + esc(S.none) + '</p>')));
  html.push('</div></div></article>');
});
html.push('</section>');

// ---- the model
html.push('<section id="model"><h2>' + esc(S.model) + '</h2><p class="sub">' + esc(D.model.name) + ' · ' + esc(D.model.id) + ' ' +
  esc(D.model.version) + '</p><table class="tree"><thead><tr><th>' + esc(S.indicator) + '</th><th>' + esc(S.id) + '</th><th class="n">' +
  esc(S.points) + '</th><th class="n">' + esc(S.weight) + '</th><th class="n">' + esc(S.local_weight) + '</th><th class="n">' +
  esc(S.effective_weight) + '</th><th>' + esc(S.rule) + '</th></tr></thead><tbody>');
nodes.forEach(function (n, i) {
  html.push('<tr class="lvl' + n.level + '"><td style="padding-left:' + (6 + 18 * n.level) + 'px' + (n.indicator ? '' : ';font-weight:600') + '">' +
    esc(n.name) + '</td><td>' + esc(n.id) + '</td><td class="n">' + (n.points ? fmt(n.points, 1) : '') + '</td><td class="n">' +
    fmt(n.weight, 3) + '</td><td class="n">' + pct(n.local_weight) + '</td><td class="n">' + (n.indicator ? pct(n.effective_weight) : '') +
    '</td><td>' + esc(n.indicator ? goalText(i) : '') + '</td></tr>');
});
html.push('</tbody></table></section>');

// ---- data quality
html.push('<section id="quality"><h2>' + esc(S.quality) + '</h2>');
if (D.checks == null) {
  html.push('<p class="empty" id="no-check">' + esc(S.no_check) + '</p>');
} else {
  var flags = D.checks.flags, byRule = {};
  flags.forEach(function (f) { byRule[f.rule] = (byRule[f.rule] || 0) + 1; });
  html.push('<p>' + esc(S.flag_count) + ': ' + flags.length + ' · ' + Object.keys(byRule).map(function (k) { return esc(k) + ' ' + byRule[k]; }).join(' · ') + '</p>');
  if (D.checks.notes && D.checks.notes.length) html.push('<ul class="note">' + D.checks.notes.map(function (n) { return '<li>' + esc(n) + '</li>'; }).join('') + '</ul>');
  html.push('<div class="tablewrap"><table id="flags-table" class="sortable"><thead><tr><th>' + esc(S.rule_name) + '</th><th>' + esc(S.severity) +
    '</th><th>' + esc(S.unit) + '</th><th>' + esc(S.column) + '</th><th>' + esc(S.reason) + '</th></tr></thead><tbody>' + flags.map(function (f) {
      return '<tr><td data-v="' + esc(f.rule) + '">' + esc(f.rule) + '</td><td data-v="' + esc(f.severity) + '" class="flag-' + esc(f.severity) + '">' +
        esc(f.severity) + '</td><td data-v="' + esc(f.unit) + '">' + esc(f.unit || f.group || '') + '</td><td data-v="' + esc(f.column) + '">' +
        esc(f.column) + '</td><td data-v="">' + esc(flagText(f)) + '</td></tr>';
    }).join('') + '</tbody></table></div>');
}
html.push('</section>');

// ---- allocations
if (D.allocations.length) {
  html.push('<section id="allocations"><h2>' + esc(S.allocations) + '</h2><table><thead><tr><th>' + esc(S.unit) + '</th><th class="n">' +
    esc(S.amount) + '</th></tr></thead><tbody>' + D.allocations.map(function (a) {
      return '<tr><td>' + esc(a.unit || a.unit_id || a.id) + '</td><td class="n">' + esc(a.amount) + '</td></tr>';
    }).join('') + '</tbody></table></section>');
}

// ---- provenance
var pv = D.provenance;
html.push('<section id="provenance"><h2>' + esc(S.provenance) + '</h2><table class="prov"><tbody>' +
  [[S.model_name, D.model.name + ' (' + D.model.id + ' ' + D.model.version + ')'], [S.civiscore_version, pv.civiscore_version],
   [S.model_sha256, pv.model_sha256], [S.fitted_sha256, pv.fitted_sha256 || S.unknown], [S.data_name, pv.data_name || S.unknown],
   [S.data_sha256, pv.data_sha256 || S.unknown], [S.date, pv.date]].map(function (r) {
    return '<tr><th style="width:200px">' + esc(r[0]) + '</th><td><code>' + esc(r[1]) + '</code></td></tr>';
  }).join('') + '</tbody></table></section>');

document.getElementById('report').innerHTML = html.join('');

// ---- behaviour: sorting and filtering
function sortTable(table, col, type, th) {
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var dir = th.classList.contains('asc') ? -1 : 1;
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.classList.remove('asc', 'desc'); });
  th.classList.add(dir > 0 ? 'asc' : 'desc');
  rows.sort(function (a, b) {
    var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
    if (type === 'n') {
      var fx = x === '' ? null : parseFloat(x), fy = y === '' ? null : parseFloat(y);
      if (fx === null && fy === null) return 0;
      if (fx === null) return 1;
      if (fy === null) return -1;
      return dir * (fx - fy);
    }
    return dir * x.localeCompare(y, D.lang === 'en' ? 'en' : 'zh-CN');
  });
  rows.forEach(function (r) { body.appendChild(r); });
}
Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () { sortTable(table, col, th.getAttribute('data-type') || 's', th); });
  });
});
var rankTable = document.getElementById('ranking-table');
function applyFilter() {
  var q = document.getElementById('rank-filter').value.trim().toLowerCase();
  var g = document.getElementById('grade-filter').value;
  var groups = Array.prototype.map.call(document.querySelectorAll('.group-filter'), function (s) {
    return [parseInt(s.getAttribute('data-group'), 10), s.value];
  });
  var shown = 0;
  Array.prototype.forEach.call(rankTable.tBodies[0].rows, function (tr) {
    var u = units[parseInt(tr.getAttribute('data-unit'), 10)];
    var ok = (!q || (u.id + ' ' + u.label + ' ' + gradeLabel(u.grade) + ' ' + u.groups.join(' ')).toLowerCase().indexOf(q) >= 0) &&
      (g === '' || String(u.grade) === g) && groups.every(function (p) { return p[1] === '' || u.groups[p[0]] === p[1]; });
    tr.style.display = ok ? '' : 'none';
    if (ok) shown++;
  });
  document.getElementById('rank-count').textContent = shown + ' / ' + units.length + ' ' + S.shown;
}
document.getElementById('rank-filter').addEventListener('input', applyFilter);
document.getElementById('grade-filter').addEventListener('change', applyFilter);
Array.prototype.forEach.call(document.querySelectorAll('.group-filter'), function (s) { s.addEventListener('change', applyFilter); });
applyFilter();
document.documentElement.setAttribute('data-ready', '1');
})();
)js";
}

}  // namespace report
}  // namespace v0
}  // namespace civiscore
