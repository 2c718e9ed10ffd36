// IMS console, Operations page: fetches the operations view every few seconds and draws it with uPlot.
(function () {
  "use strict";

  var REFRESH_MS = 5000;
  var PALETTE = ["#0b57d0", "#a50e0e", "#146c2e", "#7a4d00", "#6a1b9a", "#00695c", "#c2185b", "#37474f"];
  var main = document.getElementById("main");
  var minutes = document.getElementById("minutes");
  var jobsChart = null;
  var failureChart = null;
  var jobsSeriesKey = "";

  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function fill(id, rows, columns, empty) {
    var body = document.getElementById(id);
    body.innerHTML = "";
    if (rows.length === 0) {
      var row = document.createElement("tr");
      cell(row, empty, "empty").colSpan = columns.length;
      body.appendChild(row);
      return;
    }
    rows.forEach(function (item) {
      var row = document.createElement("tr");
      columns.forEach(function (column) {
        column(row, item);
      });
      body.appendChild(row);
    });
  }

  function width(element) {
    return Math.max(280, element.clientWidth - 8);
  }

  function drawJobs(perMinute) {
    var element = document.getElementById("jobs-chart");
    var names = Object.keys(perMinute.series).sort();
    var data = [perMinute.minutes].concat(names.map(function (name) {
      return perMinute.series[name];
    }));
    var key = names.join("|");
    if (jobsChart && key === jobsSeriesKey) {
      jobsChart.setData(data);
      return;
    }
    if (jobsChart) {
      jobsChart.destroy();
    }
    jobsSeriesKey = key;
    jobsChart = new uPlot({
      width: width(element), height: 260,
      series: [{}].concat(names.map(function (name, index) {
        return { label: name, stroke: PALETTE[index % PALETTE.length], width: 2,
          dash: name.indexOf("FAIL") >= 0 ? [6, 4] : undefined };
      })),
      axes: [{}, { label: "jobs / minute" }],
      scales: { y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } }
    }, data, element);
  }

  function drawFailureRate(perMinute) {
    var element = document.getElementById("failure-chart");
    var rates = perMinute.minutes.map(function (minute, index) {
      var failed = 0;
      var ended = 0;
      Object.keys(perMinute.series).forEach(function (name) {
        var count = perMinute.series[name][index] || 0;
        if (/ FAIL$/.test(name)) {
          failed += count;
          ended += count;
        } else if (/ SUCCESS$/.test(name)) {
          ended += count;
        }
      });
      return ended === 0 ? null : 100 * failed / ended;
    });
    var data = [perMinute.minutes, rates];
    if (failureChart) {
      failureChart.setData(data);
      return;
    }
    failureChart = new uPlot({
      width: width(element), height: 260,
      series: [{}, { label: "failed %", stroke: "#a50e0e", width: 2, spanGaps: false }],
      axes: [{}, { label: "% of ended jobs" }],
      scales: { y: { range: [0, 100] } }
    }, data, element);
  }

  function render(view) {
    document.getElementById("generated-at").textContent = new Date(view.generated_at).toLocaleTimeString();
    document.getElementById("generated-at").setAttribute("datetime", view.generated_at);
    var totals = view.totals;
    document.getElementById("total-accepted").textContent = totals.accepted;
    document.getElementById("total-succeeded").textContent = totals.succeeded;
    document.getElementById("total-failed").textContent = totals.failed;
    document.getElementById("total-running").textContent = totals.running;
    document.getElementById("total-failure-rate").textContent = (100 * totals.failure_rate).toFixed(1) + "%";
    drawJobs(view.jobs_per_minute);
    drawFailureRate(view.jobs_per_minute);
    fill("p95", Object.keys(view.p95_duration_seconds).sort().map(function (type) {
      return { type: type, seconds: view.p95_duration_seconds[type] };
    }), [
      function (row, item) { cell(row, item.type); },
      function (row, item) { cell(row, Number(item.seconds).toFixed(1), "num"); }
    ], "No job ended in this window.");
    fill("lag", view.consumer_lag, [
      function (row, item) { cell(row, item.group); },
      function (row, item) { cell(row, item.topic); },
      function (row, item) { cell(row, item.lag, "num"); }
    ], "No consumer group.");
    fill("breakers", view.breakers, [
      function (row, item) { cell(row, item.name); },
      function (row, item) { cell(row, item.instance); },
      function (row, item) {
        var badge = document.createElement("span");
        badge.className = "badge " + (item.state === "CLOSED" ? "ok" : (item.state === "OPEN" ? "bad" : "busy"));
        badge.textContent = item.state;
        cell(row, "").appendChild(badge);
      },
      function (row, item) { cell(row, item.since); },
      function (row, item) {
        cell(row, item.driver ? item.driver.type + " " + item.driver.endpoint : "not reported").title =
          item.driver ? item.driver.detail : "";
      },
      function (row, item) {
        var badge = document.createElement("span");
        var reachable = item.driver && item.driver.reachable;
        badge.className = "badge " + (!item.driver ? "busy" : (reachable ? "ok" : "bad"));
        badge.textContent = !item.driver ? "unknown" : (reachable ? "yes" : "no");
        if (item.driver) {
          badge.title = item.driver.detail;
        }
        cell(row, "").appendChild(badge);
      },
      function (row, item) { cell(row, item.updated_at); }
    ], "No worker has reported a breaker yet.");
    fill("failures", view.recent_failures, [
      function (row, item) { cell(row, item.end_time); },
      function (row, item) {
        var link = document.createElement("a");
        link.href = "/console/jobs/" + encodeURIComponent(item.job_id);
        link.textContent = item.job_type;
        cell(row, "").appendChild(link);
      },
      function (row, item) { cell(row, item.error_code); },
      function (row, item) { cell(row, item.fail_reason); }
    ], "No failures in this window.");
  }

  function showAnswer(html) {
    document.getElementById("alerts").innerHTML = html;
  }

  function refresh() {
    var request = new XMLHttpRequest();
    request.open("GET", main.dataset.source + "?minutes=" + encodeURIComponent(minutes.value));
    request.setRequestHeader("HX-Request", "true");
    request.onload = function () {
      if (request.status === 200) {
        document.getElementById("alerts").innerHTML = "";
        render(JSON.parse(request.responseText));
      } else if (request.getResponseHeader("HX-Redirect")) {
        window.location.assign(request.getResponseHeader("HX-Redirect"));
      } else {
        showAnswer(request.responseText);
      }
    };
    request.onerror = function () {
      showAnswer('<div class="alert error"><strong>Error <code class="code">IMS.0503</code>:</strong> ' +
        '<span class="message">The console could not reach IMS to refresh the figures; it will try again.</span></div>');
    };
    request.send();
  }

  minutes.addEventListener("change", refresh);
  refresh();
  window.setInterval(refresh, REFRESH_MS);
})();
