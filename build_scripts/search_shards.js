/* search_shards.js: search over the chunked index (build_scripts/search_index.py).
 *
 * `python -m build_scripts site` puts this file in front of Material's search worker
 * (assets/javascripts/workers/search.*.min.js in the built site). Material's worker builds a lunr
 * index from the whole search_index.json before it answers: 32 MB and about 5 s at 1,000
 * captures. On the hosted site search_index.json is instead a small manifest (`config.shards`),
 * and this code answers from small files it fetches as queries need them:
 *   - shards/t<bucket>.<version>.json: term -> postings, terms filed by a key (first character
 *     from U+2E80 on, else first two) hashed into buckets (FNV-1a of the key's UTF-8 bytes);
 *   - shards/d<chunk>.<version>.json: pages (each a list of [location, title, text] for the page
 *     and its sections), pages_per_chunk per file. With `variants` (the site's script
 *     variants), page g * V + v is variant v's copy of page g, or [] when there is none.
 * The worker's URL ends in the reader's variant (#zh-Hant, build_scripts/mkdocs_hooks.py): a page
 * found in either script's copy is listed once, as the reader's copy, with its title.
 * Our `message` listener is registered before Material's: on a SETUP whose config carries the
 * manifest it answers SETUP (READY at once) and every QUERY itself and stops the event, so
 * Material's lunr handler never sees them. Without the manifest (the offline copy opened from
 * file://, whose search_index.js is the whole index) it does nothing and lunr searches as before.
 *
 * Not minified: it is ours to read. Kept in the repository as build_scripts/search_shards.js.
 * The directive below covers Material's code too (it now follows ours; its own "use strict"
 * is no longer the first statement of the script).
 */
