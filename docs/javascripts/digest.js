// Material's script looks for a sitemap.xml beside every <link rel="alternate"> once the page has
// loaded (to map language links; ours already point at each page's twin): the feed's link would
// cost every page a sitemap download, and a failed request from file://. Feed readers read the
// link from the page's HTML, so it leaves the live page before Material looks (this script runs
// before DOMContentLoaded).
document.querySelectorAll('head link[rel="alternate"]').forEach(function (link) { link.remove(); });

// The article's prose paragraphs (Markdown with attribute lists, build_scripts/writer.py).
var DIGEST_PROSE = "p.bi-en, p.bi-zh, p.digest-dek, p.digest-caption";

// Each paragraph of an article gets its ¶ link here, not in the page: it is the same for every
// paragraph, and a hundred of them would weigh on every page.
function digestAnchor(paragraph) {
  if (!paragraph.id || paragraph.querySelector(":scope > a.digest-anchor")) return;
  var anchor = document.createElement("a");
  anchor.className = "digest-anchor";
  anchor.href = "#" + paragraph.id;
  anchor.setAttribute("aria-label", document.documentElement.lang === "zh-Hant" ? "本段連結 · Link to this paragraph"
    : "本段链接 · Link to this paragraph");
  anchor.textContent = "¶";
  paragraph.appendChild(anchor);
}
document.querySelectorAll(DIGEST_PROSE).forEach(digestAnchor);

// Inside an English-Chinese pair, hovering or focusing a sentence lights up the sentences of
// the other language that translate it (they share data-g). Works offline; no dependencies.
(function () {
  // Material's search panel is a dialog without a name; screen readers announce it by this one.
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", document.documentElement.lang === "zh-Hant" ? "搜尋 · Search" : "搜索 · Search");
  }

  function mark(sentence, on) {
    var pair = sentence.closest(".bi-pair");
    if (!pair || !sentence.dataset.g) return;
    pair.querySelectorAll('.s[data-g="' + sentence.dataset.g + '"]').forEach(function (s) {
      s.classList.toggle("digest-hl", on);
    });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var s = event.target.closest && event.target.closest(".bi-pair .s[data-g]");
      if (s) mark(s, true);
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var s = event.target.closest && event.target.closest(".bi-pair .s[data-g]");
      if (s) mark(s, false);
    });
  });
})();

// An article's data (tooltip cards, the original script of converted paragraphs) is in a script
// beside the page (build_scripts/page_data.py), loaded the first time a reader needs it: a
// <script> element loads from file://, where fetch() cannot. digestPageData(callback) calls back
// with the data ({} when the page has none or the file fails to load).
window.digestPageData = (function () {
  var marker = document.getElementById("digest-page-data");
  var data = null, waiting = [], requested = false;
  function flush() { var queued = waiting; waiting = []; queued.forEach(function (callback) { callback(data); }); }
  function load(callback) {
    if (data) { callback(data); return; }
    if (!marker) { data = {}; callback(data); return; }
    waiting.push(callback);
    if (requested) return;
    requested = true;
    var script = document.createElement("script");
    script.src = marker.getAttribute("data-src");
    script.onerror = function () { data = {}; flush(); };
    document.head.appendChild(script);
  }
  load.receive = function (value) { data = value || {}; flush(); };
  load.available = Boolean(marker);
  return load;
})();

