// The workshop editor's facilitators field: search approved members and add them as ticked boxes (no library).
(function () {
  "use strict";
  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var search = root.querySelector("[data-search]");
    var results = root.querySelector("[data-results]");
    var chosen = root.querySelector("[data-chosen]");
    var timer = null;
    var latest = 0;
    function has(id) {
      return !!chosen.querySelector('input[value="' + id + '"]');
    }
    function add(item) {
      if (has(item.id)) return;
      var li = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = root.dataset.name;
      box.value = String(item.id);
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + item.label));
      li.appendChild(label);
      chosen.appendChild(li);
    }
    function show(items, message) {
      results.textContent = "";
      if (!items.length && message) {
        var li = document.createElement("li");
        li.textContent = message;
        results.appendChild(li);
        return;
      }
      items.forEach(function (item) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary";
        button.textContent = item.label;
        button.disabled = has(item.id);
        button.addEventListener("click", function () {
          add(item);
          button.disabled = true;
        });
        li.appendChild(button);
        results.appendChild(li);
      });
    }
    function run() {
      var query = search.value.trim();
      if (query.length < Number(root.dataset.min)) {
        show([], "");
        return;
      }
      var ticket = ++latest;
      fetch(root.dataset.url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (ticket === latest) show(data.results, data.message || root.dataset.none);
        });
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // do not submit the page form
    });
  }
  function all() {
    document.querySelectorAll("[data-member-chooser]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
