/* Normsweep report: draws each charted section of report-data.js with ECharts into its div.ns-chart.
 * Where this cannot run (no scripts, no ECharts), the page keeps its PNGs open. The chart header keys of each
 * SQL file (chart, x, y, series, select, error, xscale, yscale, ylabel, dashed, values, id, color, hide) say how to
 * draw its rows. */
(function () {
  'use strict';
  var R = window.NORMSWEEP_REPORT;
  /* name -> ECharts instance; name -> trial ids the parallel-coordinates brush keeps (for tests and the console). */
  var charts = (window.normsweepCharts = {});
  var brushed = (window.normsweepBrushed = {});
  if (!R || !window.echarts) {
    return;
  }
  var STATUS_COLORS = {COMPLETED: '#2f7ed8', DIVERGED: '#d62728', FAILED: '#7f7f7f'};

  function col(s, name) {
    return name ? s.columns.indexOf(name.trim()) : -1;
  }
  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  function distinct(values) {
    var out = [];
    values.forEach(function (v) {
      if (v != null && out.indexOf(v) < 0) out.push(v);
    });
    return out;
  }
  function sorted(values) {
    var numeric = values.every(function (v) { return typeof v === 'number' || !isNaN(Number(v)); });
    return values.slice().sort(function (a, b) {
      return numeric ? Number(a) - Number(b) : String(a).localeCompare(String(b));
    });
  }
  /* The configuration a row belongs to: its config column, else the longest configuration its series starts with. */
  function configOf(s, row) {
    var ci = col(s, 'config');
    if (ci >= 0 && R.configs[row[ci]]) return row[ci];
    var si = col(s, s.chart.series);
    if (si < 0) return null;
    var name = String(row[si]);
    var best = null;
    Object.keys(R.configs).forEach(function (k) {
      if ((name === k || name.indexOf(k + ' ') === 0) && (!best || k.length > best.length)) best = k;
    });
    return best;
  }
  /* Hover text: every column of the row, then the settings and the trials behind it. */
  function tip(s, i) {
    var row = s.rows[i];
    var lines = s.columns.map(function (c, k) { return '<b>' + esc(c) + '</b>: ' + esc(row[k]); });
    var config = configOf(s, row);
    if (config) {
      lines.push('<b>settings</b>: ' + esc(config));
      lines.push('<b>trials</b>: ' + R.configs[config].map(function (t) {
        return esc(t[0]) + (t[1] === 'COMPLETED' ? '' : ' (' + esc(t[1]) + ')');
      }).join(', '));
    }
    return '<div class="ns-tip">' + lines.join('<br>') + '</div>';
  }
  function common(s, legend, o) {
    o.animation = false;
    o.tooltip = {trigger: 'item', confine: true, enterable: false,
      formatter: function (p) { return p.data && p.data.row != null ? tip(s, p.data.row) : p.name; }};
    if (legend) o.legend = {type: 'scroll', bottom: 0, data: legend};
    o.toolbox = {feature: {dataZoom: {yAxisIndex: 'none'}, restore: {}, saveAsImage: {}}};
    return o;
  }
  /* Row indices per series value, in row order, leaving out rows whose x or y is null. */
  function groups(s, ids, y) {
    var x = col(s, s.chart.x), g = col(s, s.chart.series), out = {}, order = [];
    ids.forEach(function (i) {
      var r = s.rows[i];
      if (r[x] == null || r[y] == null) return;
      var k = String(r[g]);
      if (!(k in out)) { out[k] = []; order.push(k); }
      out[k].push(i);
    });
    return {order: order, ids: out};
  }
  /* ECharts' default palette, set on each series so that its error bars (a second series of the same name, which
   * a legend click hides with it) take its colour. */
  var PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];
  var BAR_GAP = '30%', BAR_CATEGORY_GAP = '20%';
  /* Where series k's bar sits in its category, among the series the legend shows, as ECharts lays bars out. */
  function slot(s, gr, k, api) {
    var legend = charts[s.name].getModel().getComponent('legend');
    var shown = gr.order.filter(function (g) { return !legend || legend.isSelected(g); });
    var m = shown.indexOf(k);
    return m < 0 ? null
      : api.barLayout({count: shown.length, barGap: BAR_GAP, barCategoryGap: BAR_CATEGORY_GAP})[m];
  }
  /* Bars on a log axis, drawn here: ECharts grows them from 1 (up or down), so a value of 0.8 would be a sliver;
   * these rise from the bottom of the axis, as in the PNG. */
  function logBar(s, gr, k) {
    return function (params, api) {
      var at = slot(s, gr, k, api), v = api.value(1);
      if (!at || !(v > 0)) return null;
      var top = api.coord([api.value(0), v]), bottom = params.coordSys.y + params.coordSys.height;
      return {type: 'rect', shape: {x: top[0] + at.offset, y: top[1], width: at.width, height: bottom - top[1]},
        style: api.style()};
    };
  }
  /* Error bars of ± the error column around y: one custom series per data series (id 'error bars: NAME'), with
   * the rows whose error is not null. On a log axis a bar that would reach zero stops at the point. For bars, each
   * sits on its bar: the offset of the series among those the legend shows, as ECharts lays the bars out. */
  function errorBars(s, gr, log, cats) {
    var e = col(s, s.chart.error);
    if (e < 0) return [];
    var x = col(s, s.chart.x), y = col(s, s.chart.y), out = [];
    gr.order.forEach(function (k, n) {
      var data = gr.ids[k].filter(function (i) {
        return s.rows[i][e] != null && !(log && s.rows[i][y] <= 0);
      }).map(function (i) {
        var r = s.rows[i], low = r[y] - r[e];
        return {value: [cats ? cats.indexOf(String(r[x])) : r[x], log && low <= 0 ? r[y] : low, r[y] + r[e]], row: i};
      });
      if (!data.length) return;
      out.push({id: 'error bars: ' + k, name: k, type: 'custom', z: 3, itemStyle: {color: PALETTE[n % PALETTE.length]},
        encode: {x: 0, y: [1, 2]}, data: data,
        renderItem: function (params, api) {
          var low = api.coord([api.value(0), api.value(1)]), high = api.coord([api.value(0), api.value(2)]);
          var px = low[0], half = 5;
          if (cats) {
            var at = slot(s, gr, k, api);
            if (!at) return null;
            px += at.offsetCenter;
            half = Math.max(2, Math.min(6, at.width / 4));
          }
          var style = {stroke: cats ? '#444' : api.visual('color'), lineWidth: 1.5};
          return {type: 'group', children: [
            {type: 'line', shape: {x1: px, y1: low[1], x2: px, y2: high[1]}, style: style},
            {type: 'line', shape: {x1: px - half, y1: low[1], x2: px + half, y2: low[1]}, style: style},
            {type: 'line', shape: {x1: px - half, y1: high[1], x2: px + half, y2: high[1]}, style: style}]};
        }});
    });
    return out;
  }
  function line(s, ids) {
    var x = col(s, s.chart.x), y = col(s, s.chart.y), gr = groups(s, ids, y);
    var log = s.chart.yscale === 'log', logX = s.chart.xscale === 'log';
    return common(s, gr.order, {
      grid: {left: 70, right: 30, top: 40, bottom: 100},
      xAxis: {type: logX ? 'log' : 'value', name: s.chart.x, scale: true},
      yAxis: {type: log ? 'log' : 'value', name: s.chart.ylabel || s.chart.y, scale: true},
      dataZoom: [{type: 'inside'}, {type: 'slider', bottom: 40}],
      series: gr.order.map(function (k, n) {
        var rows = gr.ids[k];
        var color = PALETTE[n % PALETTE.length];
        return {name: k, type: 'line', symbolSize: rows.length > 30 ? 3 : 6, emphasis: {focus: 'series'},
          itemStyle: {color: color},
          lineStyle: {color: color, type: s.chart.dashed && k.endsWith(s.chart.dashed) ? 'dashed' : 'solid'},
          data: rows.map(function (i) {
            var v = s.rows[i][y];
            return {value: [s.rows[i][x], log && v <= 0 ? null : v], row: i};
          })};
      }).concat(errorBars(s, gr, log, null))
    });
  }
  function bar(s, ids) {
    var x = col(s, s.chart.x), y = col(s, s.chart.y), gr = groups(s, ids, y);
    var log = s.chart.yscale === 'log';
    var cats = sorted(distinct(ids.filter(function (i) { return s.rows[i][y] != null; })
      .map(function (i) { return String(s.rows[i][x]); })));
    return common(s, gr.order, {
      grid: {left: 70, right: 30, top: 40, bottom: 130},
      xAxis: {type: 'category', data: cats, name: s.chart.x, axisLabel: {rotate: cats.length > 6 ? 30 : 0}},
      yAxis: {type: log ? 'log' : 'value', name: s.chart.ylabel || s.chart.y},
      dataZoom: [{type: 'inside'}, {type: 'slider', bottom: 40}],
      series: gr.order.map(function (k, n) {
        var color = PALETTE[n % PALETTE.length];
        if (log) {
          return {name: k, type: 'custom', itemStyle: {color: color}, encode: {x: 0, y: 1}, renderItem: logBar(s, gr, k),
            data: gr.ids[k].map(function (i) {
              var v = s.rows[i][y];
              return {value: [cats.indexOf(String(s.rows[i][x])), v <= 0 ? null : v], row: i};
            })};
        }
        return {name: k, type: 'bar', emphasis: {focus: 'series'}, itemStyle: {color: color},
          barGap: BAR_GAP, barCategoryGap: BAR_CATEGORY_GAP, data: gr.ids[k].map(function (i) {
            return {value: [String(s.rows[i][x]), s.rows[i][y]], row: i};
          })};
      }).concat(errorBars(s, gr, log, cats))
    });
  }
  function heatmap(s, ids, valueColumn) {
    var x = col(s, s.chart.x), y = col(s, s.chart.y), v = col(s, valueColumn);
    var xs = sorted(distinct(ids.map(function (i) { return String(s.rows[i][x]); })));
    var ys = sorted(distinct(ids.map(function (i) { return String(s.rows[i][y]); })));
    var values = ids.map(function (i) { return s.rows[i][v]; }).filter(function (n) { return n != null; });
    return common(s, null, {
      grid: {left: 90, right: 30, top: 30, bottom: 90},
      xAxis: {type: 'category', data: xs, name: s.chart.x, splitArea: {show: true}},
      yAxis: {type: 'category', data: ys, name: s.chart.y, splitArea: {show: true}},
      visualMap: {min: values.length ? Math.min.apply(null, values) : 0,
        max: values.length ? Math.max.apply(null, values) : 1, calculable: true, orient: 'horizontal',
        left: 'center', bottom: 10},
      series: [{name: valueColumn, type: 'heatmap',
        label: {show: true, formatter: function (p) { return p.value[2] == null ? '' : Number(p.value[2]).toFixed(3); }},
        data: ids.map(function (i) {
          return {value: [xs.indexOf(String(s.rows[i][x])), ys.indexOf(String(s.rows[i][y])), s.rows[i][v]], row: i};
        })}]
    });
  }
  /* Parallel coordinates: one line per row, one axis per column but id, color and hide; a setting with one value
   * everywhere is left out (the last column, the outcome, stays). A brush on any axis keeps the lines inside it. */
  function parallel(s, ids) {
    var id = col(s, s.chart.id), color = col(s, s.chart.color);
    var hide = (s.chart.hide || '').split(',').map(function (h) { return h.trim(); });
    var dims = s.columns.map(function (c, i) { return i; }).filter(function (i) {
      return i !== id && i !== color && hide.indexOf(s.columns[i]) < 0;
    });
    dims = dims.filter(function (i, k) {
      return k === dims.length - 1 || distinct(ids.map(function (r) { return s.rows[r][i]; })).length > 1;
    });
    var axes = dims.map(function (i, k) {
      var values = distinct(ids.map(function (r) { return s.rows[r][i]; }));
      var categorical = k < dims.length - 1 || values.some(function (v) { return typeof v !== 'number'; });
      return categorical
        ? {dim: k, name: s.columns[i], type: 'category', data: sorted(values).map(String)}
        : {dim: k, name: s.columns[i], type: 'value', scale: true};
    });
    var statuses = sorted(distinct(ids.map(function (r) { return s.rows[r][color]; })));
    var option = common(s, statuses, {
      parallel: {left: 80, right: 110, top: 50, bottom: 60},
      parallelAxis: axes,
      series: statuses.map(function (st) {
        return {name: st, type: 'parallel', color: STATUS_COLORS[st], lineStyle: {width: 2, opacity: 0.7},
          inactiveOpacity: 0.05, activeOpacity: 1,
          data: ids.filter(function (r) { return s.rows[r][color] === st; }).map(function (r) {
            return {value: dims.map(function (i, k) {
              var v = s.rows[r][i];
              return v == null ? '-' : axes[k].type === 'category' ? String(v) : v;
            }), row: r};
          })};
      })
    });
    option.toolbox = {feature: {restore: {}, saveAsImage: {}}};
    return option;
  }
  /* After a brush: the trials whose every value lies inside the brushed intervals (ECharts' own test). */
  function countBrushed(chart, s, note) {
    var model = chart.getModel(), keep = [], total = 0, axes = [];
    for (var k = 0; model.getComponent('parallelAxis', k); k++) axes.push(model.getComponent('parallelAxis', k));
    chart.getOption().series.forEach(function (series) {
      series.data.forEach(function (item) {
        total++;
        var active = axes.every(function (a, k) {
          var v = item.value[k];
          if (a.axis.type === 'category') v = a.axis.scale.getOrdinalMeta().getOrdinal(v);
          return a.getActiveState(v) !== 'inactive';
        });
        if (active) keep.push(s.rows[item.row][col(s, s.chart.id)]);
      });
    });
    brushed[s.name] = keep;
    note.textContent = keep.length === total ? 'Drag along an axis to select a range (' + total + ' trials).'
      : keep.length + ' of ' + total + ' trials selected: ' + keep.join(', ');
  }
  function draw(s, el) {
    var all = s.rows.map(function (r, i) { return i; });
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    charts[s.name] = chart;
    var pick = s.chart.chart === 'heatmap' ? (s.chart.values || '').split(',').map(function (v) { return v.trim(); })
      : s.chart.select ? sorted(distinct(s.rows.map(function (r) { return r[col(s, s.chart.select)]; }))) : null;
    function render(choice) {
      var ids = all;
      if (s.chart.select && s.chart.chart !== 'heatmap') {
        var sc = col(s, s.chart.select);
        ids = all.filter(function (i) { return s.rows[i][sc] === choice; });
      }
      var t = s.chart.chart;
      var option = t === 'line' ? line(s, ids) : t === 'bar' ? bar(s, ids) : t === 'heatmap'
        ? heatmap(s, ids, choice) : parallel(s, ids);
      chart.setOption(option, true);
    }
    if (pick && pick.length > 1) {
      var controls = document.createElement('div');
      controls.className = 'ns-controls';
      var label = document.createElement('label');
      label.textContent = (s.chart.chart === 'heatmap' ? 'value' : s.chart.select) + ': ';
      var select = document.createElement('select');
      select.id = 'select-' + s.name;
      pick.forEach(function (p) {
        var o = document.createElement('option');
        o.value = o.textContent = String(p);
        select.appendChild(o);
      });
      select.addEventListener('change', function () { render(pick[select.selectedIndex]); });
      label.appendChild(select);
      controls.appendChild(label);
      el.parentNode.insertBefore(controls, el);
    }
    el.classList.add('ns-drawn');
    chart.resize();
    render(pick ? pick[0] : null);
    if (s.chart.chart === 'parallel') {
      var note = document.createElement('p');
      note.className = 'ns-note';
      note.id = 'brush-' + s.name;
      el.parentNode.insertBefore(note, el.nextSibling);
      countBrushed(chart, s, note);
      chart.on('axisareaselected', function () { countBrushed(chart, s, note); });
    }
    var csv = document.createElement('p');
    csv.className = 'ns-note';
    csv.innerHTML = 'Data: <a href="' + esc(s.csv) + '">' + esc(s.csv) + '</a>';
    el.parentNode.insertBefore(csv, el.nextSibling);
    var png = el.parentNode.querySelector('details.ns-png[data-for="' + s.name + '"]');
    if (png) png.removeAttribute('open');
  }
  R.sections.forEach(function (s) {
    var el = document.getElementById('chart-' + s.name);
    if (el) draw(s, el);
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
})();
