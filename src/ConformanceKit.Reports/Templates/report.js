// ConformanceKit report: severity filters and text search over findings, expand/collapse, and opening the
// sections a link points into. No data lives here: everything is read from the page.
(function () {
  'use strict';
  var list = document.getElementById('findings-list');
  var search = document.getElementById('finding-search');
  var count = document.getElementById('finding-count');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-severity-filter]'));

  function applyFilters() {
    if (!list) return;
    var query = (search && search.value || '').trim().toLowerCase();
    var enabled = {};
    boxes.forEach(function (b) { enabled[b.value] = b.checked; });
    var shown = 0, total = 0;
    Array.prototype.forEach.call(list.querySelectorAll('.finding'), function (f) {
      total++;
      var visible = enabled[f.getAttribute('data-severity')] !== false &&
        (query === '' || f.textContent.toLowerCase().indexOf(query) >= 0);
      f.hidden = !visible;
      if (visible) shown++;
    });
    if (count) count.textContent = shown + ' of ' + total + ' findings shown';
  }

  function reveal(id) {
    var target = id && document.getElementById(id);
    for (var e = target; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
    if (target && target.hidden) { target.hidden = false; }
  }

  boxes.forEach(function (b) { b.addEventListener('change', applyFilters); });
  if (search) search.addEventListener('input', applyFilters);
  window.addEventListener('hashchange', function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (a) reveal(decodeURIComponent(a.getAttribute('href').slice(1)));
    var b = ev.target.closest && ev.target.closest('button[data-expand]');
    if (b) {
      var open = b.getAttribute('data-expand') === 'all';
      Array.prototype.forEach.call(document.querySelectorAll('main details'), function (d) {
        if (!d.classList.contains('dump') && !d.classList.contains('raw')) d.open = open;
      });
    }
  });
  // Paper has no clicks: print every section open, but not the long dumps and raw transcripts.
  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('main details:not([open])'), function (d) {
      if (!d.classList.contains('dump') && !d.classList.contains('raw')) { d.open = true; openedForPrint.push(d); }
    });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
  applyFilters();
})();
