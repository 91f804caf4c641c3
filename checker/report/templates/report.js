(function () {
  "use strict";
  // Filters over data-* attributes: findings by fact, kind, level and review status;
  // the fact table and the timelines follow the fact filter.
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var findings = Array.prototype.slice.call(document.querySelectorAll("[data-finding]"));
  var byFact = Array.prototype.slice.call(document.querySelectorAll("[data-fact-row], [data-timeline]"));
  var shownCount = document.getElementById("shown-count");
  var noMatch = document.getElementById("no-match");

  function wanted() {
    var out = {};
    selects.forEach(function (select) { out[select.getAttribute("data-filter")] = select.value; });
    return out;
  }

  function matches(element, filters) {
    return Object.keys(filters).every(function (name) {
      return filters[name] === "" || element.getAttribute("data-" + name) === filters[name];
    });
  }

  function apply() {
    var filters = wanted();
    var shown = 0;
    findings.forEach(function (element) {
      var ok = matches(element, filters);
      element.hidden = !ok;
      if (ok) { shown += 1; }
    });
    byFact.forEach(function (element) {
      element.hidden = filters.fact !== "" && element.getAttribute("data-fact") !== filters.fact;
    });
    shownCount.textContent = String(shown);
    noMatch.hidden = shown !== 0 || findings.length === 0;
  }

  selects.forEach(function (select) { select.addEventListener("change", apply); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    apply();
  });
  apply();
}());
