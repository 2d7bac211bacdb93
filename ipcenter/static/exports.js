// The exports page: each export still being built asks its status every two seconds and
// moves its progress bar; once ready, it offers the download. No library: fetch and the DOM.
(function () {
  var label = document.querySelector('[data-download-label]');
  var download = label ? label.getAttribute('data-download-label') : 'Download';
  function poll(row) {
    var url = row.getAttribute('data-export-status');
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        var bar = row.querySelector('progress');
        if (bar) { bar.value = status.percent; bar.textContent = status.percent + '%'; }
        row.querySelector('[data-role=label]').textContent = status.label;
        if (status.total !== null) {
          row.querySelector('[data-role=count]').textContent = status.done + ' / ' + status.total;
        }
        if (status.ready && status.download) {
          var link = document.createElement('a');
          link.className = 'btn btn-primary btn-sm';
          link.href = status.download;
          link.textContent = download;
          var cell = row.querySelector('[data-role=file]');
          cell.textContent = '';
          cell.appendChild(link);
        } else if (!status.failed && !status.expired) {
          window.setTimeout(function () { poll(row); }, 2000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, 5000); });
  }
  document.querySelectorAll('[data-export-status]').forEach(poll);
})();
