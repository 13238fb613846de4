/* Normsweep live view: reloads data.js (window.NORMSWEEP_LIVE, rewritten by `normsweep run`) every second and
 * redraws. A file: page may load a script but not fetch a file, so the data is a script. */
(function () {
  'use strict';
  var RELOAD_MS = 1000;
  var charts = (window.normsweepCharts = {});
  window.normsweepLiveRenders = 0;
  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  function duration(s) {
    if (s == null || !isFinite(s)) return '-';
    s = Math.round(s);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h ? h + 'h' + String(m).padStart(2, '0') + 'm' : m ? m + 'm' + String(r).padStart(2, '0') + 's' : r + 's';
  }
  function chart(id, xName, yName) {
    if (!charts[id] && window.echarts) charts[id] = echarts.init(document.getElementById('chart-' + id));
    return charts[id];
  }
  function lines(id, xName, yName, series) {
    var c = chart(id);
    if (!c) return;
    c.setOption({
      animation: false,
      tooltip: {trigger: 'item', formatter: function (p) {
        return '<b>' + esc(p.seriesName) + '</b><br>' + esc(xName) + ' ' + p.value[0] + ': ' + p.value[1];
      }},
      legend: {type: 'scroll', bottom: 0},
      grid: {left: 60, right: 30, top: 30, bottom: 60},
      dataZoom: [{type: 'inside'}],
      xAxis: {type: 'value', name: xName, scale: true},
      yAxis: {type: 'value', name: yName, scale: true},
      series: series
    }, true);
  }
  function render(d) {
    var now = Date.now();
    var ids = Object.keys(d.trials);
    var done = 0, failed = 0;
    Object.keys(d.done).forEach(function (k) {
      done += d.done[k];
      if (k !== 'COMPLETED') failed += d.done[k];
    });
    var running = ids.filter(function (id) { return d.trials[id].status === 'RUNNING'; }).length;
    document.getElementById('heading').textContent = 'Normsweep: ' + d.sweep + ', run ' + d.run_id;
    var age = (now - d.updated) / 1000;
    var updated = document.getElementById('updated');
    var stale = d.state === 'running' && age > 30;
    updated.className = stale ? 'ns-old' : '';
    updated.textContent = 'Last updated ' + new Date(d.updated).toLocaleString() + ' (' + duration(age) + ' ago); run '
      + d.state + (stale ? ': no news for a while, the run may have stopped' : '') + '.';
    var elapsed = (d.updated - d.started) / 1000;
    document.getElementById('stats').innerHTML = [
      ['done', done + ' / ' + d.total], ['running', running + ' trials, ' + d.runs_running + ' training runs'],
      ['not completed', failed + (failed ? ' (' + Object.keys(d.done).filter(function (k) { return k !== 'COMPLETED'; })
        .map(function (k) { return d.done[k] + ' ' + k; }).join(', ') + ')' : '')],
      ['elapsed', duration(elapsed)], ['ETA', d.state === 'running' ? duration(d.eta_s) : '-']
    ].map(function (p) { return '<span id="stat-' + p[0].replace(' ', '-') + '">' + esc(p[0]) + ': <b>' + esc(p[1])
      + '</b></span>'; }).join('');
    function name(id) { return id + (d.trials[id].label ? ' ' + d.trials[id].label : ''); }
    lines('accuracy', 'epoch', 'test accuracy', ids.filter(function (id) { return d.trials[id].epochs; })
      .map(function (id) {
        return {name: name(id), type: 'line', data: d.trials[id].epochs.map(function (e) { return [e[0], e[1]]; })};
      }));
    // Running trials' curves (up to their last epoch's end) are dashed; finished ones solid.
    lines('loss', 'step', 'loss', ids.filter(function (id) { return d.trials[id].steps; }).map(function (id) {
      return {name: name(id), type: 'line', showSymbol: false, data: d.trials[id].steps,
        lineStyle: {type: d.trials[id].status === 'RUNNING' ? 'dashed' : 'solid'}};
    }));
    var rows = ['<tr><th>trial</th><th>settings</th><th>status</th><th>epoch</th><th>test accuracy</th></tr>'];
    ids.forEach(function (id) {
      var t = d.trials[id], last = t.epochs && t.epochs.length ? t.epochs[t.epochs.length - 1] : null;
      rows.push('<tr><td>' + esc(id) + '</td><td>' + esc(t.label) + '</td><td>' + esc(t.status) + '</td><td>'
        + (last ? last[0] + ' / ' + t.epochs_total : '') + '</td><td>' + (last && last[1] != null ? last[1].toFixed(4) : '')
        + '</td></tr>');
    });
    document.getElementById('trials').innerHTML = rows.join('');
    window.normsweepLiveRenders++;
  }
  function reload() {
    var old = document.getElementById('live-data');
    if (old) old.remove();
    var s = document.createElement('script');
    s.id = 'live-data';
    s.src = 'data.js?t=' + Date.now();
    s.onload = function () {
      if (window.NORMSWEEP_LIVE) render(window.NORMSWEEP_LIVE);
      if (!window.NORMSWEEP_LIVE || window.NORMSWEEP_LIVE.state === 'running'
          || window.NORMSWEEP_LIVE.state === 'starting') setTimeout(reload, RELOAD_MS);
    };
    s.onerror = function () { setTimeout(reload, RELOAD_MS); };
    document.body.appendChild(s);
  }
  reload();
})();
