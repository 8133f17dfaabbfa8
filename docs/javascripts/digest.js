// Inside an English-Chinese pair, hovering or focusing a sentence lights up the sentences of
// the other language that translate it (they share data-g). Works offline; no dependencies.
(function () {
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
