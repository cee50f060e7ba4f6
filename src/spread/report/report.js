// Renders the group timelines from the JSON in #data, 50 a page, and the
// side-by-side comparison of a row on click (texts parsed from #t<k> only
// then). Input text only ever goes into textContent.
(function () {
  'use strict';
  var PAGE = 50;
  var all = JSON.parse(document.getElementById('data').textContent).groups;
  all.forEach(function (g, k) { g.k = k; });
  var shown = all;
  var page = 0;
  var list = document.getElementById('groups');
  var count = document.getElementById('count');
  var pageLabel = document.getElementById('page');
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var filter = document.getElementById('filter');
  var textCache = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function pct(x) { return Math.round(100 * x) + '%'; }
  function name(m) { return m.outlet || m.id; }

  function render() {
    list.textContent = '';
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var from = page * PAGE;
    var to = Math.min(shown.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) frag.appendChild(card(shown[i]));
    list.appendChild(frag);
    count.textContent = shown.length
      ? 'Groups ' + (from + 1) + '\u2013' + to + ' of ' + shown.length +
        (shown.length < all.length ? ' (filtered from ' + all.length + ')' : '')
      : 'No group matches';
    pageLabel.textContent = 'Page ' + (page + 1) + ' of ' + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function card(g) {
    var c = el('article', 'group');
    c.id = 'g-' + g.id;
    var head = el('header', 'ghead');
    head.appendChild(el('h2', null, g.title || '(no headline)'));
    var meta = [g.size + ' records', g.outlets + ' outlets'];
    if (g.first) {
      meta.push(g.first === g.last ? g.first
        : g.first + ' \u2192 ' + g.last + (g.span ? ' (' + g.span + ')' : ''));
    } else {
      meta.push('undated');
    }
    meta.push('group ' + g.id);
    head.appendChild(el('p', 'meta', meta.join(' \u00b7 ')));
    var o = g.members[0];
    var note = 'Origin: ' + name(o) + (o.date ? ', ' + o.date : '');
    if (g.basis === 'tied') {
      note += ' \u2014 earliest date shared with ' + g.tied.join(', ') +
        '; taken as the origin because the others carry its text most fully';
    } else if (g.basis === 'undated') {
      note += ' \u2014 no member is dated; detection\u2019s canonical member is taken as the origin';
    }
    head.appendChild(el('p', 'origin', note));
    c.appendChild(head);

    // The axis spans every dated row, related records included (one may
    // be dated before the group's first member).
    var dated = g.members.filter(function (m) { return m.t != null; });
    var first = null, last = null;
    dated.forEach(function (m) {
      if (!first || m.t < first.t) first = m;
      if (!last || m.t > last.t) last = m;
    });
    var t0 = first ? first.t : null;
    var t1 = last ? last.t : null;
    var tl = el('div', 'timeline');
    var axis = el('div', 'axis');
    axis.appendChild(el('span', null, 'outlet \u00b7 date \u00b7 lag'));
    var ends = el('span', 'ends');
    ends.appendChild(el('span', null, first ? first.date : ''));
    ends.appendChild(el('span', null, t1 > t0 ? last.date : ''));
    axis.appendChild(ends);
    axis.appendChild(el('span', null, 'share of the origin printed'));
    tl.appendChild(axis);
    g.members.forEach(function (m, k) { tl.appendChild(row(c, g, k, t0, t1)); });
    c.appendChild(tl);
    var cmp = el('div', 'compare');
    cmp.hidden = true;
    c.appendChild(cmp);
    return c;
  }

  function row(c, g, k, t0, t1) {
    var m = g.members[k];
    var r = el('div', 'row ' + m.kind);
    r.tabIndex = 0;
    r.setAttribute('role', 'button');
    r.dataset.member = m.id;
    var who = el('div', 'who');
    who.appendChild(el('span', 'outlet', name(m)));
    var when = m.kind === 'related'
      ? (m.date ? m.date + ' \u00b7 ' : '') +
        (m.early ? 'dated before the group; shares text with ' : 'quotes ') + name(g.members[m.of])
      : (m.date || 'undated') + (k > 0 && m.lag ? ' \u00b7 ' + m.lag : '');
    var whenEl = el('span', 'when', when);
    whenEl.title = when;
    who.appendChild(whenEl);
    who.title = m.id;
    r.appendChild(who);
    var track = el('div', 'track');
    if (m.t != null && t0 != null) {
      var dot = el('span', 'dot');
      dot.style.left = (t1 > t0 ? 100 * (m.t - t0) / (t1 - t0) : 0) + '%';
      dot.title = m.date;
      track.appendChild(dot);
    } else if (m.kind !== 'related') {
      track.appendChild(el('span', 'nodate', 'no usable date'));
    }
    r.appendChild(track);
    var cov = el('div', 'cov');
    var bar = el('div', 'paras');
    // Each paragraph's segment as wide as the paragraph is long, so the
    // filled share of the bar is the share of the text printed.
    var pw = m.kind === 'related' ? m.pw : g.pw;
    var sized = pw && pw.length === m.flags.length;
    if (m.flags.length) {
      m.flags.split('').forEach(function (f, i) {
        var seg = el('span', f === '1' ? 'on' : '');
        if (sized) seg.style.flexGrow = String(pw[i]);
        bar.appendChild(seg);
      });
    } else {
      bar.appendChild(el('span', 'on'));
    }
    cov.appendChild(bar);
    cov.appendChild(el('span', 'pct', pct(m.cov)));
    cov.title = m.kind === 'origin' ? 'the origin'
      : pct(m.cov) + ' of ' + (m.kind === 'related' ? 'the quoted text' : 'the origin') +
        ' printed; ' + pct(m.from) + ' of this text is from it';
    r.appendChild(cov);
    var notes = [];
    if (m.kind === 'origin') notes.push('origin');
    if (m.para) {
      notes.push(m.kind === 'related' ? (m.early ? 'shares ' : 'quotes ') + m.para : m.para);
    }
    if (m.changed) notes.push('new headline: \u201c' + (m.title || '') + '\u201d');
    r.appendChild(el('div', 'note', notes.join(' \u00b7 ')));
    var open = function () { compare(c, g, k); };
    r.addEventListener('click', open);
    r.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); }
    });
    return r;
  }

  // A group's texts and passages, parsed on first use. Texts other than
  // the origin's come as pieces: strings, or [start, end) of the origin.
  function texts(g) {
    if (!textCache[g.k]) {
      var tx = JSON.parse(document.getElementById('t' + g.k).textContent);
      var origin = tx.texts[0].join('');
      tx.texts = tx.texts.map(function (pieces) {
        return pieces.map(function (p) {
          return typeof p === 'string' ? p : origin.slice(p[0], p[1]);
        }).join('');
      });
      textCache[g.k] = tx;
    }
    return textCache[g.k];
  }

  function compare(c, g, k) {
    var cmp = c.querySelector('.compare');
    var rows = c.querySelectorAll('.row');
    rows.forEach(function (r) { r.classList.remove('open'); });
    if (!cmp.hidden && cmp.dataset.k === String(k)) {
      cmp.hidden = true;
      return;
    }
    cmp.textContent = '';
    cmp.hidden = false;
    cmp.dataset.k = String(k);
    rows[k].classList.add('open');
    var m = g.members[k];
    if (k === 0) {
      cmp.appendChild(el('p', 'hint', 'This is the origin: click another row to compare it.'));
      return;
    }
    var tx = texts(g);
    var marks = tx.marks[k];
    var a = m.kind === 'related' ? m.of : 0;
    cmp.appendChild(el('p', 'hint', marks.length + ' shared passage' + (marks.length === 1 ? '' : 's') +
      ': ' + pct(m.cov) + ' of the ' + (a === 0 ? 'origin' : 'quoted text') + ' printed, ' +
      pct(m.from) + ' of this text is from it. Hover a passage to see its match.'));
    var cols = el('div', 'cols');
    cols.appendChild(side(a === 0 ? 'Origin' : 'Quoted', g.members[a], tx.texts[a],
      marks.map(function (x) { return [x[0], x[1]]; })));
    cols.appendChild(side(m.kind === 'related' ? 'Quoting' : 'Reprint', m, tx.texts[k],
      marks.map(function (x) { return [x[2], x[3]]; })));
    cols.addEventListener('mouseover', function (e) { hot(cmp, e.target, true); });
    cols.addEventListener('mouseout', function (e) { hot(cmp, e.target, false); });
    cols.addEventListener('click', function (e) {
      if (e.target.tagName !== 'MARK') return;
      var peers = cmp.querySelectorAll('mark[data-p="' + e.target.dataset.p + '"]');
      peers.forEach(function (p) { if (p !== e.target) p.scrollIntoView({ block: 'nearest' }); });
    });
    cmp.appendChild(cols);
    // Bring each side's first passage into its scroll box.
    cols.querySelectorAll('.text').forEach(function (box) {
      var first = box.querySelector('mark');
      if (first) box.scrollTop = first.offsetTop - 24;
    });
  }

  function hot(cmp, target, on) {
    if (target.tagName !== 'MARK') return;
    cmp.querySelectorAll('mark[data-p="' + target.dataset.p + '"]').forEach(function (p) {
      p.classList.toggle('hot', on);
    });
  }

  function side(label, m, text, ranges) {
    var s = el('div', 'side');
    s.appendChild(el('h3', null, label + ': ' + name(m)));
    s.appendChild(el('p', 'sub', (m.date || 'undated') + (m.title ? ' \u00b7 ' + m.title : '')));
    var body = el('div', 'text');
    var order = ranges.map(function (r, i) { return [r[0], r[1], i]; })
      .sort(function (x, y) { return x[0] - y[0]; });
    var pos = 0;
    order.forEach(function (r) {
      var start = Math.max(r[0], pos);
      if (r[1] <= start) return;
      if (start > pos) body.appendChild(document.createTextNode(text.slice(pos, start)));
      var mk = el('mark', 'p' + (r[2] % 6), text.slice(start, r[1]));
      mk.dataset.p = String(r[2]);
      body.appendChild(mk);
      pos = r[1];
    });
    if (pos < text.length) body.appendChild(document.createTextNode(text.slice(pos)));
    s.appendChild(body);
    return s;
  }

  function fromHash() {
    var h = new URLSearchParams(location.hash.slice(1));
    if (h.get('page')) page = parseInt(h.get('page'), 10) - 1 || 0;
    var id = h.get('group');
    var i = id ? shown.findIndex(function (g) { return g.id === id; }) : -1;
    if (i < 0) { render(); return; }
    page = Math.floor(i / PAGE);
    render();
    var g = shown[i];
    var c = document.getElementById('g-' + g.id);
    var k = g.members.findIndex(function (m) { return m.id === h.get('member'); });
    if (k >= 0) compare(c, g, k);
    c.scrollIntoView({ block: 'nearest' });
  }

  // Ids, outlets and headlines of a group, lower case, made on first use.
  function searchText(g) {
    if (g.search == null) {
      g.search = g.members.map(function (m) {
        return [m.id, m.outlet || '', m.title || ''].join('\n');
      }).join('\n').toLowerCase();
    }
    return g.search;
  }

  filter.addEventListener('input', function () {
    var q = filter.value.trim().toLowerCase();
    shown = q ? all.filter(function (g) { return searchText(g).indexOf(q) >= 0; }) : all;
    page = 0;
    render();
  });
  prev.addEventListener('click', function () { page--; render(); window.scrollTo(0, list.offsetTop - 60); });
  next.addEventListener('click', function () { page++; render(); window.scrollTo(0, list.offsetTop - 60); });
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