// Glossary tooltips: the entries a page mentions come as JSON, in the page (glossary pages) or in
// its data file (articles, loaded on the first hover, focus or tap). Hovering or focusing a mention shows the name in the other language,
// pinyin and the short description; on a touch screen the first tap shows the tooltip (with
// a link to the entry) and a second tap on a linked mention follows the link.
(function () {
  var dataElement = document.getElementById("digest-glossary-data");
  var entries = null, pending = null;
  if (dataElement) {
    try { entries = JSON.parse(dataElement.textContent); } catch (e) { return; }
  } else if (!window.digestPageData.available) {
    return;
  }
  var tip = document.createElement("div");
  tip.id = "gl-tip";
  tip.className = "gl-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var current = null, hideTimer = null, lastPointer = "mouse";

  function add(parent, tag, className, text, lang) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (lang) el.lang = lang;
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function fill(entry, mentionLang) {
    tip.textContent = "";
    var chinese = mentionLang.indexOf("zh") === 0;
    var traditional = mentionLang === "zh-Hant";
    var names = add(tip, "p", "gl-tip-names", "");
    if (chinese) {
      add(names, "strong", "", entry.en, "en");
      add(names, "span", "gl-tip-other", " " + (traditional ? entry.hant : entry.hans), traditional ? "zh-Hant" : "zh-Hans");
    } else {
      add(names, "strong", "", entry.hans, "zh-Hans");
      if (entry.hant !== entry.hans) add(names, "span", "gl-tip-other", " " + entry.hant, "zh-Hant");
    }
    if (entry.py) add(names, "span", "gl-tip-pinyin", " " + entry.py, "zh-Latn-pinyin");
    add(tip, "p", "gl-tip-type", entry.label, "en");
    if (chinese) add(tip, "p", "gl-tip-desc", traditional ? entry.dhant : entry.dhans, traditional ? "zh-Hant" : "zh-Hans");
    else add(tip, "p", "gl-tip-desc", entry.den, "en");
    var more = add(tip, "a", "gl-tip-more", chinese ? "词条 · Entry →" : "Glossary entry →", "");
    more.href = entry.url;
  }

  function place(target) {
    var box = target.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    var tipBox = tip.getBoundingClientRect();
    if (tipBox.bottom > document.documentElement.clientHeight && box.top > tipBox.height + 12) {
      tip.style.top = (box.top + window.scrollY - tipBox.height - 6) + "px";
    }
  }

  function show(target) {
    if (entries === null) {         // the data file is loading: show the card once it is here
      pending = target;
      window.digestPageData(function (data) {
        entries = data["digest-glossary-data"] || {};
        if (pending === target) show(target);
      });
      return;
    }
    pending = null;
    var entry = entries[entryOf(target)];
    if (!entry) return;
    clearTimeout(hideTimer);
    if (current && current !== target) current.removeAttribute("aria-describedby");
    current = target;
    var langHolder = target.closest("[lang]");
    fill(entry, langHolder ? langHolder.lang : "en");
    tip.hidden = false;
    target.setAttribute("aria-describedby", "gl-tip");
    place(target);
  }

  function hide() {
    pending = null;
    tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  // A mention is a link from the prose to a glossary entry, whose file name is the entry's id.
  var ENTRY_LINK = /(?:^|\/)glossary\/([^\/#?]+)\.html$/;
  function entryOf(link) {
    var match = ENTRY_LINK.exec(link.getAttribute("href") || "");
    return match ? decodeURIComponent(match[1]) : null;
  }
  function mentionOf(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    return link && link.closest(DIGEST_PROSE) && entryOf(link) ? link : null;
  }

  // Whether the tooltip was already open for the mention being tapped: decided before the tap
  // focuses the link (which opens the tooltip too).
  var openBeforeTap = false;
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    openBeforeTap = !tip.hidden && current === mentionOf(event);
  }, true);
  document.addEventListener("mouseover", function (event) {
    var mention = mentionOf(event);
    if (mention && lastPointer === "mouse") show(mention);
    else if (event.target.closest && event.target.closest("#gl-tip")) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", function (event) {
    if (lastPointer !== "mouse") return;
    if (mentionOf(event) || (event.target.closest && event.target.closest("#gl-tip"))) {
      hideTimer = setTimeout(hide, 250);
    }
  });
  document.addEventListener("focusin", function (event) {
    var mention = mentionOf(event);
    if (mention) show(mention);
  });
  document.addEventListener("focusout", function (event) {
    if (mentionOf(event)) hideTimer = setTimeout(hide, 250);
  });
  document.addEventListener("click", function (event) {
    var mention = mentionOf(event);
    if (mention && lastPointer !== "mouse") {
      if (!openBeforeTap) {
        event.preventDefault();       // first tap: explain; a second tap follows the link
        show(mention);
      }
      return;
    }
    if (!mention && !(event.target.closest && event.target.closest("#gl-tip"))) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !tip.hidden) hide();
  });
})();

// Glossary index: sort every table by English name or by pinyin.
(function () {
  var buttons = document.querySelectorAll(".gl-sort-button");
  if (!buttons.length) return;
  function sortBy(key) {
    document.querySelectorAll("table.gl-table tbody").forEach(function (body) {
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.dataset[key] || "", y = b.dataset[key] || "";
        return x < y ? -1 : x > y ? 1 : 0;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.sort === key));
    });
    try { localStorage.setItem("digest-glossary-sort", key); } catch (e) { /* private mode */ }
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () { sortBy(button.dataset.sort); });
  });
  var saved = null;
  try { saved = localStorage.getItem("digest-glossary-sort"); } catch (e) { /* private mode */ }
  if (saved === "py") sortBy("py");
})();

// The timeline page: years are collapsed sections. A link to an event or a month opens its year;
// the menu of glossary entries shows only the events naming one (every year open meanwhile).
(function () {
  var years = document.querySelectorAll("details.tl-year");
  if (!years.length) return;
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var year = target && target.closest("details.tl-year");
    if (year && !year.open) { year.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  var filter = document.querySelector(".tl-filter");
  var select = document.getElementById("tl-entity");
  if (!filter || !select) return;
  filter.hidden = false;
  var count = filter.querySelector(".tl-filter-count");
  var opened = null;            // which years the reader had open before filtering
  select.addEventListener("change", function () {
    var wanted = select.value, shown = 0;
    if (wanted && opened === null) opened = [].map.call(years, function (y) { return y.open; });
    years.forEach(function (year, i) {
      var inYear = 0;
      year.querySelectorAll("ol.tl-list").forEach(function (list) {
        var inList = 0;
        list.querySelectorAll(":scope > li.tl-event").forEach(function (item) {
          var match = !wanted || (" " + (item.dataset.entities || "") + " ").indexOf(" " + wanted + " ") >= 0;
          item.hidden = !match;
          if (match) inList++;
        });
        list.hidden = !inList;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H3") heading.hidden = !inList;
        inYear += inList;
      });
      year.hidden = !inYear;
      year.open = wanted ? inYear > 0 : Boolean(opened && opened[i]);
      shown += inYear;
    });
    count.textContent = wanted ? shown + (shown === 1 ? " event" : " events") : "";
    if (!wanted) opened = null;
  });
})();
