// Reading choices, remembered in localStorage (which also works from file://):
// - the script variant (简体 at the site's root, 繁體 under zh-Hant/): the header's 简体 / 繁體
//   switch opens the same page, at the paragraph in view; a page opened in the other variant (a
//   shared link, a bookmark) stays as it is and offers the reader's variant in a line above the
//   text, never by a redirect;
// - the original script of converted paragraphs (in the page's data file), shown on request;
// - the reading mode of an article: side by side, interleaved, Chinese only or English only.
(function () {
  var VARIANT_KEY = "digest-variant", MODE_KEY = "digest-mode";
  var root = document.documentElement;
  var here = root.lang === "zh-Hant" ? "zh-Hant" : "zh";
  var hant = here === "zh-Hant";

  function stored(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  // Our switch (overrides/partials/alternate.html), or Material's menu if the override is gone.
  var SWITCH = "a.digest-script-link[hreflang], a.md-select__link[hreflang]";
  var NAMES = {"zh": "简体", "zh-Hant": "繁體"};
  function variantLink(code) {
    var links = document.querySelectorAll(SWITCH);
    for (var i = 0; i < links.length; i++) if (links[i].getAttribute("hreflang") === code) return links[i];
    return null;
  }

  // --- variant -------------------------------------------------------------------------------
  var wanted = stored(VARIANT_KEY);
  var twin = wanted && wanted !== here ? variantLink(wanted) : null;
  var content = document.querySelector(".md-content__inner");
  if (twin && content && NAMES[wanted]) {
    var offer = document.createElement("p");
    offer.className = "digest-variant-offer";
    var go = document.createElement("a");
    go.href = twin.href.split("#")[0] + location.hash;
    go.hreflang = wanted;
    go.lang = wanted === "zh" ? "zh-Hans" : wanted;
    go.textContent = wanted === "zh" ? "阅读简体版" : "閱讀繁體版";
    go.addEventListener("click", function () { store(VARIANT_KEY, wanted); });
    var stay = document.createElement("button");
    stay.type = "button";
    stay.textContent = hant ? "留在繁體版" : "留在简体版";
    stay.addEventListener("click", function () { store(VARIANT_KEY, here); offer.remove(); });
    offer.appendChild(go);
    offer.appendChild(document.createTextNode(" · "));
    offer.appendChild(stay);
    content.insertBefore(offer, content.firstChild);
  }

  // The first block the reader can see: the first whose bottom is below the sticky header.
  function anchorInView() {
    var header = document.querySelector(".md-header");
    var line = header ? header.getBoundingClientRect().bottom : 0;
    var candidates = document.querySelectorAll(".md-content [id]:not(script):not(input):not(.bi-pair)");
    for (var i = 0; i < candidates.length; i++) {
      var box = candidates[i].getBoundingClientRect();
      if (box.height > 0 && box.bottom > line + 1) return candidates[i].id;
    }
    return "";
  }

  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(SWITCH);
    if (!link) return;
    event.preventDefault();
    event.stopImmediatePropagation();       // Material would fetch sitemap.xml, which file:// forbids
    store(VARIANT_KEY, link.getAttribute("hreflang"));
    if (link.getAttribute("aria-current") === "page") return;
    var id = window.scrollY > 0 ? anchorInView() : location.hash.slice(1);
    location.href = link.href.split("#")[0] + (id ? "#" + id : "");
  }, true);

  // --- search results ------------------------------------------------------------------------
  // One search index serves both variants. On the hosted site the worker already lists each page
  // once, as this variant's copy (build_scripts/search_shards.js); from disk lunr finds a page in
  // each variant. Point every result at this variant's twin of the page (a name typed in the
  // other script still finds it) and show each page once.
  // Material sends a query on keyup. Text that comes without one (an input method's commit in
  // some browsers, a paste with the mouse, Chinese typed by a test) waited for the next key, or
  // for the index to be ready: on the hosted site the chunked index is ready at once
  // (build_scripts/search_shards.js). Every input sends its query; Material drops repeats.
  var searchInput = document.querySelector("input.md-search__input");
  if (searchInput) {
    searchInput.addEventListener("input", function () {
      searchInput.dispatchEvent(new KeyboardEvent("keyup", { bubbles: false }));
    });
  }
  var config = document.getElementById("__config");
  var results = document.querySelector(".md-search-result__list");
  if (config && results) {
    var base = "";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { base = "."; }
    var siteRoot = new URL(base.replace(/\/?$/, "/"), location.href).href;
    var HANT_DIR = "zh-Hant/";
    var inThisVariant = function (href) {
      if (href.indexOf(siteRoot) !== 0) return href;
      var rest = href.slice(siteRoot.length), inHant = rest.indexOf(HANT_DIR) === 0;
      if (hant && !inHant) return siteRoot + HANT_DIR + rest;
      if (!hant && inHant) return siteRoot + rest.slice(HANT_DIR.length);
      return href;
    };
    // The hosted site's chunked index answers with a query's best `max_pages` pages
    // (build_scripts/search_index.py): a count of exactly that many says "N+".
    var listed = 0;
    if (location.protocol !== "file:" && window.fetch) {
      fetch(siteRoot + "search/search_index.json").then(function (response) { return response.json(); })
        .then(function (index) { listed = ((index.config || {}).shards || {}).max_pages || 0; })
        .catch(function () { listed = 0; });
    }
    // From disk, the whole index is in the page (search/search_index.js): a result found only in
    // the other variant's copy gets the titles of this variant's copy, which it now links to.
    var titles = null;
    var retitle = function (item) {
      var docs = window.__index && window.__index.docs;
      if (!docs || item.dataset.retitled) return;
      item.dataset.retitled = "1";
      if (!titles) {
        titles = new Map();
        docs.forEach(function (doc) { titles.set(doc.location, doc.title); });
      }
      item.querySelectorAll("a[href]").forEach(function (a) {
        var title = titles.get(a.href.slice(siteRoot.length).replace(/\?[^#]*/, ""));
        var heading = a.querySelector("h1, h2");
        // Parsed in a document of its own: nothing in a title runs or loads.
        if (title && heading) heading.textContent = new DOMParser().parseFromString(title, "text/html").body.textContent;
      });
    };
    new MutationObserver(function () {
      // Looked up each time: Material replaces the element once search is set up.
      var meta = document.querySelector(".md-search-result__meta");
      var count = new RegExp("\\b" + listed + "\\b(?!\\+)");
      if (meta && listed && count.test(meta.textContent)) meta.textContent = meta.textContent.replace(count, listed + "+");
      // A page found in both variants is listed once, as its twin in this page's script (its
      // title is in that script); found only in the other, it links here all the same.
      var items = results.querySelectorAll(":scope > .md-search-result__item");
      var byPage = {}, pages = [];
      items.forEach(function (item) {
        var first = item.querySelector("a[href]");
        if (!first) return;
        if (!item.dataset.variant) item.dataset.variant = inThisVariant(first.href) === first.href ? "own" : "other";
        item.querySelectorAll("a[href]").forEach(function (a) {
          var target = inThisVariant(a.href);
          if (target !== a.href) a.href = target;
        });
        var page = first.href.split("#")[0].split("?")[0];
        if (!byPage[page]) { byPage[page] = []; pages.push(page); }
        byPage[page].push(item);
      });
      pages.forEach(function (page) {
        var twins = byPage[page];
        var keep = twins.filter(function (i) { return i.dataset.variant === "own"; })[0] || twins[0];
        twins.forEach(function (i) { i.hidden = i !== keep; });
        if (keep.dataset.variant === "other") retitle(keep);
      });
      // Material counts both variants' pages; once every result is listed, count the pages shown.
      var total = meta && meta.textContent.match(/\d+/);
      if (total && !/\+/.test(meta.textContent) && Number(total[0]) === items.length && pages.length !== items.length) {
        meta.textContent = meta.textContent.replace(/\d+/, String(pages.length));
      }
    }).observe(results, { childList: true, subtree: true });
  }

  // --- original script -----------------------------------------------------------------------
  // The page lists its converted paragraphs (#digest-converted: id -> original script); their
  // original text is in the page's data file, loaded when the reader asks for it.
  var list = document.getElementById("digest-converted");
  var scripts = {};
  try { if (list) scripts = JSON.parse(list.textContent); } catch (e) { scripts = {}; }
  var converted = Object.keys(scripts).map(function (id) { return document.getElementById(id); })
    .filter(function (p) { return p; });
  var meta = document.querySelector(".digest-meta");
  if (converted.length && meta) {
    var names = {Hans: hant ? "簡體" : "简体", Hant: "繁體", mixed: "混合"};
    converted.forEach(function (p) {
      p.dataset.converted = names[scripts[p.id]] || names.mixed;
      p.dataset.convertedHtml = p.innerHTML;
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "digest-original-toggle";
    button.setAttribute("aria-pressed", "false");
    button.textContent = hant ? "顯示原文字形 · original script" : "显示原文字形 · original script";
    button.addEventListener("click", function () {
      var showing = button.getAttribute("aria-pressed") !== "true";
      window.digestPageData(function (data) {
        var originals = data["digest-original"] || {};
        button.setAttribute("aria-pressed", String(showing));
        converted.forEach(function (p) {
          var original = originals[p.id];
          if (!original) return;
          p.innerHTML = showing ? original.html : p.dataset.convertedHtml;
          p.classList.toggle("digest-showing-original", showing);
          if (window.digestAnchor) window.digestAnchor(p);
        });
      });
    });
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(button);
  }

  // The reading-mode control, under the article's date line: made here, as without script the
  // page stays side by side. On a phone the long English names are hidden (digest.css).
  function readingModes(header) {
    if (!header) return null;
    var labels = [["side", hant ? "對照" : "对照", "Side by side"], ["interleave", "逐段", "Interleaved"],
      ["zh", "中文", ""], ["en", "", "English"]];
    function english(text) {
      var span = document.createElement("span");
      span.lang = "en";
      span.textContent = text;
      return span;
    }
    function long(text) {
      var span = document.createElement("span");
      span.className = "digest-mode-long";
      span.append(" · ", english(text));
      return span;
    }
    var fieldset = document.createElement("fieldset");
    fieldset.className = "digest-modes";
    var legend = document.createElement("legend");
    legend.append(hant ? "閱讀模式" : "阅读模式", long("Reading mode"));
    fieldset.appendChild(legend);
    labels.forEach(function (mode) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "digest-mode";
      input.value = mode[0];
      input.setAttribute("aria-label", [mode[1], mode[2]].filter(Boolean).join(" · "));
      label.append(input, " ");
      if (mode[1]) label.append(mode[1]);
      if (mode[1] && mode[2]) label.append(long(mode[2]));
      else if (mode[2]) label.append(english(mode[2]));
      fieldset.appendChild(label);
    });
    var metas = header.querySelectorAll(":scope > .digest-meta");
    var after = metas.length ? metas[metas.length - 1] : header.querySelector("h1");
    if (after) after.after(fieldset);
    else header.prepend(fieldset);
    return fieldset;
  }

  // --- reading mode --------------------------------------------------------------------------
  var control = readingModes(document.querySelector("header.digest-header"));
  if (!control) return;
  var MODES = ["side", "interleave", "zh", "en"];
  function apply(mode, save) {
    if (MODES.indexOf(mode) < 0) mode = "side";
    root.dataset.digestMode = mode;
    var input = control.querySelector('input[value="' + mode + '"]');
    if (input) input.checked = true;
    if (save) store(MODE_KEY, mode);
  }

  control.addEventListener("change", function (event) {
    if (event.target.name === "digest-mode") apply(event.target.value, true);
  });
  apply(stored(MODE_KEY) || "side", false);
})();