"use strict";
(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  // BM25 with b = 0, as Material configures lunr (`this.b(0)`): no length normalisation.
  var K1 = 1.2;
  // A term that only starts with the query term (trump's for trump) counts half of an exact one.
  var PREFIX_WEIGHT = 0.5;
  // lunr's English stop words: Material does not list an unmatched stop word as missing.
  var STOP_WORDS = new Set(("a able about across after all almost also am among an and any are as at be because " +
    "been but by can cannot could dear did do does either else ever every for from get got had has have he " +
    "her hers him his how however i if in into is it its just least let like likely may me might most must " +
    "my neither no nor not of off often on only or other our own rather said say says she should since so " +
    "some than that the their them then there these they this tis to too twas us wants was we were what when " +
    "where which while who whom why will with would yet you your").split(" "));
  var HAN = /\p{sc=Han}+/gu;

  var state = null;     // set by a SETUP that carries the manifest
  var latest = 0;       // number of the last query received: older answers are dropped

  function escapeHtml(value) {
    return value.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function pad(number, digits) {
    var text = String(number);
    while (text.length < digits) text = "0" + text;
    return text;
  }

  // Same as search_index.term_key: first character from U+2E80 on, else first two.
  function keyLength(term, shards) {
    return term.codePointAt(0) >= shards.wide_from ? 1 : 2;
  }

  function termKey(term, shards) {
    return Array.from(term).slice(0, keyLength(term, shards)).join("");
  }

  var encoder = new TextEncoder();
  function bucketOf(key, buckets) {
    var bytes = encoder.encode(key), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return hash % buckets;
  }

  // Ranges of `value` between matches of `separator` (Material's internal/split).
  function split(value, separator, visit) {
    var pattern = new RegExp(separator.source, "g"), index = 0, match;
    do {
      match = pattern.exec(value);
      var until = match ? match.index : value.length;
      if (index < until) visit(index, until);
      if (match) {
        index = match.index + match[0].length;
        if (match[0].length === 0) pattern.lastIndex = match.index + 1;
      }
    } while (match);
  }

  function setup(config) {
    var shards = config.shards, variants = shards.variants || [];
    var reader = variants.indexOf(decodeURIComponent(self.location.hash.slice(1)));
    return {
      shards: shards,
      // Copies of a page per group, and the reader's copy in each (-1: list pages as found).
      width: reader >= 0 ? variants.length : 1,
      reader: reader,
      separator: new RegExp(config.separator),
      boostTitle: (config.fields.title || {}).boost || 1,
      boostText: (config.fields.text || {}).boost || 1,
      base: new URL(shards.base, self.location.href),
      files: new Map()      // URL -> promise of its JSON
    };
  }

  function load(index, name) {
    var url = new URL(name, index.base).href;
    var cached = index.files.get(url);
    if (!cached) {
      cached = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
      cached.catch(function () { index.files.delete(url); });   // try again on the next query
      index.files.set(url, cached);
    }
    return cached;
  }

  function shardFor(index, key) {
    var shards = index.shards;
    return load(index, "t" + pad(bucketOf(key, shards.buckets), shards.term_digits) + "." + shards.version + ".json");
  }

  function chunkFor(index, chunk) {
    var shards = index.shards;
    return load(index, "d" + pad(chunk, shards.chunk_digits) + "." + shards.version + ".json");
  }

  // Material's query/segment, over code points, with the whole run tried too (`j <= length`,
  // the fix build_scripts/site.py applies to Material's copy): the longest index terms the
  // run starts with, then greedily on.
  function segment(run, has) {
    var chars = Array.from(run), n = chars.length, segments = new Set();
    var slice = function (i, j) { return chars.slice(i, j).join(""); };
    var cuts = new Array(n + 1).fill(0);
    for (var i = 0; i < n; i++)
      for (var j = i + 1; j <= n; j++)
        if (has(slice(i, j))) cuts[i] = j - i;
    var stack = [0];
    for (var s = stack.length; s > 0;) {
      var p = stack[--s];
      for (var q = 1; q < cuts[p]; q++)
        if (cuts[p + q] > cuts[p] - q) {
          segments.add(slice(p, p + q));
          stack[s++] = p + q;
        }
      var next = p + cuts[p];
      if (cuts[next] && next < n - 1) stack[s++] = next;
      segments.add(slice(p, next));
    }
    return segments.has("") ? new Set([run]) : segments;
  }

  function has(shard, term) {
    return Object.prototype.hasOwnProperty.call(shard, term);
  }

  // The query's terms, lowercased, each to be matched as a prefix. Chinese runs are segmented
  // against the index's terms (from the shards of their characters), as Material does; the
  // rest is split at the separator. lunr's query syntax (+, -, field:, ~, ^, quotes for AND) is
  // not supported: quotes, * and : are read as separators and everything is one OR query.
  function queryTerms(index, query) {
    var chars = new Set();
    (query.match(HAN) || []).forEach(function (run) { Array.from(run).forEach(function (c) { chars.add(c); }); });
    var keys = Array.from(chars);
    return Promise.all(keys.map(function (c) { return shardFor(index, c); })).then(function (shards) {
      var byChar = new Map();
      keys.forEach(function (c, k) { byChar.set(c, shards[k]); });
      var segmented = query.replace(HAN, function (run) {
        return Array.from(segment(run, function (term) {
          var shard = byChar.get(String.fromCodePoint(term.codePointAt(0)));
          return shard !== undefined && has(shard, term);
        })).join(" ");
      });
      var terms = [];
      segmented.replace(/["*:]/g, " ").split(/\s+/).forEach(function (part) {
        split(part, index.separator, function (start, end) {
          var term = part.slice(start, end).toLowerCase();
          if (terms.indexOf(term) < 0) terms.push(term);
        });
      });
      return terms;
    });
  }

  // Wraps the tokens of `value` that a matched query term starts with in <mark>, as Material's
  // highlight does; everything else escaped (the text comes from the captures).
  function highlight(value, clauses, separator) {
    if (!clauses.length) return escapeHtml(value);
    var out = "", last = 0;
    split(value, separator, function (start, end) {
      var token = value.slice(start, end).toLowerCase();
      var hit = clauses.some(function (c) { return c.exact ? token === c.term : token.lastIndexOf(c.term, 0) === 0; });
      if (hit) {
        out += escapeHtml(value.slice(last, start)) + "<mark>" + escapeHtml(value.slice(start, end)) + "</mark>";
        last = end;
      }
    });
    return out + escapeHtml(value.slice(last));
  }

  // `current()` is false once a newer query has come: its answer would be dropped, so it
  // fetches nothing more (typing a word sends a query per keystroke).
  function search(index, query, current) {
    var shards = index.shards;
    return queryTerms(index, query).then(function (terms) {
      if (!terms.length || !current()) return { items: [] };
      // A one-character term below U+2E80 ("t") is matched exactly, not as a prefix: its key
      // (two characters) would be every key it starts, most of the index.
      var clauses = terms.map(function (term) {
        return { term: term, exact: Array.from(term).length < keyLength(term, shards) };
      });
      return Promise.all(terms.map(function (term) { return shardFor(index, termKey(term, shards)); }))
        .then(function (found) { return current() ? rank(index, clauses, found) : { items: [] }; });
    });
  }

  function rank(index, clauses, found) {
    var shards = index.shards, total = shards.docs, hits = new Map();
    clauses.forEach(function (clause, k) {
      var shard = found[k];
      Object.keys(shard).forEach(function (term) {
        if (clause.exact ? term !== clause.term : term.lastIndexOf(clause.term, 0) !== 0) return;
        var flat = shard[term], df = flat.length / 4;
        var idf = Math.log(1 + Math.abs((total - df + 0.5) / (df + 0.5)));
        var weight = idf * (term === clause.term ? 1 : PREFIX_WEIGHT);
        for (var i = 0, page = 0; i < flat.length; i += 4) {
          page += flat[i];
          var id = page + ":" + flat[i + 1], inTitle = flat[i + 2], inText = flat[i + 3];
          var score = weight * (index.boostTitle * inTitle * (K1 + 1) / (inTitle + K1) +
                                index.boostText * inText * (K1 + 1) / (inText + K1));
          var hit = hits.get(id);
          if (!hit) hits.set(id, hit = { page: page, section: flat[i + 1], score: 0, matched: new Set() });
          hit.score += score;
          hit.matched.add(k);
        }
      });
    });

    // Material's post-query boost: pages above sections, and documents that match more of
    // the query's terms (unmatched stop words aside) above those that match fewer.
    var ranked = Array.from(hits.values()).map(function (hit) {
      var terms = {}, matched = 0;
      clauses.forEach(function (clause, k) {
        if (hit.matched.has(k)) { terms[clause.term] = true; matched++; }
        else if (!STOP_WORDS.has(clause.term)) terms[clause.term] = false;
      });
      var boost = (hit.section === 0 ? 1 : 0) + matched / Object.keys(terms).length;
      hit.score *= 1 + boost * boost;
      hit.terms = terms;
      return hit;
    }).sort(function (a, b) { return b.score - a.score || a.page - b.page || a.section - b.section; });

    // Grouped by page (told the reader's variant: by a page's copies), groups in the order of
    // their best document.
    var width = index.width, groups = new Map();
    for (var r = 0; r < ranked.length; r++) {
      var key = Math.floor(ranked[r].page / width), group = groups.get(key);
      if (!group) {
        if (groups.size >= shards.max_pages) continue;
        groups.set(key, group = []);
      }
      group.push(ranked[r]);
    }

    var perChunk = shards.pages_per_chunk, chunks = new Set();
    groups.forEach(function (group, key) { chunks.add(Math.floor(key * width / perChunk)); });
    var numbers = Array.from(chunks);
    return Promise.all(numbers.map(function (c) { return chunkFor(index, c); })).then(function (loaded) {
      var byNumber = new Map();
      numbers.forEach(function (c, k) { byNumber.set(c, loaded[k]); });
      var docsOf = function (page) { return byNumber.get(Math.floor(page / perChunk))[page % perChunk]; };
      var items = [];
      groups.forEach(function (group, key) {
        var own = key * width + Math.max(index.reader, 0);
        var found = width > 1 && docsOf(own).length ? inReadersCopy(group, own, docsOf)
          : group.filter(function (hit) { return hit.page === group[0].page; });   // no copy of the reader's
        if (!found.length) return;
        var page = found[0].page, docs = docsOf(page);
        if (!found.some(function (hit) { return hit.section === 0; }))
          found.push({ page: page, section: 0, score: 0, terms: {} });
        items.push(found.map(function (hit) {
          var doc = docs[hit.section];
          var marks = clauses.filter(function (clause) { return hit.terms[clause.term] === true; });
          return {
            location: doc[0],
            title: highlight(doc[1], marks, index.separator),
            text: highlight(doc[2], marks, index.separator),
            score: hit.score,
            terms: hit.terms
          };
        }));
      });
      return { items: items };
    });
  }

  // A group's hits as documents of the reader's copy `own` of the page: a section of another
  // copy is the section with its anchor (a copy converted from the same page has the same
  // headings), and two hits on one document are one, with the better score and every term
  // either matched. In the order of their scores.
  function inReadersCopy(group, own, docsOf) {
    var ownDocs = docsOf(own), anchors = new Map();
    ownDocs.forEach(function (doc, section) { anchors.set(anchorOf(doc[0]), section); });
    var bySection = new Map();
    group.forEach(function (hit) {
      var section = hit.page === own || hit.section === 0 ? hit.section
        : anchors.get(anchorOf(docsOf(hit.page)[hit.section][0]));
      if (section === undefined) return;
      var merged = bySection.get(section);
      if (!merged) return bySection.set(section, { page: own, section: section, score: hit.score, terms: hit.terms });
      var terms = {};
      Object.keys(merged.terms).concat(Object.keys(hit.terms)).forEach(function (term) {
        terms[term] = merged.terms[term] === true || hit.terms[term] === true;
      });
      merged.score = Math.max(merged.score, hit.score);
      merged.terms = terms;
    });
    return Array.from(bySection.values()).sort(function (a, b) { return b.score - a.score || a.section - b.section; });
  }

  function anchorOf(location) {
    var hash = location.indexOf("#");
    return hash < 0 ? "" : location.slice(hash + 1);
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (!message || typeof message !== "object") return;
    if (message.type === SETUP) {
      var config = message.data && message.data.config;
      state = config && config.shards && config.shards.format === 1 ? setup(config) : null;
      if (!state) return;               // the whole index: Material's lunr search
      event.stopImmediatePropagation();
      postMessage({ type: READY });
    } else if (message.type === QUERY && state) {
      event.stopImmediatePropagation();
      var ticket = ++latest, query = String(message.data || "");
      var answer = function (data) { if (ticket === latest) postMessage({ type: RESULT, data: data }); };
      if (!query.trim()) return answer({ items: [] });
      search(state, query, function () { return ticket === latest; }).then(answer, function (error) {
        console.warn("Search failed: " + query, error);
        answer({ items: [] });
      });
    }
  });
})();
