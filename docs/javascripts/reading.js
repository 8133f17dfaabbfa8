// Reading choices, remembered in localStorage (which also works from file://):
// - the script variant (简体 at the site's root, 繁體 under zh-Hant/): the header's language menu
//   switches to the same page, at the paragraph in view; a page opened in the other variant
//   moves to the preferred one;
// - the original script of converted paragraphs (kept in #digest-original), shown on request;
// - the reading mode of an article: side by side, interleaved, Chinese only or English only.
(function () {
  var VARIANT_KEY = "digest-variant", MODE_KEY = "digest-mode";
  var root = document.documentElement;
  var here = root.lang === "zh-Hant" ? "zh-Hant" : "zh";
  var hant = here === "zh-Hant";

  function stored(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function variantLink(code) { return document.querySelector('a.md-select__link[hreflang="' + code + '"]'); }

  // --- variant -------------------------------------------------------------------------------
  var wanted = stored(VARIANT_KEY);
  if (wanted && wanted !== here) {
    var twin = variantLink(wanted);
    if (twin) { location.replace(twin.href.split("#")[0] + location.hash); return; }
  }

  // The first block the reader can see: the first whose bottom is below the sticky header.
  function anchorInView() {
    var header = document.querySelector(".md-header");
    var line = header ? header.getBoundingClientRect().bottom : 0;
    var candidates = document.querySelectorAll(".md-content [id]:not(script):not(input)");
    for (var i = 0; i < candidates.length; i++) {
      var box = candidates[i].getBoundingClientRect();
      if (box.height > 0 && box.bottom > line + 1) return candidates[i].id;
    }
    return "";
  }

  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    event.preventDefault();
    event.stopImmediatePropagation();       // Material would fetch sitemap.xml, which file:// forbids
    store(VARIANT_KEY, link.getAttribute("hreflang"));
    var id = window.scrollY > 0 ? anchorInView() : location.hash.slice(1);
    location.href = link.href.split("#")[0] + (id ? "#" + id : "");
  }, true);

  // --- original script -----------------------------------------------------------------------
  var data = document.getElementById("digest-original");
  var originals = {};
  try { if (data) originals = JSON.parse(data.textContent); } catch (e) { originals = {}; }
  var converted = Object.keys(originals).map(function (id) { return document.getElementById(id); })
    .filter(function (p) { return p; });
  var meta = document.querySelector(".digest-meta");
  if (converted.length && meta) {
    var names = {Hans: hant ? "簡體" : "简体", Hant: "繁體", mixed: "混合"};
    converted.forEach(function (p) {
      p.dataset.converted = names[originals[p.id].script] || names.mixed;
      p.dataset.convertedHtml = p.innerHTML;
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "digest-original-toggle";
    button.setAttribute("aria-pressed", "false");
    button.textContent = hant ? "顯示原文字形 · original script" : "显示原文字形 · original script";
    button.addEventListener("click", function () {
      var showing = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(showing));
      converted.forEach(function (p) {
        p.innerHTML = showing ? originals[p.id].html : p.dataset.convertedHtml;
        p.classList.toggle("digest-showing-original", showing);
      });
    });
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(button);
  }

  // --- reading mode --------------------------------------------------------------------------
  var control = document.querySelector(".digest-modes");
  if (!control) return;
  control.hidden = false;
  var MODES = ["side", "interleave", "zh", "en"];
  var NOTE = {
    en: function (n) { return n + (n > 1 ? " passages have" : " passage has") + " no English text · " +
                       (hant ? "此處 " : "此处 ") + n + (hant ? " 段僅有中文" : " 段仅有中文"); },
    zh: function (n) { return (hant ? "此處 " : "此处 ") + n + (hant ? " 段沒有中文 · " : " 段没有中文 · ") +
                       n + (n > 1 ? " passages have" : " passage has") + " no Chinese text"; }
  };

  function language(block) {
    var p = block.matches("p") ? block : block.querySelector("p[lang]");
    if (!p) return null;
    return p.lang === "en" ? "en" : "zh";
  }

  function markMissing(mode) {
    document.querySelectorAll(".digest-missing").forEach(function (n) { n.remove(); });
    document.querySelectorAll(".digest-revealed").forEach(function (n) { n.classList.remove("digest-revealed"); });
    if (mode !== "en" && mode !== "zh") return;
    var other = mode === "en" ? "zh" : "en";
    var blocks = document.querySelectorAll(".md-content .bi-single, .md-content p.digest-caption");
    var run = [];
    function flush() {
      if (!run.length) return;
      var members = run.slice();
      var note = document.createElement("p");
      note.className = "digest-missing";
      note.lang = mode === "en" ? "en" : here;
      note.appendChild(document.createTextNode(NOTE[mode](members.length) + " "));
      var show = document.createElement("button");
      show.type = "button";
      show.textContent = mode === "en" ? "show · 显示" : (hant ? "顯示 · show" : "显示 · show");
      show.addEventListener("click", function () {
        members.forEach(function (b) { b.classList.add("digest-revealed"); });
        note.remove();
      });
      note.appendChild(show);
      members[0].parentNode.insertBefore(note, members[0]);
      run = [];
    }
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var adjacent = run.length && run[run.length - 1].nextElementSibling === block;
      if (language(block) === other) {
        if (run.length && !adjacent) flush();
        run.push(block);
      } else {
        flush();
      }
    }
    flush();
  }

  function apply(mode, save) {
    if (MODES.indexOf(mode) < 0) mode = "side";
    root.dataset.digestMode = mode;
    var input = control.querySelector('input[value="' + mode + '"]');
    if (input) input.checked = true;
    markMissing(mode);
    if (save) store(MODE_KEY, mode);
  }

  control.addEventListener("change", function (event) {
    if (event.target.name === "digest-mode") apply(event.target.value, true);
  });
  apply(stored(MODE_KEY) || "side", false);
})();
