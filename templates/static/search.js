// errorkb search (issue 4): the header search box on every page, and the search page.
// Normalisation and ranking are ports of dev.errorkb.signature.Normalizer and ErrorIndex.match
// (docs/matching.md); the shared vectors in src/test/resources/vectors/ check both. Data format:
// docs/search.md. Content is only ever inserted with textContent / text nodes, never as HTML.
(function () {
  'use strict';

  // ---------------------------------------------------------------- normaliser v1
  var NORMALIZER_VERSION = '2';
  var ANSI = new RegExp('\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)|\u001b[@-Z\\\\-_]', 'gu');
  var INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/gu;
  var SPACE = /[\x00-\x20\x7f-\x9f\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;
  var NON_ASCII = /[^\x00-\x7e]/;
  var BODY = '[^ "\'`<>\u3000-\u309f]';
  var TAIL = '[^ "\'`<>\u3000-\u309f.,;:!?)\\]}]';
  function has(chars) {
    return function (s) {
      for (var i = 0; i < chars.length; i++) { if (s.indexOf(chars[i]) >= 0) { return true; } }
      return false;
    };
  }
  var DIGIT = /[0-9]/;
  function hasDigit(s) { return DIGIT.test(s); }
  // The same patterns, in the same order, as Normalizer.RULES (the strings are copied verbatim).
  var RULES = [
    ['<q>', '"[^"]{0,200}"|“[^”]{0,200}”|「[^」]{0,200}」|『[^』]{0,200}』|`[^`]{0,200}`|‘[^’]{0,200}’'
      + '|(?<![\\p{L}\\p{N}])\'[^\']{0,200}\'(?![\\p{L}\\p{N}])', function () { return true; }],
    ['<url>', '[a-z][a-z0-9+.-]*://' + BODY + '*' + TAIL, has(':')],
    ['<arn>', 'arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:' + BODY + '*' + TAIL, has(':')],
    ['<path>', '(?<![\\p{L}\\p{N}_./\\\\~-])(?:[a-z]:\\\\|\\\\\\\\|~/|\\.{1,2}/|/)' + BODY + '*' + TAIL, has('/\\')],
    ['<email>', '[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+', has('@')],
    ['<host>', '(?<![\\p{L}\\p{N}_.@/-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:com|net|org|io|dev|app|cloud|ai|co|info|biz|edu|gov|us|uk|de|fr|jp|cn|ru|br|au|ca|nl|se|ch|es|pl|kr|tw|eu|internal|local|localdomain|lan|corp|home|intra|intranet|example|test|invalid)(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])', has('.')],
    ['<uuid>', '(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])', has('-')],
    ['<time>', '(?<![0-9a-z:.])(?:[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}'
      + '(?:[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?)?'
      + '|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?)'
      + '(?: ?(?:z|utc|gmt|jst|[+-][0-9]{2}(?::?[0-9]{2})?))?(?![0-9a-z]|[.:][0-9])', has(':-/')],
    ['<ip>', '\\[[0-9a-f:.]*:[0-9a-f:.]*\\](?::[0-9]{1,5})?'
      + '|(?<![0-9a-z.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?::[0-9]{1,5})?(?![0-9a-z]|\\.[0-9])'
      + '|(?<![0-9a-z:.])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}'
      + '|[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?'
      + '|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)(?![0-9a-z]|:[0-9a-f])', has('.:')],
    ['<hex>', '(?<![0-9a-z_])(?:0x[0-9a-f]+|(?=[0-9a-f]*[0-9])[0-9a-f]{8,})(?![0-9a-z_])', hasDigit],
    ['<dur>', '(?<![0-9a-z_])(?<![0-9a-z_]\\.)[0-9]+(?:\\.[0-9]+)?'
      + '(?:(?:ns|us|\u03bcs|ms|s|m|h|d)(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|\u03bcs|ms|s|m|h))*(?![0-9a-z_])'
      + '| ?(?:milliseconds?|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)(?![a-z])'
      + '| ?(?:ミリ秒|秒|分|時間|日))', hasDigit],
    ['<num>', '(?<![0-9a-z_])(?<![0-9a-z_]\\.)[0-9]+(?:[.,][0-9]+)*(?![0-9a-z_])', hasDigit]
  ].map(function (r) { return { token: r[0], re: new RegExp(r[1], 'gu'), trigger: r[2] }; });
  var PLACEHOLDERS = ['<url>', '<email>', '<host>', '<uuid>', '<arn>', '<ip>', '<time>', '<dur>', '<hex>', '<num>', '<path>', '<q>', '<any>'];

  function fold(input) {
    var s = String(input);
    if (s.indexOf('\u001b') >= 0) { s = s.replace(ANSI, ''); }
    if (NON_ASCII.test(s)) {
      s = s.normalize('NFKC').replace(INVISIBLE, '');
    }
    s = s.toLowerCase().replace(SPACE, ' ');
    var a = 0;
    var b = s.length;
    while (a < b && s.charCodeAt(a) === 32) { a++; }
    while (b > a && s.charCodeAt(b - 1) === 32) { b--; }
    return s.substring(a, b);
  }

  function mask(folded) {
    var s = folded;
    for (var i = 0; i < RULES.length; i++) {
      var r = RULES[i];
      if (r.trigger(s)) {
        r.re.lastIndex = 0;
        s = s.replace(r.re, r.token);
      }
    }
    return s;
  }

  var CJK_RE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
  var WORD_RE = /^[\p{L}\p{M}\p{N}]$/u;
  var cjkCache = new Map();
  function isCjk(cp) {
    if (cp < 0x2e80) { return false; }
    if (cp === 0x30fc) { return true; }
    var v = cjkCache.get(cp);
    if (v === undefined) {
      v = CJK_RE.test(String.fromCodePoint(cp));
      cjkCache.set(cp, v);
    }
    return v;
  }
  function isWord(cp) {
    if (cp < 0x80) {
      return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || cp === 95 || (cp >= 65 && cp <= 90);
    }
    return WORD_RE.test(String.fromCodePoint(cp));
  }
  function placeholderAt(s, i) {
    for (var k = 0; k < PLACEHOLDERS.length; k++) {
      if (s.startsWith(PLACEHOLDERS[k], i)) { return PLACEHOLDERS[k]; }
    }
    return null;
  }

  function tokenize(masked) {
    var out = [];
    var n = masked.length;
    var i = 0;
    while (i < n) {
      var cp = masked.codePointAt(i);
      if (cp === 60) {
        var p = placeholderAt(masked, i);
        if (p) { out.push(p); i += p.length; continue; }
      }
      if (isCjk(cp)) {
        var start = i;
        var at = [];
        while (i < n) {
          var c = masked.codePointAt(i);
          if (!isCjk(c)) { break; }
          at.push(i);
          i += c > 0xffff ? 2 : 1;
        }
        if (at.length === 1) {
          out.push(masked.substring(start, i));
        } else {
          for (var k = 0; k + 1 < at.length; k++) {
            out.push(masked.substring(at[k], k + 2 < at.length ? at[k + 2] : i));
          }
        }
        continue;
      }
      if (isWord(cp)) {
        var ws = i;
        while (i < n) {
          var w = masked.codePointAt(i);
          if (!isWord(w) || isCjk(w)) { break; }
          i += w > 0xffff ? 2 : 1;
        }
        out.push(masked.substring(ws, i));
        continue;
      }
      i += cp > 0xffff ? 2 : 1;
    }
    return out;
  }

  function normalize(input) {
    var text = fold(input);
    var masked = mask(text);
    return { text: text, masked: masked, tokens: tokenize(masked) };
  }

  /** 'ja' when the folded text has kana, or Han and no Latin letters; else 'en' (ErrorIndex.detectLang). */
  function detectLang(folded) {
    var han = false;
    var latin = false;
    for (var i = 0; i < folded.length;) {
      var cp = folded.codePointAt(i);
      i += cp > 0xffff ? 2 : 1;
      if (cp >= 97 && cp <= 122) {
        latin = true;
      } else if (cp >= 0x3040 && cp <= 0x30ff) {
        return 'ja';
      } else if (cp >= 0x2e80 && isCjk(cp)) {
        han = true;
      }
    }
    return han && !latin ? 'ja' : 'en';
  }

  function unique(list) {
    var seen = new Set();
    var out = [];
    for (var i = 0; i < list.length; i++) {
      if (!seen.has(list[i])) { seen.add(list[i]); out.push(list[i]); }
    }
    return out;
  }

  // ---------------------------------------------------------------- data (search/*.js)
  var FORMAT = 1;
  var store = new Map();   // key -> data
  var pending = new Map(); // key -> {promise, resolve, reject}
  var dataRoot = null;     // URL prefix of search/, set by the page
  var dataQuery = '';      // ?v=<data version>: files of two builds never mix in a cache

  function put(key, data) {
    store.set(key, data);
    var p = pending.get(key);
    if (p) { p.resolve(data); }
  }

  function load(key) {
    if (store.has(key)) { return Promise.resolve(store.get(key)); }
    var p = pending.get(key);
    if (p) { return p.promise; }
    p = {};
    p.promise = new Promise(function (resolve, reject) { p.resolve = resolve; p.reject = reject; });
    pending.set(key, p);
    var s = document.createElement('script');
    s.src = dataRoot + key + '.js' + dataQuery;
    s.async = true;
    s.onerror = function () {
      pending.delete(key);
      s.remove();
      p.reject(new Error('could not load ' + s.src));
    };
    s.onload = function () {
      s.remove();
      if (!store.has(key)) { pending.delete(key); p.reject(new Error(s.src + ' did not register ' + key)); }
    };
    document.head.appendChild(s);
    return p.promise;
  }

  /** A term's property name in a shard: "__proto__" would set the prototype of the literal (SearchDataWriter.key). */
  function own(obj, term) {
    var k = term === '__proto__' ? ' __proto__' : term;
    return obj && Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : null;
  }

  /** The shard of a term: 32-bit FNV-1a over UTF-16 code units (SearchDataWriter.shardOf). */
  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (h & (shards - 1)) >>> 0;
  }

  // ---------------------------------------------------------------- ranking (ErrorIndex.match)
  var f32 = Math.fround;
  var K1 = f32(1.2);
  var B = f32(0.75);
  var LANG_BOOST = 1.1;
  var regexCache = new Map();

  var POSIX = {
    alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
    digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
    upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f'
  };
  var JS_SYNTAX = '^$\\.*+?()[]{}|/';

  /**
   * Rewrites an RE2 expression for JavaScript: leading flag groups become flags, \A and \z anchors,
   * \pL one-letter classes, [[:alpha:]] POSIX classes, \Q…\E quoting, (?P<name> groups, and escaped
   * punctuation that JavaScript's u-mode refuses. Null when a construct has no equivalent.
   */
  function re2ToJs(re2) {
    var src = re2;
    var flags = '';
    var m;
    while ((m = /^\(\?([imsU]+)\)/.exec(src)) !== null) {
      if (m[1].indexOf('U') >= 0) { return null; }
      m[1].split('').forEach(function (f) { if (flags.indexOf(f) < 0) { flags += f; } });
      src = src.substring(m[0].length);
    }
    var out = '';
    var inClass = false;
    for (var i = 0; i < src.length; i++) {
      var c = src[i];
      if (c === '\\') {
        var d = src[i + 1];
        if (d === undefined) { return null; }
        i++;
        if (d === 'Q') {
          var end = src.indexOf('\\E', i + 1);
          var lit = end < 0 ? src.substring(i + 1) : src.substring(i + 1, end);
          out += lit.replace(/[\^$\\.*+?()[\]{}|\/-]/g, '\\$&');
          i = end < 0 ? src.length : end + 1;
        } else if (d === 'A' && !inClass) {
          out += '^';
        } else if (d === 'z' && !inClass) {
          out += '$';
        } else if ((d === 'p' || d === 'P') && src[i + 1] !== '{') {
          out += '\\' + d + '{' + src[i + 1] + '}';
          i++;
        } else if (/[A-Za-z0-9]/.test(d)) {
          out += '\\' + d;
        } else if (JS_SYNTAX.indexOf(d) >= 0 || (inClass && d === '-')) {
          out += '\\' + d;
        } else {
          out += '\\x' + ('0' + d.charCodeAt(0).toString(16)).slice(-2);
          if (d.charCodeAt(0) > 0xff) { return null; }
        }
      } else if (inClass && c === '[' && src[i + 1] === ':') {
        var close = src.indexOf(':]', i + 2);
        var name = close < 0 ? '' : src.substring(i + 2, close);
        if (!Object.prototype.hasOwnProperty.call(POSIX, name)) { return null; }
        out += POSIX[name];
        i = close + 1;
      } else if (c === '[' && !inClass) {
        inClass = true;
        out += c;
        if (src[i + 1] === '^') { out += '^'; i++; }
        if (src[i + 1] === ']') { out += '\\]'; i++; }
      } else if (c === ']' && inClass) {
        inClass = false;
        out += c;
      } else if (c === '(' && src.startsWith('(?P<', i)) {
        out += '(?<';
        i += 3;
      } else {
        out += c;
      }
    }
    return { source: out, flags: flags };
  }

  /** The JavaScript RegExp for a signature's RE2 regex (cached); null when it cannot be expressed. */
  function compile(regex) {
    // An empty regex: the build left out a pattern a backtracking engine could hang on.
    if (!regex) { return null; }
    var r = regexCache.get(regex);
    if (r !== undefined) { return r; }
    r = null;
    var js = re2ToJs(regex);
    if (js) {
      try { r = new RegExp(js.source, js.flags + 'u'); } catch (e1) {
        try { r = new RegExp(js.source, js.flags); } catch (e2) { r = null; }
      }
    }
    regexCache.set(regex, r);
    return r;
  }

  /** Shard keys a query needs: those of its folded tokens (signature anchors) and masked tokens (BM25). */
  function plan(query) {
    var nz = normalize(query);
    var foldTokens = unique(tokenize(nz.text));
    var terms = unique(nz.tokens).filter(function (t) { return t.charCodeAt(0) !== 60; });
    return { nz: nz, lang: detectLang(nz.text), foldTokens: foldTokens, terms: terms };
  }

  function shardKeys(p, meta) {
    var keys = new Set();
    p.foldTokens.concat(p.terms).forEach(function (t) { keys.add('t/' + shardOf(t, meta.shards)); });
    return Array.from(keys);
  }

  function hitOrder(a, b) {
    return (b.literal - a.literal) || (a.slots - b.slots) || ((a.langMatch ? 0 : 1) - (b.langMatch ? 0 : 1))
      || (a.entry - b.entry);
  }

  /**
   * Ranks with loaded data: full signature matches first (most specific wins), then BM25F over the
   * remaining entries. Returns at most `top` results {entry, score, sig, span}.
   */
  function rankLoaded(p, meta, top) {
    var text = p.nz.text;
    var lang = p.lang;
    // Candidates: a key token of the signature is in the paste, and so are its required tokens, all
    // of them or (three or more) all but one, since a lost line break can glue two words.
    var present = new Set(p.foldTokens);
    var cands = meta.always.slice();
    p.foldTokens.forEach(function (t) {
      var shard = store.get('t/' + shardOf(t, meta.shards));
      var list = shard ? own(shard.s, t) : null;
      if (!list) { return; }
      for (var i = 0; i < list.length; i++) {
        var req = list[i][5];
        var allowed = req.length < 3 ? 0 : 1;
        var misses = 0;
        for (var r = 0; r < req.length && misses <= allowed; r++) {
          if (!present.has(req[r])) { misses++; }
        }
        if (misses <= allowed) { cands.push(list[i]); }
      }
    });
    // Signature order (entry, ordinal), as the Java BitSet visits them: keeps the first on a tie.
    cands.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]); });
    var best = new Map();
    for (var c = 0; c < cands.length; c++) {
      var rec = cands[c];
      if (c > 0 && cands[c - 1][0] === rec[0] && cands[c - 1][1] === rec[1]) { continue; }
      var re = compile(rec[3]);
      if (!re) { continue; }
      re.lastIndex = 0;
      var m = re.exec(text);
      if (!m) { continue; }
      var slots = 0;
      for (var g = 1; g < m.length; g++) { if (m[g] !== undefined) { slots++; } }
      var hit = { entry: rec[0], ordinal: rec[1], literal: rec[4], slots: slots,
        langMatch: rec[2] === lang || rec[2] === 'any', span: [m.index, m.index + m[0].length] };
      var prev = best.get(rec[0]);
      if (!prev || hitOrder(prev, hit) > 0) { best.set(rec[0], hit); }
    }
    var full = Array.from(best.values()).sort(hitOrder);
    var out = [];
    for (var i = 0; i < full.length && out.length < top; i++) {
      var h = full[i];
      out.push({ entry: h.entry, full: true, ordinal: h.ordinal, span: h.span,
        score: 1000 + h.literal - 0.01 * h.slots + (h.langMatch ? 0.5 : 0) });
    }
    if (out.length >= top) { return out; }

    var n = meta.n;
    var acc = new Float32Array(n);
    var touched = [];
    var k1p1 = f32(K1 + 1);
    for (var t = 0; t < p.terms.length; t++) {
      var term = p.terms[t];
      var sh = store.get('t/' + shardOf(term, meta.shards));
      var post = sh ? own(sh.t, term) : null;
      if (!post) { continue; }
      var df = post.length / 2;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      var d = 0;
      for (var j = 0; j < post.length; j += 2) {
        d += post[j];
        var tf = post[j + 1];
        var norm = f32(K1 * (0.25 + f32(B * meta.dl[d]) / meta.avg));
        var w = f32(idf * tf * k1p1 / f32(tf + norm));
        if (acc[d] === 0) { touched.push(d); }
        acc[d] = acc[d] + w; // Float32Array stores rounded, as Java's float[] += does
      }
    }
    var langBit = lang === 'ja' ? 2 : 1;
    var ranked = [];
    for (var x = 0; x < touched.length; x++) {
      var e = touched[x];
      if (best.has(e)) { continue; }
      ranked.push({ entry: e, full: false, score: acc[e] * ((meta.lang[e] & langBit) !== 0 ? LANG_BOOST : 1.0) });
    }
    ranked.sort(function (a, b) { return (b.score - a.score) || (a.entry - b.entry); });
    for (var y = 0; y < ranked.length && out.length < top; y++) { out.push(ranked[y]); }
    return out;
  }

  /** Loads what a query needs, then ranks. Resolves to {plan, results}. */
  function search(query, top) {
    var p = plan(query);
    return load('meta').then(function (meta) {
      if (meta.format !== FORMAT || meta.normalizerVersion !== NORMALIZER_VERSION) {
        throw new Error('search data format ' + meta.format + '/' + meta.normalizerVersion + ' is not supported');
      }
      return Promise.all(shardKeys(p, meta).map(load)).then(function () {
        return { plan: p, results: rankLoaded(p, meta, top) };
      });
    });
  }

  /** Ranks only if every file the query needs is loaded already (for the benchmark); else null. */
  function searchLoaded(query, top) {
    var meta = store.get('meta');
    if (!meta) { return null; }
    var p = plan(query);
    var keys = shardKeys(p, meta);
    for (var i = 0; i < keys.length; i++) { if (!store.has(keys[i])) { return null; } }
    return rankLoaded(p, meta, top);
  }

  function entryData(meta, index) {
    var key = 'd/' + Math.floor(index / meta.chunk);
    return load(key).then(function (chunk) { return chunk[index % meta.chunk]; });
  }

  // ---------------------------------------------------------------- display
  /** Appends `text` to `parent`, wrapping in <mark> the words whose tokens occur in `tokens`. */
  function highlight(parent, text, tokens) {
    var re = /[\p{L}\p{M}\p{N}_]+/gu;
    var last = 0;
    var open = null; // the <mark> just appended, if nothing followed it yet
    var m;
    while ((m = re.exec(text)) !== null) {
      var word = m[0];
      var start = m.index;
      var i = 0;
      // Split the word into CJK and other runs: CJK characters are marked by bigram, others by word.
      while (i < word.length) {
        var cp = word.codePointAt(i);
        var cjk = isCjk(cp);
        var j = i;
        var chars = [];
        while (j < word.length) {
          var c = word.codePointAt(j);
          if (isCjk(c) !== cjk) { break; }
          chars.push(String.fromCodePoint(c));
          j += c > 0xffff ? 2 : 1;
        }
        var marks = [];
        if (cjk) {
          for (var k = 0; k < chars.length; k++) {
            var bigramBefore = k > 0 && tokens.has(fold(chars[k - 1] + chars[k]));
            var bigramAfter = k + 1 < chars.length && tokens.has(fold(chars[k] + chars[k + 1]));
            marks.push(bigramBefore || bigramAfter || (chars.length === 1 && tokens.has(fold(chars[k]))));
          }
        } else {
          var hit = tokenize(fold(chars.join(''))).some(function (t) { return tokens.has(t); });
          for (var q = 0; q < chars.length; q++) { marks.push(hit); }
        }
        var pos = start + i;
        for (var r = 0; r < chars.length;) {
          var s = r;
          while (r < chars.length && marks[r] === marks[s]) { r++; }
          var piece = chars.slice(s, r).join('');
          var from = pos;
          for (var z = 0; z < s; z++) { from += chars[z].length; }
          var gap = text.substring(last, from);
          if (marks[s] && open && /^[ \t]*$/.test(gap)) {
            // Marked words separated only by spaces read as one marked phrase.
            open.textContent += gap + piece;
          } else if (marks[s]) {
            if (gap) { parent.appendChild(document.createTextNode(gap)); }
            open = document.createElement('mark');
            open.textContent = piece;
            parent.appendChild(open);
          } else {
            parent.appendChild(document.createTextNode(gap + piece));
            open = null;
          }
          last = from + piece.length;
        }
        i = j;
      }
    }
    if (last < text.length) { parent.appendChild(document.createTextNode(text.substring(last))); }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  /** The signature to show: the matched one, else the one sharing most tokens with the query. */
  function shownSignature(result, entry, tokens, pageLang) {
    if (!entry.sigs.length) { return null; }
    if (result.full) { return entry.sigs[result.ordinal]; }
    var best = null;
    var bestScore = -1;
    entry.sigs.forEach(function (s) {
      var shared = unique(normalize(s[1]).tokens).filter(function (t) { return tokens.has(t); }).length;
      var score = shared * 2 + (s[0] === pageLang ? 1 : 0);
      if (score > bestScore) { best = s; bestScore = score; }
    });
    return best;
  }

  function renderResult(app, result, entry, tokens) {
    var pageLang = app.lang;
    var docLang = entry.docs[pageLang] ? pageLang : Object.keys(entry.docs)[0];
    var doc = entry.docs[docLang];
    var li = el('li', 'result' + (result.full ? ' full-match' : ''));
    li.setAttribute('data-entry-id', entry.id);
    if (docLang !== pageLang) { li.setAttribute('lang', docLang); }
    var h = el('h2', 'result-title');
    var a = el('a', 'result-link', doc.title);
    a.href = app.root + docLang + '/' + entry.id + '/index.html';
    if (docLang !== pageLang) { a.hreflang = docLang; }
    h.appendChild(a);
    if (docLang !== pageLang) {
      h.appendChild(document.createTextNode(' '));
      h.appendChild(el('span', 'badge lang-badge', app.msg.other));
    }
    if (result.full) {
      h.appendChild(document.createTextNode(' '));
      h.appendChild(el('span', 'badge exact-badge', app.msg.exact));
    }
    li.appendChild(h);
    var sig = shownSignature(result, entry, tokens, pageLang);
    if (sig) {
      var pre = el('pre', 'result-sig');
      if (sig[0] !== 'any') { pre.setAttribute('lang', sig[0]); }
      var code = el('code');
      highlight(code, sig[1], tokens);
      pre.appendChild(code);
      li.appendChild(pre);
    }
    [['cause', app.msg.cause], ['fix', app.msg.fix]].forEach(function (f) {
      var text = doc[f[0]] || (f[0] === 'cause' ? doc.summary : '');
      if (!text) { return; }
      var para = el('p', 'result-' + f[0]);
      para.appendChild(el('strong', null, f[1]));
      para.appendChild(document.createTextNode(' ' + text));
      li.appendChild(para);
    });
    var meta = el('p', 'result-meta');
    meta.appendChild(el('span', 'result-product', entry.product));
    entry.tags.forEach(function (t) {
      meta.appendChild(document.createTextNode(' '));
      var tag = el('a', 'result-tag', '#' + t);
      tag.href = app.root + pageLang + '/tags/' + encodeURIComponent(t) + '/index.html';
      tag.tabIndex = -1;
      meta.appendChild(tag);
    });
    li.appendChild(meta);
    return li;
  }

  // ---------------------------------------------------------------- page wiring
  var MAX_QUERY = 20000;
  var TOP = 10;

  function queryFromUrl() {
    var q = new URLSearchParams(window.location.search).get('q');
    return q === null ? '' : q;
  }

  function setUrlQuery(q) {
    try {
      var url = new URL(window.location.href);
      if (q) { url.searchParams.set('q', q); } else { url.searchParams.delete('q'); }
      window.history.replaceState(null, '', url.href);
    } catch (e) { /* file:// pages may refuse history changes; the query still works */ }
  }

  /** Keeps the language switch pointing at the other language's search page with the same query. */
  function updateSwitch(q) {
    document.querySelectorAll('a.lang-switch').forEach(function (a) {
      var base = a.getAttribute('data-base-href');
      if (base === null) { base = a.getAttribute('href'); a.setAttribute('data-base-href', base); }
      a.setAttribute('href', q ? base + '?q=' + encodeURIComponent(q) : base);
    });
  }

  function links(app) { return Array.prototype.slice.call(app.results.querySelectorAll('a.result-link')); }

  function runSearch(app, q, seq) {
    var query = q.length > MAX_QUERY ? q.substring(0, MAX_QUERY) : q;
    setUrlQuery(q.trim() ? q : '');
    updateSwitch(q.trim() ? q : '');
    if (!query.trim()) {
      app.results.textContent = '';
      app.status.textContent = app.msg.empty;
      return Promise.resolve();
    }
    if (!store.has('meta')) { app.status.textContent = app.msg.loading; }
    return search(query, TOP).then(function (r) {
      return Promise.all(r.results.map(function (x) { return entryData(store.get('meta'), x.entry); }))
        .then(function (entries) {
          if (seq !== app.seq) { return; }
          var tokens = new Set(r.plan.foldTokens.concat(r.plan.terms));
          var frag = document.createDocumentFragment();
          r.results.forEach(function (x, i) { frag.appendChild(renderResult(app, x, entries[i], tokens)); });
          app.results.textContent = '';
          app.results.appendChild(frag);
          app.status.textContent = r.results.length
            ? app.msg.count.replace('{0}', String(r.results.length)) : app.msg.none;
          app.root_.setAttribute('data-state', 'done');
          app.root_.setAttribute('data-query', query);
        });
    }).catch(function (e) {
      if (seq !== app.seq) { return; }
      app.status.textContent = app.msg.failed;
      app.root_.setAttribute('data-state', 'failed');
      if (window.console) { window.console.error(e); }
    });
  }

  function initSearchPage(root) {
    var box = document.getElementById('search-q');
    var app = {
      root_: root, box: box, seq: 0, timer: 0,
      root: root.getAttribute('data-root'), lang: root.getAttribute('data-lang'),
      results: document.getElementById('search-results'), status: document.getElementById('search-status'),
      msg: {}
    };
    ['loading', 'failed', 'none', 'count', 'empty', 'exact', 'cause', 'fix', 'other'].forEach(function (k) {
      app.msg[k] = root.getAttribute('data-msg-' + k) || '';
    });
    dataRoot = app.root + 'search/';
    var version = root.getAttribute('data-version');
    dataQuery = version ? '?v=' + encodeURIComponent(version) : '';
    root.hidden = false;
    var pasted = false;
    function schedule(delay) {
      clearTimeout(app.timer);
      app.seq++;
      var seq = app.seq;
      root.setAttribute('data-state', 'pending');
      app.timer = setTimeout(function () { runSearch(app, box.value, seq); }, delay);
    }
    box.addEventListener('paste', function () { pasted = true; });
    box.addEventListener('input', function () {
      schedule(pasted ? 0 : 200);
      pasted = false;
    });
    box.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      schedule(0);
    });
    box.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        // Enter searches now and moves to the first result; Shift+Enter adds a line.
        ev.preventDefault();
        clearTimeout(app.timer);
        app.seq++;
        var seq = app.seq;
        runSearch(app, box.value, seq).then(function () {
          if (seq === app.seq) { var l = links(app); if (l.length) { l[0].focus(); } }
        });
      } else if (ev.key === 'ArrowDown' && box.value.indexOf('\n', box.selectionEnd) < 0) {
        var l = links(app);
        if (l.length) { ev.preventDefault(); l[0].focus(); }
      }
    });
    app.results.addEventListener('keydown', function (ev) {
      var l = links(app);
      var i = l.indexOf(document.activeElement);
      if (i < 0) { return; }
      if (ev.key === 'ArrowDown' && i + 1 < l.length) {
        ev.preventDefault(); l[i + 1].focus();
      } else if (ev.key === 'ArrowUp') {
        ev.preventDefault();
        if (i > 0) { l[i - 1].focus(); } else { box.focus(); }
      } else if (ev.key === 'Escape') {
        ev.preventDefault(); box.focus();
      }
    });
    var q = queryFromUrl();
    box.value = q;
    box.focus();
    app.seq++;
    runSearch(app, q, app.seq);
  }

  function initHeaderBox() {
    var box = document.getElementById('site-q');
    if (!box) { return; }
    box.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        if (box.value.trim()) { box.form.submit(); }
      }
    });
    // Keep a pasted multi-line error in one line of the box; the line breaks are kept in the value.
    box.addEventListener('paste', function () { setTimeout(function () { box.scrollTop = 0; }, 0); });
  }

  function initShortcut() {
    document.addEventListener('keydown', function (ev) {
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
      var t = ev.target;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) { return; }
      var box = document.getElementById('search-q') || document.getElementById('site-q');
      if (box) { ev.preventDefault(); box.focus(); }
    });
  }

  window.ErrorkbSearch = {
    put: put,
    normalizerVersion: NORMALIZER_VERSION,
    fold: fold,
    mask: mask,
    tokenize: tokenize,
    normalize: normalize,
    detectLang: detectLang,
    search: search,
    searchLoaded: searchLoaded,
    regex: compile,
    setDataRoot: function (r) { dataRoot = r; }
  };

  function init() {
    initHeaderBox();
    initShortcut();
    var root = document.getElementById('search-app');
    if (root) { initSearchPage(root); }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
