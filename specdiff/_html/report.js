/* specpact reports: filters, search, permalinks and lazy rendering over the embedded result.
   Every piece of report text reaches the page through textContent, never innerHTML, so spec
   and API content stays inert. Groups render their items only when opened. */
(function () {
  "use strict";
  var dataEl = document.getElementById("report-data");
  if (!dataEl) { return; }
  var D = JSON.parse(dataEl.textContent);
  var items = D.items || [];
  var CHUNK = 200;        // items rendered per group before a "show more" button
  var AUTO_OPEN = 150;    // open every group when no more than this many items match
  var matched = new Uint8Array(items.length);
  var epoch = 0;
  var groups = [];

  function h(tag, cls, txt) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (txt !== undefined && txt !== null) { el.textContent = String(txt); }
    return el;
  }
  function put(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }
  // `quoted` names in messages become <code> (still plain text nodes: nothing is parsed as HTML)
  function rich(cls, txt) {
    var el = h("p", cls), parts = String(txt || "").split("`");
    if (parts.length % 2 === 0) { el.textContent = String(txt); return el; }
    for (var i = 0; i < parts.length; i++) {
      if (i % 2) { el.appendChild(h("code", null, parts[i])); }
      else if (parts[i]) { el.appendChild(document.createTextNode(parts[i])); }
    }
    return el;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* ---- search text, built once ---- */
  var hay = new Array(items.length);
  for (var i = 0; i < items.length; i++) {
    var it = items[i], parts = [];
    if (D.kind === "specdiff") {
      parts = [it.r, it.op, it.oid, it.m, it.w, it.c, it.fp, (it.g || []).join(" "),
               it.b ? it.b.join(" ") : "", it.v ? it.v.join(" ") : "", it.wr || ""];
    } else {
      parts = [it.id, it.mt + " " + it.p, (it.g || []).join(" "), it.f, it.sr || "", it.er || ""];
      (it.fl || []).forEach(function (f) { parts.push(f.c, f.t, f.m, f.sp, f.tid, f.fp); });
    }
    hay[i] = parts.join("\n").toLowerCase();
  }

  /* ---- controls and state ---- */
  var facetInputs = Array.prototype.slice.call(document.querySelectorAll("input[name=facet]"));
  var tagSel = document.getElementById("f-tag");
  var ruleSel = document.getElementById("f-rule");
  var qIn = document.getElementById("f-q");
  var shown = document.getElementById("shown-count");
  var permalink = document.getElementById("permalink");
  var FACET = D.facetName, RULE = D.ruleName;

  function state() {
    var f = {};
    facetInputs.forEach(function (el) { if (el.checked) { f[el.value] = 1; } });
    return { facet: f, tag: tagSel ? tagSel.value : "", rule: ruleSel ? ruleSel.value : "",
             q: qIn ? qIn.value.trim().toLowerCase() : "" };
  }
  function hasOption(sel, v) {
    if (!sel) { return false; }
    for (var i = 0; i < sel.options.length; i++) { if (sel.options[i].value === v) { return true; } }
    return false;
  }
  function toHash() {
    var p = [], all = true, on = [];
    facetInputs.forEach(function (el) { if (el.checked) { on.push(el.value); } else { all = false; } });
    if (!all) { p.push(FACET + "=" + on.map(encodeURIComponent).join(",")); }
    if (tagSel && tagSel.value) { p.push("tag=" + encodeURIComponent(tagSel.value)); }
    if (ruleSel && ruleSel.value) { p.push(RULE + "=" + encodeURIComponent(ruleSel.value)); }
    if (qIn && qIn.value.trim()) { p.push("q=" + encodeURIComponent(qIn.value.trim())); }
    return p.join("&");
  }
  function dec(s) { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (e) { return ""; } }
  function fromHash() {
    var raw = location.hash.replace(/^#/, ""), p = {};
    raw.split("&").forEach(function (kv) {
      if (!kv) { return; }
      var at = kv.indexOf("="), k = at < 0 ? kv : kv.slice(0, at), v = at < 0 ? "" : kv.slice(at + 1);
      p[dec(k)] = v;
    });
    if (Object.prototype.hasOwnProperty.call(p, FACET)) {
      var want = {};
      p[FACET].split(",").forEach(function (v) { want[dec(v)] = 1; });
      facetInputs.forEach(function (el) { el.checked = !!want[el.value]; });
    } else {
      facetInputs.forEach(function (el) { el.checked = true; });
    }
    var t = dec(p.tag || ""), r = dec(p[RULE] || "");
    if (tagSel) { tagSel.value = hasOption(tagSel, t) ? t : ""; }
    if (ruleSel) { ruleSel.value = hasOption(ruleSel, r) ? r : ""; }
    if (qIn) { qIn.value = dec(p.q || ""); }
  }

  function matches(i, s) {
    var it = items[i];
    if (!s.facet[it.f]) { return false; }
    if (s.tag && (it.g || []).indexOf(s.tag) < 0) { return false; }
    if (s.rule && (it.k || []).indexOf(s.rule) < 0) { return false; }
    if (s.q && hay[i].indexOf(s.q) < 0) { return false; }
    return true;
  }

  /* ---- item renderers ---- */
  function badge(cls, txt) { return h("span", "badge " + cls, txt); }
  function loc(label, l) {
    var dd = h("dd");
    if (!l) { put(dd, h("span", "muted", "absent")); }
    else {
      put(dd, h("code", "ptr", l[0]));
      if (l[1]) {
        var fl = h("span", "fileloc", l[1].split("/").pop());  // basename:line:col, full path on hover
        fl.title = l[1];
        put(dd, " ", fl);
      }
    }
    return [h("dt", null, label), dd];
  }
  function renderChange(it) {
    var card = h("article", "item change lvl-" + it.f);
    var head = put(h("div", "item-head"), badge("lvl-" + it.f, it.f), " ", h("code", "rule", it.r));
    if (it.d && it.d !== "none") { put(head, " ", h("span", "dir", it.d)); }
    if (it.xw) { put(head, " ", badge("expired", "waiver expired")); }
    put(card, head, rich("msg", it.m));
    if (it.w) {
      var why = rich("why", it.w);
      why.insertBefore(h("strong", null, it.f === "info" ? "Impact: " : "Why it breaks clients: "), why.firstChild);
      card.appendChild(why);
    }
    var dl = h("dl", "where");
    loc("Base", it.b).concat(loc("Revision", it.v)).forEach(function (e) { dl.appendChild(e); });
    if (it.c) { put(dl, h("dt", null, "Component"), put(h("dd"), h("code", null, it.c))); }
    if ((it.g || []).length > 1) { put(dl, h("dt", null, "Tags"), h("dd", null, it.g.join(", "))); }
    put(dl, h("dt", null, "Fingerprint"), put(h("dd"), h("code", "fp", it.fp)));
    card.appendChild(dl);
    if (it.xw) { put(card, h("p", "waiver expired-note", "An expired waiver no longer covers this change: " + it.xw)); }
    if (it.wr !== undefined) {
      var wp = put(h("p", "waiver" + (it.wx ? " expired-note" : "")), h("strong", null, "Waived: "), it.wr || "(no reason given)");
      put(wp, " — ", it.we ? "expires " + it.we : "no expiry");
      if (it.wx) { put(wp, " ", badge("expired", "expired")); }
      card.appendChild(wp);
    }
    return card;
  }
  function opLink(group, op) {
    var a = h("a", "op-link", "link");
    a.href = "#tag=" + encodeURIComponent(group) + "&q=" + encodeURIComponent(op);
    a.title = "Link to this operation (keeps it filtered when opened)";
    return a;
  }
  function opHeader(it, group) {
    var sp = it.op.indexOf(" ");
    var el = h("h4", "op-title");
    if (it.op) {
      put(el, h("span", "method m-" + it.op.slice(0, sp).toLowerCase(), it.op.slice(0, sp)), " ",
          h("code", "path", it.op.slice(sp + 1)));
    } else {
      put(el, h("span", "muted", "Spec-wide"));
    }
    if (it.oid) { put(el, " ", h("span", "opid", it.oid)); }
    if (it.op) { put(el, " ", opLink(group, it.op)); }
    return el;
  }
  function pre(label, body) {
    var w = h("div", "pre-wrap");
    put(w, h("div", "pre-label", label), h("pre", null, body));
    return w;
  }
  function renderFailure(f) {
    var box = h("div", "failure" + (f.bl ? " baselined" : ""));
    var head = put(h("div", "item-head"), h("code", "rule", f.c), " ", h("strong", null, f.t));
    if (f.st !== null && f.st !== undefined && f.st !== "") { put(head, " ", badge("code", "HTTP " + f.st)); }
    if (f.bl) { put(head, " ", badge("baselined", "baselined")); }
    if (f.tr) { put(head, " ", badge("trend-" + f.tr, f.tr === "new" ? "new" : "still failing")); }
    box.appendChild(head);
    if (f.m) { box.appendChild(f.m.indexOf("\n") >= 0 ? h("pre", "msg", f.m) : h("p", "msg", f.m)); }
    var dl = h("dl", "where");
    if (f.sp) { put(dl, h("dt", null, "Schema path"), put(h("dd"), h("code", "ptr", f.sp))); }
    if (f.e) { put(dl, h("dt", null, "Expected"), put(h("dd"), h("code", null, f.e))); }
    if (f.a) { put(dl, h("dt", null, "Actual"), put(h("dd"), h("code", null, f.a))); }
    if (f.tid) { put(dl, h("dt", null, "Track-Id"), put(h("dd"), h("code", null, f.tid))); }
    if (f.fp) { put(dl, h("dt", null, "Fingerprint"), put(h("dd"), h("code", "fp", f.fp))); }
    if (dl.firstChild) { box.appendChild(dl); }
    if (f.x) { box.appendChild(pre("Response excerpt", f.x)); }
    if (f.cu) { box.appendChild(pre("Reproduce", f.cu)); }
    return box;
  }
  function renderOp(it, group) {
    var card = h("details", "item op st-" + it.f);
    if ((it.f === "failed" || it.f === "errored") && (it.fl || []).length <= 5) { card.open = true; }
    var sum = put(h("summary"), badge("st-" + it.f, it.f), " ",
                  h("span", "method m-" + String(it.mt).toLowerCase(), it.mt), " ", h("code", "path", it.p));
    if (it.id) { put(sum, " ", h("span", "opid", it.id)); }
    if (it.tr) { put(sum, " ", badge("trend-" + it.tr, it.tr === "new" ? "new failure" : "still failing")); }
    put(sum, " ", h("span", "muted", plural(it.rq || 0, "request")));
    if ((it.fl || []).length) { put(sum, " · ", h("span", "fail-n", plural(it.fl.length, "failure"))); }
    card.appendChild(sum);
    card.appendChild(put(h("p", "op-links"), opLink(group, it.mt + " " + it.p)));
    if (it.sr) { card.appendChild(put(h("p", "skip"), h("strong", null, "Skipped: "), it.sr)); }
    if (it.er) { card.appendChild(pre("Error", it.er)); }
    if ((it.ck || []).length) {
      var tbl = h("table", "checks");
      put(tbl, put(h("thead"), put(h("tr"), h("th", null, "Check"), h("th", "n", "passed"),
                                   h("th", "n", "failed"), h("th", "n", "N/A"))));
      var tb = h("tbody");
      it.ck.forEach(function (c) {
        var tr = h("tr", c[2] ? "bad" : (c[1] ? "" : "na"));
        put(tr, put(h("td"), h("code", null, c[0])), h("td", "n", c[1]), h("td", "n", c[2]), h("td", "n", c[3]));
        tb.appendChild(tr);
      });
      card.appendChild(put(tbl, tb));
    }
    var codes = h("div", "codes");
    put(codes, h("span", "pre-label", "Responses seen "));
    if (!(it.rc || []).length) { put(codes, h("span", "muted", "none")); }
    (it.rc || []).forEach(function (c) {
      var chip = h("span", "chip code " + (c[2] ? "doc" : "undoc"), c[0] + " ×" + c[1]);
      if (!c[2]) { chip.title = "not documented in the spec"; }
      put(codes, chip, " ");
    });
    put(codes, h("span", "pre-label", " Documented "), h("span", null, (it.dc || []).join(", ") || "none"));
    card.appendChild(codes);
    (it.fl || []).forEach(function (f) { card.appendChild(renderFailure(f)); });
    return card;
  }

  /* ---- groups ---- */
  function renderBody(g) {
    var body = g.body;
    body.textContent = "";
    var n = 0, prevOp = null, frag = document.createDocumentFragment();
    for (var j = 0; j < g.idx.length; j++) {
      var i = g.idx[j];
      if (!matched[i]) { continue; }
      n++;
      if (n > g.limit) { continue; }
      var it = items[i];
      if (D.kind === "specdiff") {
        if (it.op !== prevOp) { frag.appendChild(opHeader(it, g.name)); prevOp = it.op; }
        frag.appendChild(renderChange(it));
      } else {
        frag.appendChild(renderOp(it, g.name));
      }
    }
    body.appendChild(frag);
    if (n > g.limit) {
      var more = h("button", "more", "Show " + Math.min(CHUNK, n - g.limit) + " more of " + (n - g.limit) + " remaining");
      more.type = "button";
      more.addEventListener("click", function () { g.limit += CHUNK; renderBody(g); });
      body.appendChild(more);
    }
    g.rendered = epoch;
  }
  function buildGroups() {
    (D.sections || []).forEach(function (sec) {
      var host = document.getElementById("groups-" + sec.id);
      if (!host) { return; }
      sec.groups.forEach(function (gd) {
        var det = h("details", "group");
        det.setAttribute("data-group", gd[0]);
        var sum = h("summary");
        var name = h("span", "g-name", gd[0]);
        var count = h("span", "g-count");
        var badges = h("span", "g-badges");
        put(sum, name, " ", count, " ", badges);
        var body = h("div", "g-body");
        put(det, sum, body);
        host.appendChild(det);
        var g = { name: gd[0], idx: gd[1], el: det, count: count, badges: badges, body: body,
                  limit: CHUNK, rendered: -1, section: sec.id, auto: false };
        sum.addEventListener("click", function () { g.auto = false; });
        det.addEventListener("toggle", function () {
          if (det.open) { if (g.rendered !== epoch) { renderBody(g); } }
          else { body.textContent = ""; g.rendered = -1; g.limit = CHUNK; }
        });
        groups.push(g);
      });
    });
  }

  function apply(writeHash) {
    var s = state();
    epoch++;
    var total = 0, perSec = {};
    for (var i = 0; i < items.length; i++) {
      matched[i] = matches(i, s) ? 1 : 0;
    }
    (D.sections || []).forEach(function (sec) { perSec[sec.id] = { shown: 0, all: sec.total }; });
    var seen = new Uint8Array(items.length);
    groups.forEach(function (g) {
      var n = 0, by = {};
      // with a tag chosen, only that tag's group shows (items with several tags sit in several groups)
      for (var j = (s.tag && g.name !== s.tag) ? g.idx.length : 0; j < g.idx.length; j++) {
        var k = g.idx[j];
        if (!matched[k]) { continue; }
        n++;
        by[items[k].f] = (by[items[k].f] || 0) + 1;
        if (!seen[k]) { seen[k] = 1; perSec[g.section].shown++; }
      }
      g.n = n;
      g.el.hidden = n === 0;
      g.count.textContent = n === g.idx.length ? String(n) : n + " of " + g.idx.length;
      g.badges.textContent = "";
      (D.facetOrder || []).forEach(function (f) {
        if (by[f]) { put(g.badges, badge((FACET === "level" ? "lvl-" : "st-") + f, by[f] + " " + f), " "); }
      });
      total += n;
    });
    var autoOpen = total <= AUTO_OPEN;
    groups.forEach(function (g) {
      if (g.n && !g.el.open && (autoOpen || (s.tag && g.name === s.tag && g.n <= 4 * CHUNK))) {
        g.el.open = true; g.auto = true;
      } else if (g.auto && g.el.open && !autoOpen && !(s.tag && g.name === s.tag)) {
        g.el.open = false; g.auto = false;  // opened by a filter, not by the reader: close it again
      }
      g.limit = CHUNK;
      if (g.el.open && g.n) { renderBody(g); } else { g.body.textContent = ""; g.rendered = -1; }
    });
    var parts = [];
    (D.sections || []).forEach(function (sec) {
      var c = perSec[sec.id];
      var el = document.querySelector('.sec-count[data-section="' + sec.id + '"]');
      var msg = c.shown === c.all ? String(c.all) : c.shown + " of " + c.all;
      if (el) { el.textContent = msg; el.setAttribute("data-shown", String(c.shown)); }
      var none = document.getElementById("none-" + sec.id);
      if (none) { none.hidden = c.shown !== 0; }
      parts.push(c.shown + " of " + plural(c.all, sec.noun));
    });
    if (shown) { shown.textContent = "Showing " + parts.join(", "); }
    var hash = toHash();
    if (permalink) { permalink.href = "#" + hash; }
    if (writeHash) {
      try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); }
      catch (e) { /* some viewers forbid it: the permalink link still carries the state */ }
    }
  }

  function setAll(open) {
    groups.forEach(function (g) { if (g.n) { g.el.open = open; } });
  }

  buildGroups();
  fromHash();
  apply(false);
  var timer = null;
  facetInputs.forEach(function (el) { el.addEventListener("change", function () { apply(true); }); });
  if (tagSel) { tagSel.addEventListener("change", function () { apply(true); }); }
  if (ruleSel) { ruleSel.addEventListener("change", function () { apply(true); }); }
  if (qIn) {
    qIn.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { apply(true); }, 120);
    });
    qIn.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { qIn.value = ""; apply(true); }
      if (ev.key === "Enter") { ev.preventDefault(); if (timer) { clearTimeout(timer); } apply(true); }
    });
  }
  var reset = document.getElementById("f-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      facetInputs.forEach(function (el) { el.checked = true; });
      if (tagSel) { tagSel.value = ""; }
      if (ruleSel) { ruleSel.value = ""; }
      if (qIn) { qIn.value = ""; }
      apply(true);
    });
  }
  var ex = document.getElementById("f-expand"), co = document.getElementById("f-collapse");
  if (ex) { ex.addEventListener("click", function () { setAll(true); }); }
  if (co) { co.addEventListener("click", function () { setAll(false); }); }
  window.addEventListener("hashchange", function () { fromHash(); apply(false); });
  window.addEventListener("beforeprint", function () { setAll(true); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target && ev.target.tagName;
    if (ev.key === "/" && t !== "INPUT" && t !== "SELECT" && t !== "TEXTAREA" && qIn) {
      ev.preventDefault(); qIn.focus(); qIn.select();
    }
  });
  document.documentElement.setAttribute("data-ready", "1");
  if (window.performance && performance.mark) { performance.mark("specpact-ready"); }
})();
