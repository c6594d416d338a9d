// The live page: watts from /api/live (server-sent events), drawn on a canvas by hand.
'use strict';
(function () {
  const WINDOW_MS = 5 * 60 * 1000;
  const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
    '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  const CARRY_MS = 10000; // how long a series' last watts stand in for it (one read less often)
  const live = { events: 0, series: [], key: '', t: [], w: [], total: [], last: [], bucketMs: 500 };
  window.jouleflowLive = live;
  const $ = (id) => document.getElementById(id);
  const fmt = (w) => (w === null || w === undefined ? '–' : w.toFixed(w < 10 ? 2 : 1));

  let source = null;
  let retry = null;

  // A hidden tab gives its stream (one of a few slots) back, and takes a new one when shown.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      clearTimeout(retry);
      if (source) source.close();
      source = null;
      state('paused (tab hidden)', false);
    } else if (!source) {
      connect();
    }
  });

  function connect() {
    source = new EventSource('api/live');
    source.addEventListener('hello', (e) => hello(JSON.parse(e.data)));
    source.addEventListener('watts', (e) => watts(JSON.parse(e.data)));
    source.addEventListener('status', (e) => status(JSON.parse(e.data)));
    source.onopen = () => state('live', true);
    source.onerror = () => {
      state('reconnecting…', false);
      if (source && source.readyState === EventSource.CLOSED) { // refused (503): try again later
        source = null;
        retry = setTimeout(() => { if (!document.hidden && !source) connect(); }, 5000);
      }
    };
  }

  function state(text, up) {
    $('state').textContent = text;
    $('state').className = up ? 'state live' : 'state';
  }

  function hello(h) {
    const key = JSON.stringify(h.series.map((s) => s.labels));
    if (key !== live.key) {
      Object.assign(live, { key: key, series: h.series, t: [], w: [], total: [], last: [] });
      powerTable();
    }
    live.bucketMs = Math.max(500, h.intervalMs);
    h.history.t.forEach((t, i) => add(t, h.history.w[i], true));
    draw();
  }

  // One point per series and time; live rows are averaged into buckets of bucketMs for the chart,
  // each series over the rows that have a value for it.
  function add(t, values, whole) {
    const last = live.t.length - 1;
    if (last >= 0 && t <= live.t[last]) {
      return;
    }
    values.forEach((v, i) => { if (v !== null) live.last[i] = { w: v, t: t }; });
    const bucket = Math.floor(t / live.bucketMs);
    if (!whole && last >= 0 && Math.floor(live.t[last] / live.bucketMs) === bucket && live.n) {
      live.w[last] = live.w[last].map((m, i) => {
        if (values[i] === null) return m;
        live.n[i] += 1;
        return m === null ? values[i] : m + (values[i] - m) / live.n[i];
      });
      live.t[last] = t;
    } else {
      live.n = values.map((v) => (v === null ? 0 : 1));
      live.t.push(t);
      live.w.push(values.slice());
    }
    live.total[live.t.length - 1] = hostTotal(carried(live.w[live.t.length - 1], t));
    while (live.t.length && live.t[0] < t - WINDOW_MS) {
      live.t.shift(); live.w.shift(); live.total.shift();
    }
  }

  function hostTotal(values) {
    let sum = null;
    live.series.forEach((s, i) => {
      if (s.inHostTotal && values[i] !== null) sum = (sum || 0) + values[i];
    });
    return sum;
  }

  // A series without a value at t (read less often than the rows come) counts with its last watts.
  function carried(values, t) {
    return values.map((v, i) => {
      const last = live.last[i];
      return v !== null ? v : last && t - last.t <= CARRY_MS ? last.w : null;
    });
  }

  function watts(batch) {
    live.events += 1;
    batch.t.forEach((t, i) => add(t, batch.w[i], false));
    const newest = carried(batch.w[batch.w.length - 1], batch.t[batch.t.length - 1]);
    newest.forEach((w, i) => {
      if (w !== null) document.querySelector('tr[data-series="' + i + '"] td.n').textContent = fmt(w);
    });
    const total = hostTotal(newest);
    if (total !== null) $('total').textContent = $('totalCell').textContent = fmt(total);
    live.skipped = batch.skipped;
    draw();
  }

  function powerTable() {
    const rows = live.series.map((s, i) => '<tr data-series="' + i + '"><td class="swatch" style="background:'
      + COLORS[i % COLORS.length] + '"></td><td>' + esc(s.labels.source) + '</td><td>'
      + esc(s.labels.domain) + '</td><td>' + esc(s.labels.device) + '</td><td class="n">–</td></tr>');
    $('power').innerHTML = '<tr><th></th><th>source</th><th>domain</th><th>device</th><th>watts</th></tr>'
      + rows.join('') + '<tr><td class="swatch" style="background:#222"></td><td colspan="3">host total'
      + ' (package, dram, gpu)</td><td class="n" id="totalCell">–</td></tr>';
  }

  function draw() {
    const canvas = $('chart');
    const ctx = canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const left = 56;
    const bottom = height - 22;
    const end = live.t.length ? live.t[live.t.length - 1] : Date.now();
    // the last 5 minutes, or as much as the page has seen, at least 30 s
    const span = Math.min(WINDOW_MS, Math.max(30000, live.t.length ? end - live.t[0] : 0));
    const top = niceMax(Math.max(1, ...live.total.filter((v) => v !== null),
      ...live.w.flat().filter((v) => v !== null)));
    const x = (t) => left + ((t - (end - span)) / span) * (width - left - 8);
    const y = (w) => bottom - (w / top) * (bottom - 8);
    grid(ctx, left, width, bottom, top, y, x, end, span);
    let points = 0;
    live.series.forEach((s, i) => {
      points += line(ctx, live.w.map((v) => v[i]), COLORS[i % COLORS.length], 1.5, x, y);
    });
    points += line(ctx, live.total, '#222', 2.5, x, y);
    canvas.dataset.points = points;
  }

  function grid(ctx, left, width, bottom, top, y, x, end, span) {
    ctx.strokeStyle = '#e2e2e2';
    ctx.fillStyle = '#555';
    ctx.lineWidth = 1;
    ctx.font = '12px sans-serif';
    for (let i = 0; i <= 4; i++) {
      const w = (top * i) / 4;
      ctx.beginPath(); ctx.moveTo(left, y(w)); ctx.lineTo(width - 8, y(w)); ctx.stroke();
      ctx.fillText((Number.isInteger(w) ? w : w.toFixed(1)) + ' W', 4, y(w) + 4);
    }
    const step = [5, 10, 15, 30, 60].map((s) => s * 1000).find((s) => span / s <= 6) || 60000;
    for (let ago = 0; ago <= span; ago += step) {
      const label = ago === 0 ? 'now' : ago % 60000 ? '-' + ago / 1000 + ' s' : '-' + ago / 60000 + ' min';
      ctx.fillText(label, x(end - ago) - (ago === 0 ? 24 : 16), bottom + 16);
    }
  }

  function line(ctx, values, color, width, x, y) {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    let drawn = 0;
    let pen = false;
    values.forEach((v, j) => {
      if (j > 0 && live.t[j] - live.t[j - 1] > 4 * live.bucketMs) pen = false; // the agent was away
      if (v === null || v === undefined) return; // no reading in this bucket: the line goes on
      if (pen) ctx.lineTo(x(live.t[j]), y(v)); else ctx.moveTo(x(live.t[j]), y(v));
      pen = true;
      drawn += 1;
    });
    ctx.stroke();
    return drawn;
  }

  // The chart's top: a round number at least 5 % above v (quarters read well).
  function niceMax(v) {
    const step = Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 4, 6, 8, 10].map((f) => f * step).find((m) => m >= v * 1.05) ?? 20 * step;
  }
  live.niceMax = niceMax;

  function status(s) {
    $('uptime').textContent = duration(s.uptimeSeconds);
    const pick = (name) => s.metrics.filter((m) => m.name === name);
    const sum = (name) => pick(name).reduce((a, m) => a + (m.value || 0), 0);
    $('consumers').innerHTML = s.samplesOnMetrics
      ? '<tr><th>consumer</th><th>lag</th><th>dropped</th><th>scrapes</th><th>failed</th><th>last seen</th></tr>'
        + s.consumers.map((c) => '<tr><td>' + esc(c.name) + '</td><td class="n">' + c.lagSeconds.toFixed(1)
          + ' s</td><td class="n">' + c.samplesDropped + '</td><td class="n">' + c.scrapes + '</td><td class="n">'
          + c.failedScrapes + '</td><td class="n">' + duration(c.lastSeenSecondsAgo) + ' ago</td></tr>').join('')
        + (s.consumers.length ? '' : '<tr><td colspan="6">no scraper yet</td></tr>')
      : '<tr><td>/metrics serves only the agent\'s own metrics; samples are pushed</td></tr>';
    const lastPush = pick('jouleflow_remote_write_last_success_timestamp_seconds');
    $('push').hidden = lastPush.length === 0;
    if (lastPush.length) {
      const at = lastPush[0].value;
      $('pushes').innerHTML = rows([
        ['last success', at ? duration(Date.now() / 1000 - at) + ' ago' : 'never'],
        ['requests waiting for a retry', sum('jouleflow_remote_write_batches_pending')],
        ['spool bytes', sum('jouleflow_spool_bytes')],
        ['samples sent', sum('jouleflow_remote_write_samples_sent_total')],
        ['samples failed (per attempt)', sum('jouleflow_remote_write_samples_failed_total')],
        ['samples dropped', sum('jouleflow_remote_write_samples_dropped_total')]]);
    }
    const plugins = {};
    s.metrics.filter((m) => m.labels.plugin !== undefined).forEach((m) => {
      const p = (plugins[m.labels.plugin] = plugins[m.labels.plugin] || {});
      const key = m.name.replace(/^jouleflow_/, '').replace(/_total$/, '')
        + (m.labels.stage ? ' ' + m.labels.stage : '');
      p[key] = (p[key] || 0) + (m.value || 0);
    });
    $('plugins').hidden = Object.keys(plugins).length === 0;
    $('pluginTable').innerHTML = Object.entries(plugins).map(([name, counters]) =>
      '<tr><th colspan="2">' + esc(name) + '</th></tr>' + rows(Object.entries(counters))).join('');
    $('streams').textContent = 'Live streams open: ' + s.streams.open + ' of at most ' + s.streams.max + '.';
  }

  function rows(pairs) {
    return pairs.map(([k, v]) => '<tr><td>' + esc(k) + '</td><td class="n">' + esc(v) + '</td></tr>').join('');
  }

  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    const parts = [[Math.floor(s / 86400), 'd'], [Math.floor(s / 3600) % 24, 'h'],
      [Math.floor(s / 60) % 60, 'min'], [s % 60, 's']];
    const first = parts.findIndex(([n]) => n > 0);
    return first < 0 ? '0 s' : parts.slice(first, first + 2).map(([n, u]) => n + ' ' + u).join(' ');
  }

  function esc(v) {
    return String(v === undefined ? '' : v).replace(/[&<>"]/g, (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  }

  connect();
}());
