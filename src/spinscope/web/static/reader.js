/* The article view: explain a highlight on click/Enter, walk findings with the
   keyboard (j/n next, k/p previous, Esc close), show one category at a time.
   Article text is hostile: this script only moves existing DOM nodes (cloneNode)
   and sets textContent; it never builds HTML from strings. */
(function () {
  "use strict";
  var reader = document.querySelector("[data-reader]");
  if (!reader) { return; }
  var card = document.getElementById("finding-card");
  var cardBody = card.querySelector(".card-body");
  var cardTitle = card.querySelector(".card-title");
  var items = Array.prototype.slice.call(reader.querySelectorAll("#findings-list > li.finding"));
  var current = -1; // index into visibleItems()

  function onlyCategory() { return reader.getAttribute("data-only") || ""; }

  function visibleItems() {
    var only = onlyCategory();
    return items.filter(function (li) { return !only || li.getAttribute("data-category") === only; });
  }

  function numbers(mark) {
    return (mark.getAttribute("data-f") || "").split(" ").filter(Boolean);
  }

  function marksOf(n) {
    return Array.prototype.slice.call(reader.querySelectorAll("mark.hl")).filter(function (m) {
      return numbers(m).indexOf(n) !== -1;
    });
  }

  function firstMarkOf(n) {
    var all = marksOf(n);
    return all.length ? all[0] : null;
  }

  function clearCurrent() {
    Array.prototype.forEach.call(reader.querySelectorAll(".is-current"), function (el) {
      el.classList.remove("is-current");
    });
  }

  function place(mark) {
    var box = reader.getBoundingClientRect();
    var rect = mark.getBoundingClientRect();
    var width = card.offsetWidth || 420;
    var left = rect.left - box.left;
    var maxLeft = reader.clientWidth - width - 8;
    card.style.left = Math.max(0, Math.min(left, maxLeft)) + "px";
    card.style.top = (rect.bottom - box.top + 8) + "px";
  }

  function open(mark, focusNumber) {
    var only = onlyCategory();
    var shown = numbers(mark).filter(function (n) {
      var li = document.getElementById("f-" + n);
      return li && (!only || li.getAttribute("data-category") === only);
    });
    if (!shown.length) { return; }
    clearCurrent();
    var primary = mark.getAttribute("data-primary");
    var n = focusNumber || (shown.indexOf(primary) !== -1 ? primary : shown[0]);
    shown.sort(function (a, b) { return (a === n ? -1 : 0) - (b === n ? -1 : 0) || a - b; });
    while (cardBody.firstChild) { cardBody.removeChild(cardBody.firstChild); }
    shown.forEach(function (k) {
      var source = document.getElementById("f-" + k).querySelector(".finding-body");
      var copy = source.cloneNode(true);
      if (k === n) { copy.classList.add("is-current"); }
      cardBody.appendChild(copy);
    });
    var list = visibleItems();
    current = list.indexOf(document.getElementById("f-" + n));
    // the page gives these in the article's language
    cardTitle.textContent =
      card.getAttribute("data-title-template")
        .replace("{n}", current + 1).replace("{total}", list.length) +
      (shown.length > 1
        ? card.getAttribute("data-overlap-template").replace("{k}", shown.length) : "");
    marksOf(n).forEach(function (m) { m.classList.add("is-current"); });
    document.getElementById("f-" + n).classList.add("is-current");
    card.hidden = false;
    place(mark);
  }

  function close() {
    card.hidden = true;
    clearCurrent();
  }

  function go(step) {
    var list = visibleItems();
    if (!list.length) { return; }
    var next = current < 0 ? (step > 0 ? 0 : list.length - 1) : (current + step + list.length) % list.length;
    var n = list[next].getAttribute("data-n");
    var mark = firstMarkOf(n);
    if (!mark) { return; }
    mark.focus({ preventScroll: true });
    mark.scrollIntoView({ block: "center", behavior: "auto" });
    open(mark, n);
  }

  reader.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.hl");
    if (mark && reader.contains(mark)) {
      open(mark);
      event.stopPropagation();
      return;
    }
    var jump = event.target.closest("a.jump");
    if (jump) {
      event.preventDefault();
      var n = jump.getAttribute("data-n");
      var target = firstMarkOf(n);
      if (target) {
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: "center" });
        open(target, n);
      }
      return;
    }
    var toggle = event.target.closest("[data-category].toggle");
    if (toggle) {
      event.preventDefault();
      setOnly(toggle.getAttribute("data-category"));
    }
  });

  card.querySelector(".card-close").addEventListener("click", close);
  card.querySelector(".card-next").addEventListener("click", function () { go(1); });
  card.querySelector(".card-prev").addEventListener("click", function () { go(-1); });

  document.addEventListener("click", function (event) {
    if (!card.hidden && !card.contains(event.target) && !event.target.closest("mark.hl")) { close(); }
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (key === "j" || key === "n") { event.preventDefault(); go(1); }
    else if (key === "k" || key === "p") { event.preventDefault(); go(-1); }
    else if (key === "Escape") { close(); }
    else if ((key === "Enter" || key === " ") && event.target.matches && event.target.matches("mark.hl")) {
      event.preventDefault();
      open(event.target);
    }
  });

  function setOnly(category) {
    if (category) { reader.setAttribute("data-only", category); } else { reader.removeAttribute("data-only"); }
    Array.prototype.forEach.call(reader.querySelectorAll(".toggle"), function (t) {
      var on = (t.getAttribute("data-category") || "") === (category || "");
      t.classList.toggle("is-on", on);
      if (t.tagName === "BUTTON") { t.setAttribute("aria-pressed", on ? "true" : "false"); }
      else if (on) { t.setAttribute("aria-current", "true"); } else { t.removeAttribute("aria-current"); }
    });
    // Only findings of the chosen category stay in the keyboard order.
    Array.prototype.forEach.call(reader.querySelectorAll("mark.hl"), function (m) {
      var inCategory = !category || m.classList.contains("has-" + category);
      if (m.hasAttribute("data-first")) { m.setAttribute("tabindex", inCategory ? "0" : "-1"); }
    });
    close();
    current = -1;
    if (window.history && window.history.replaceState && reader.querySelector("a.toggle")) {
      var url = new URL(window.location.href);
      if (category) { url.searchParams.set("only", category); } else { url.searchParams.delete("only"); }
      url.hash = "";
      window.history.replaceState(null, "", url.pathname + url.search);
    }
  }

  if (onlyCategory()) { setOnly(onlyCategory()); }

  var hash = /^#f-(\d+)$/.exec(window.location.hash);
  if (hash) {
    var start = firstMarkOf(hash[1]);
    if (start) { start.scrollIntoView({ block: "center" }); open(start, hash[1]); }
  }
})();
