// errorkb search (issue 4): the header search box on every page, and the search page.
// Normalisation and ranking are ports of dev.errorkb.signature.Normalizer and ErrorIndex.match
// (docs/matching.md); the shared vectors in src/test/resources/vectors/ check both. Data format:
// docs/search.md. Content is only ever inserted with textContent / text nodes, never as HTML.
(function () {
  'use strict';

  // ---------------------------------------------------------------- normaliser v1
  var NORMALIZER_VERSION = '3';
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
  // Normalizer.LETTER: a letter a value cannot be glued to (not Japanese).
  var LETTER = '[^\\P{L}\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc]';
  // The same patterns, in the same order, as Normalizer.RULES (the strings are copied verbatim).
  var RULES = [
    ['<q>', '"[^"]{0,200}"|“[^”]{0,200}”|「[^」]{0,200}」|『[^』]{0,200}』|`[^`]{0,200}`|‘[^’]{0,200}’'
      + '|(?<![\\p{N}])(?<!' + LETTER + ')\'[^\']{0,200}\'(?![\\p{N}]|' + LETTER + ')', function () { return true; }],
    ['<url>', '[a-z][a-z0-9+.-]*://' + BODY + '*' + TAIL, has(':')],
    ['<arn>', 'arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:' + BODY + '*' + TAIL, has(':')],
    ['<path>', '(?<![\\p{N}_./\\\\~-])(?<!' + LETTER + ')(?:[a-z]:\\\\|\\\\\\\\|~/|\\.{1,2}/|/)' + BODY + '*' + TAIL, has('/\\')],
    ['<email>', '[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+', has('@')],
    ['<host>', '(?<![\\p{N}_.@/-])(?<!' + LETTER + ')(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:com|net|org|io|dev|app|cloud|ai|co|info|biz|edu|gov|us|uk|de|fr|jp|cn|ru|br|au|ca|nl|se|ch|es|pl|kr|tw|eu|internal|local|localdomain|lan|corp|home|intra|intranet|example|test|invalid)(?![\\p{N}_-]|' + LETTER + '|\\.[\\p{L}\\p{N}])', has('.')],
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
  var FORMAT = 2;
  var RANKING_VERSION = '6';
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

  // Ranking constants: dev.errorkb.signature.Ranking (docs/matching.md §3).
  var LAMBDA = 3;
  var GAP = 0.25;
  var SLOT = 0.01;
  var SUB = 0.5;
  var SUB_CAP = 2.0;
  var EXACT = 1.15;
  var STRONG_COVERAGE = 0.8;
  var WORDS_FULL = 20;
  var SOFT_FACTOR = 0.2;
  var ERRNO_FACTOR = 0.5;
  var MAX_PASTE_TOKENS = 4096;
  var MAX_SIG_TOKENS = 256;
  var EXTRA = 10;
  var SOFT_TAIL = 3;
  var QUOTES = '"\'`\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f';

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  // ---------------------------------------------------------------- errno symbols and numbers (ErrnoWords)
  // [symbol, Linux number, glibc strerror text, its Japanese translation]; SearchJsRulesTest compares this with Java.
  var ERRNO_TABLE = [
    ['eperm', 1, 'Operation not permitted', '許可されていない操作です'],
    ['enoent', 2, 'No such file or directory', 'そのようなファイルやディレクトリはありません'],
    ['esrch', 3, 'No such process', 'そのようなプロセスはありません'],
    ['eintr', 4, 'Interrupted system call', '割り込みシステムコールです'],
    ['eio', 5, 'Input/output error', '入力/出力エラーです'],
    ['enxio', 6, 'No such device or address', 'そのようなデバイスやアドレスはありません'],
    ['e2big', 7, 'Argument list too long', '引数リストが長すぎます'],
    ['enoexec', 8, 'Exec format error', '実行形式エラーです'],
    ['ebadf', 9, 'Bad file descriptor', '不正なファイル記述子です'],
    ['echild', 10, 'No child processes', '子プロセスがありません'],
    ['eagain', 11, 'Resource temporarily unavailable', 'リソースが一時的に利用できません'],
    ['enomem', 12, 'Cannot allocate memory', 'メモリを確保できません'],
    ['eacces', 13, 'Permission denied', '許可がありません'],
    ['efault', 14, 'Bad address', '不正なアドレスです'],
    ['ebusy', 16, 'Device or resource busy', 'デバイスもしくはリソースがビジー状態です'],
    ['eexist', 17, 'File exists', 'ファイルが存在します'],
    ['exdev', 18, 'Invalid cross-device link', '無効なクロスデバイスリンクです'],
    ['enodev', 19, 'No such device', 'そのようなデバイスはありません'],
    ['enotdir', 20, 'Not a directory', 'ディレクトリではありません'],
    ['eisdir', 21, 'Is a directory', 'ディレクトリです'],
    ['einval', 22, 'Invalid argument', '無効な引数です'],
    ['enfile', 23, 'Too many open files in system', 'システム上で開かれているファイルが多すぎます'],
    ['emfile', 24, 'Too many open files', '開いているファイルが多すぎます'],
    ['etxtbsy', 26, 'Text file busy', 'テキストファイルが使用中です'],
    ['efbig', 27, 'File too large', 'ファイルが大きすぎます'],
    ['enospc', 28, 'No space left on device', 'デバイスに空き領域がありません'],
    ['erofs', 30, 'Read-only file system', '読み込み専用ファイルシステムです'],
    ['emlink', 31, 'Too many links', 'リンクが多すぎます'],
    ['epipe', 32, 'Broken pipe', 'パイプが切断されました'],
    ['enametoolong', 36, 'File name too long', 'ファイル名が長すぎます'],
    ['enosys', 38, 'Function not implemented', '関数は実装されていません'],
    ['enotempty', 39, 'Directory not empty', 'ディレクトリが空ではありません'],
    ['eloop', 40, 'Too many levels of symbolic links', 'シンボリックリンクの階層が多すぎます'],
    ['eproto', 71, 'Protocol error', 'プロトコルエラー'],
    ['eopnotsupp', 95, 'Operation not supported', 'サポートされていない操作です'],
    ['eaddrinuse', 98, 'Address already in use', 'アドレスは既に使用中です'],
    ['eaddrnotavail', 99, 'Cannot assign requested address', '要求されたアドレスを割り当てできません'],
    ['enetunreach', 101, 'Network is unreachable', 'ネットワークに届きません'],
    ['econnaborted', 103, 'Software caused connection abort', 'ソフトウェアが原因で接続が中断されました'],
    ['econnreset', 104, 'Connection reset by peer', '接続が相手からリセットされました'],
    ['enotconn', 107, 'Transport endpoint is not connected', '通信端点が接続されていません'],
    ['etimedout', 110, 'Connection timed out', '接続がタイムアウトしました'],
    ['econnrefused', 111, 'Connection refused', '接続を拒否されました'],
    ['ehostdown', 112, 'Host is down', 'ホストがダウンしています'],
    ['ehostunreach', 113, 'No route to host', 'ホストへの経路がありません'],
    ['estale', 116, 'Stale file handle', '古いファイルハンドルです'],
    ['edquot', 122, 'Disk quota exceeded', 'ディスク使用量制限を超過しました']
  ];
  var ERRNO_ALIASES = { ewouldblock: 'eagain', enotsup: 'eopnotsupp' };
  var ERRNO_PATTERN = '(?<![a-z0-9_])(?:(?:errno|errcode|os error)[ =:]{0,3}-?([0-9]{1,3})(?![0-9a-z_]|[.,][0-9])|failed[.:,]? ?\\(-?([0-9]{1,3})[):]|(e[a-z0-9]{2,13})(?![a-z0-9_]))';
  var ERRNO_RE = new RegExp(ERRNO_PATTERN, 'g');
  var ERRNO_BY_NAME = new Map();
  var ERRNO_BY_NUMBER = new Map();
  ERRNO_TABLE.forEach(function (e) { ERRNO_BY_NAME.set(e[0], e); ERRNO_BY_NUMBER.set(e[1], e); });
  Object.keys(ERRNO_ALIASES).forEach(function (a) { ERRNO_BY_NAME.set(a, ERRNO_BY_NAME.get(ERRNO_ALIASES[a])); });

  /** The errnos a folded paste names by symbol or number, in order of first mention, each once (ErrnoWords.named). */
  function errnosNamed(folded) {
    var out = [];
    if (folded.indexOf('e') < 0) { return out; }
    ERRNO_RE.lastIndex = 0;
    var m;
    while ((m = ERRNO_RE.exec(folded)) !== null) {
      var e = m[1] !== undefined ? ERRNO_BY_NUMBER.get(parseInt(m[1], 10))
        : m[2] !== undefined ? ERRNO_BY_NUMBER.get(parseInt(m[2], 10)) : ERRNO_BY_NAME.get(m[3]);
      if (e && out.indexOf(e) < 0) { out.push(e); }
    }
    return out;
  }

  /** The words those errnos stand for: each English text's tokens, and the Japanese one's for a ja paste (ErrnoWords.words). */
  function errnoWords(folded, lang) {
    var out = [];
    errnosNamed(folded).forEach(function (e) {
      out = out.concat(tokenize(fold(e[2])));
      if (lang === 'ja') { out = out.concat(tokenize(fold(e[3]))); }
    });
    return unique(out);
  }

  /** The paste's tokens for the alignment: quote characters read as spaces, then masked (ErrorIndex.alignTokens). */
  function alignTokens(folded) {
    var b = '';
    for (var i = 0; i < folded.length; i++) {
      var c = folded.charAt(i);
      b += QUOTES.indexOf(c) >= 0 ? ' ' : c;
    }
    return tokenize(mask(b));
  }

  function isPh(t) { return t.charCodeAt(0) === 60; }

  /** Shard keys a query needs: its folded tokens (signature keys, BM25) and alignment tokens (signature postings). */
  function plan(query) {
    var text = fold(query); // the alignment masks its own quote-free copy: the masked text itself is not needed
    var foldTokens = unique(tokenize(text));
    var terms = foldTokens.filter(function (t) { return !isPh(t); });
    var align = alignTokens(text);
    if (align.length > MAX_PASTE_TOKENS) { align = align.slice(0, MAX_PASTE_TOKENS); }
    var alignTerms = unique(align.filter(function (t) { return !isPh(t); }));
    var lang = detectLang(text);
    var mine = new Set(terms);
    var errno = errnoWords(text, lang).filter(function (t) { return !mine.has(t); });
    return { text: text, lang: lang, foldTokens: foldTokens, terms: terms, align: align, alignTerms: alignTerms, errno: errno };
  }

  function shardKeys(p, meta) {
    var keys = new Set();
    p.foldTokens.concat(p.alignTerms, p.errno).forEach(function (t) { keys.add('t/' + shardOf(t, meta.shards)); });
    return Array.from(keys);
  }

  /** Index of each entry's first signature (from meta.ns); entry d has signatures [first[d], first[d + 1]). */
  function firstSigs(meta) {
    if (!meta.firstSig) {
      var f = new Int32Array(meta.n + 1);
      for (var d = 0; d < meta.n; d++) { f[d + 1] = f[d] + meta.ns[d]; }
      meta.firstSig = f;
    }
    return meta.firstSig;
  }

  /** A signature's alignment data {tok, w, soft, total, need} from its chunk, or null when the chunk is not loaded. */
  function sigData(meta, k) {
    var chunk = store.get('s/' + Math.floor(k / meta.schunk));
    if (!chunk) { return null; }
    var rec = chunk[k % meta.schunk];
    if (!rec.data) {
      var tok = rec[0];
      var w = new Float64Array(tok.length);
      var soft = new Uint8Array(tok.length);
      rec[2].forEach(function (i) { soft[i] = 1; });
      var total = 0;
      var need = 0;
      for (var i = 0; i < tok.length; i++) {
        if (isPh(tok[i])) { continue; }
        var x = idf(meta.n, rec[1][i]);
        w[i] = soft[i] ? x * SOFT_FACTOR : x;
        total += w[i];
        need += soft[i] ? 0 : w[i];
      }
      // Alignment.substitutes: what a token earns when a value stands in its place.
      var sub = new Float64Array(tok.length);
      for (var q = 0; q < tok.length; q++) {
        if (!isPh(tok[q]) && !soft[q] && !isCjk(tok[q].codePointAt(0))) { sub[q] = Math.min(SUB * w[q], SUB_CAP); }
      }
      rec.data = { tok: tok, w: w, soft: soft, sub: sub, total: total, need: need };
    }
    return rec.data;
  }

  var rows = { prev2: new Float64Array(64), prev: new Float64Array(64), cur: new Float64Array(64),
    ps2: new Int32Array(64), ps: new Int32Array(64), cs: new Int32Array(64) };

  /** Alignment.absentOnly: no credit for a signature token that the paste has somewhere. */
  function absentOnly(s, terms) {
    var out = s.sub;
    for (var i = 0; i < s.tok.length; i++) {
      if (s.sub[i] > 0 && terms.has(s.tok[i])) {
        if (out === s.sub) { out = new Float64Array(s.sub); }
        out[i] = 0;
      }
    }
    return out;
  }

  /** Alignment.valueLike, per paste token: a masked value, a word no entry has, a word with a digit or an underscore. */
  function valueLike(paste, meta) {
    var v = new Uint8Array(paste.length);
    for (var j = 0; j < paste.length; j++) {
      var t = paste[j];
      if (isPh(t) || /[0-9_]/.test(t)) { v[j] = 1; continue; }
      var sh = store.get('t/' + shardOf(t, meta.shards));
      v[j] = sh && own(sh.t, t) ? 0 : 1;
    }
    return v;
  }

  /** Alignment.tail: paste tokens a closing soft run stands for beyond the alignment's end. */
  function tail(s, bestRow, bestEnd, m) {
    var n = s.tok.length;
    if (n === 0 || !s.soft[n - 1] || bestRow < 0) { return 0; }
    var runStart = n - 1;
    while (runStart > 0 && s.soft[runStart - 1]) { runStart--; }
    if (bestRow < runStart - 1) { return 0; }
    return Math.min(SOFT_TAIL, m - bestEnd);
  }

  /** Alignment.align, operation for operation: {score, start, end}. */
  function align(s, paste, value, terms) {
    var m = paste.length;
    var sub = absentOnly(s, terms);
    if (rows.prev.length < m + 1) {
      var size = Math.max(m + 1, rows.prev.length * 2);
      rows = { prev2: new Float64Array(size), prev: new Float64Array(size), cur: new Float64Array(size),
        ps2: new Int32Array(size), ps: new Int32Array(size), cs: new Int32Array(size) };
    }
    var prev2 = rows.prev2, prev = rows.prev, cur = rows.cur, ps2 = rows.ps2, ps = rows.ps, cs = rows.cs;
    prev.fill(0, 0, m + 1);
    prev2.fill(0, 0, m + 1);
    var best = 0, bestStart = 0, bestEnd = 0, bestRow = -1;
    for (var i = 0; i < s.tok.length; i++) {
      var t = s.tok[i];
      var slot = isPh(t);
      var loose = slot || s.soft[i] === 1;
      var wi = s.w[i];
      var gap = loose ? 0 : GAP;
      cur[0] = 0;
      cs[0] = 0;
      for (var j = 1; j <= m; j++) {
        var v = 0, st = 0;
        var d = prev[j - 1];
        if (!slot && t === paste[j - 1]) {
          v = d + wi;
          st = d > 0 ? ps[j - 1] : j - 1;
          var c, d2;
          if (j >= 2 && i >= 1 && value[j - 2] && (c = sub[i - 1]) > 0 && (d2 = prev2[j - 2]) > 0
              && s.tok[i - 1] !== paste[j - 2]) {
            var vs = d2 + c - GAP + wi;
            if (vs > v) { v = vs; st = ps2[j - 2]; }
          }
        } else if (slot || (loose && d > 0)) {
          v = d + SLOT;
          st = d > 0 ? ps[j - 1] : j - 1;
        }
        var up = prev[j];
        if (up > v) { v = up; st = ps[j]; }
        var left = cur[j - 1] - gap;
        if (left > v) { v = left; st = cs[j - 1]; }
        cur[j] = v;
        cs[j] = st;
        if (v > best) { best = v; bestStart = st; bestEnd = j; bestRow = i; }
      }
      var x = prev2; prev2 = prev; prev = cur; cur = x;
      var y = ps2; ps2 = ps; ps = cs; cs = y;
    }
    rows = { prev2: prev2, prev: prev, cur: cur, ps2: ps2, ps: ps, cs: cs };
    return best > 0 ? { score: best, start: bestStart, end: bestEnd + tail(s, bestRow, bestEnd, m) } : { score: 0, start: 0, end: 0 };
  }

  var MATCH = 1, TAKEN = 2, SOFT = 3, MISSING = 4, GAPPED = 5, REPLACED = 6;

  /** Alignment.trace: the steps [sigIndex, pasteIndex, move] of the same best alignment, in paste order. */
  function trace(s, paste, value, terms) {
    var n = s.tok.length, m = paste.length;
    var sub = absentOnly(s, terms);
    var h = [], from = [];
    for (var r = 0; r <= n; r++) { h.push(new Float64Array(m + 1)); from.push(new Uint8Array(m + 1)); }
    var best = 0, bi = 0, bj = 0;
    for (var i = 1; i <= n; i++) {
      var t = s.tok[i - 1];
      var slot = isPh(t);
      var loose = slot || s.soft[i - 1] === 1;
      var gap = loose ? 0 : GAP;
      for (var j = 1; j <= m; j++) {
        var v = 0, f = 0;
        var d = h[i - 1][j - 1];
        if (!slot && t === paste[j - 1]) {
          v = d + s.w[i - 1];
          f = 1;
          var c;
          if (j >= 2 && i >= 2 && value[j - 2] && (c = sub[i - 2]) > 0 && h[i - 2][j - 2] > 0
              && s.tok[i - 2] !== paste[j - 2]) {
            var vs = h[i - 2][j - 2] + c - GAP + s.w[i - 1];
            if (vs > v) { v = vs; f = 5; }
          }
        } else if (slot || (loose && d > 0)) {
          v = d + SLOT;
          f = 4;
        }
        if (h[i - 1][j] > v) { v = h[i - 1][j]; f = 2; }
        if (h[i][j - 1] - gap > v) { v = h[i][j - 1] - gap; f = 3; }
        h[i][j] = v;
        from[i][j] = f;
        if (v > best) { best = v; bi = i; bj = j; }
      }
    }
    var steps = [];
    var a = bi, b = bj;
    while (a > 0 && b > 0 && h[a][b] > 0) {
      var fr = from[a][b];
      var lo = isPh(s.tok[a - 1]) || s.soft[a - 1] === 1;
      var take = isPh(s.tok[a - 1]) ? TAKEN : SOFT;
      if (fr === 1 || fr === 4) {
        steps.push([a - 1, b - 1, fr === 1 ? MATCH : take]);
        a--; b--;
      } else if (fr === 5) {
        steps.push([a - 1, b - 1, MATCH]);
        steps.push([a - 2, b - 2, REPLACED]);
        a -= 2; b -= 2;
      } else if (fr === 2) {
        steps.push([a - 1, -1, MISSING]);
        a--;
      } else if (fr === 3) {
        steps.push([lo ? a - 1 : -1, b - 1, lo ? take : GAPPED]);
        b--;
      } else {
        break;
      }
    }
    steps.reverse();
    var extra = tail(s, bi - 1, bj, m);
    for (var k = 0; k < extra; k++) { steps.push([n - 1, bj + k, SOFT]); }
    return steps;
  }

  /**
   * Ranker.inside: b found every paste token a found, or took it in a slot or soft token's place when a
   * matched exactly, and found words of its own outside a's region.
   */
  function inside(a, aStart, aEnd, aExact, b) {
    var taken = new Set();
    var own = false;
    for (var i = 0; i < b.length; i++) {
      var s = b[i];
      if (s[2] === MATCH || (aExact && s[2] !== MISSING && s[2] !== GAPPED)) { taken.add(s[1]); }
      if (s[2] === MATCH && (s[1] < aStart || s[1] >= aEnd)) { own = true; }
    }
    if (!own) { return false; }
    for (var j = 0; j < a.length; j++) {
      if (a[j][2] === MATCH && !taken.has(a[j][1])) { return false; }
    }
    return true;
  }

  function kindOf(sc) {
    return sc.exact ? 'exact' : sc.sig >= 0 && sc.coverage >= STRONG_COVERAGE ? 'strong' : 'related';
  }

  function scoreOrder(a, b) {
    return a.score !== b.score ? (b.score > a.score ? 1 : -1) : a.entry - b.entry;
  }

  /** Thrown by rankLoaded when signature chunks are missing: search() loads them and ranks again. */
  function Need(keys) { this.keys = keys; }

  /**
   * Ranks with loaded data exactly as ErrorIndex.match: signature evidence (exact regex matches,
   * then the alignment) and BM25 on one scale, specific before generic. Returns at most `top`
   * results {entry, score, kind, full, ordinal, coverage, span}; throws Need when it must read
   * signature chunks that are not loaded (and `need` is true), else returns null.
   */
  function rankLoaded(p, meta, top, need) {
    var st = p.state;
    if (!st || st.top !== top) { st = p.state = prepare(p, meta, top); }
    var first = firstSigs(meta);
    var n = meta.n;
    if (!st.order) {
      // Bounds need the totals of the exactly matched signatures: load their chunks first.
      var missing = new Set();
      st.exact.forEach(function (x, k) { if (!sigData(meta, k)) { missing.add('s/' + Math.floor(k / meta.schunk)); } });
      if (missing.size) {
        if (!need) { return null; }
        throw new Need(Array.from(missing));
      }
      st.exact.forEach(function (x, k) {
        var s = sigData(meta, k);
        bump(st, first, n, k, Math.max(s.total, (st.ub.get(k) || 0) + SLOT * s.tok.length + SUB_CAP * Math.min(st.values, st.after.get(k) || 0)) * EXACT);
      });
      var order = [];
      var bound = new Float64Array(n);
      var boost = new Float64Array(n);
      var langBit = p.lang === 'ja' ? 2 : 1;
      for (var e = 0; e < n; e++) {
        if (!st.touched[e]) { continue; }
        boost[e] = ((meta.lang[e] & langBit) !== 0 ? LANG_BOOST : 1.0) * st.damp;
        bound[e] = LAMBDA * (st.sigBound.get(e) || 0) + st.acc[e] * boost[e];
        order.push(e);
      }
      order.sort(function (x, y) { return bound[x] !== bound[y] ? (bound[y] > bound[x] ? 1 : -1) : x - y; });
      st.order = order; st.bound = bound; st.boost = boost; st.pos = 0; st.kept = [];
    }
    var want = top + EXTRA;
    var kept = st.kept;
    var paste = p.align;
    var value = st.value;
    var terms = st.terms;
    for (; st.pos < st.order.length; st.pos++) {
      var d = st.order[st.pos];
      if (kept.length >= want && st.bound[d] * (1 + 1e-9) < kept[kept.length - 1].score) { break; }
      var sc = { entry: d, score: 0, words: st.acc[d] * st.boost[d], evidence: 0, aligned: 0, coverage: 0, sig: -1,
        exact: false, start: 0, end: 0, hit: null };
      var lack = [];
      for (var k2 = first[d]; k2 < first[d + 1]; k2++) {
        var hit = st.exact.get(k2);
        if (!hit && !(st.ub.get(k2) > 0)) { continue; }
        var s2 = sigData(meta, k2);
        if (!s2) { lack.push('s/' + Math.floor(k2 / meta.schunk)); continue; }
        var res = align(s2, paste, value, terms);
        var total = s2.total;
        var aligned = hit ? Math.max(total, res.score) : res.score;
        var coverage = s2.need > 0 ? Math.min(1.0, aligned / s2.need) : 0; // of the tokens that are not soft
        var ev = hit ? aligned * EXACT : aligned * coverage * coverage;
        var better = sc.sig < 0 || ev > sc.evidence || (ev === sc.evidence && hit && !sc.exact);
        if (better && (ev > 0 || hit)) {
          sc.sig = k2; sc.evidence = ev; sc.aligned = aligned; sc.coverage = coverage; sc.exact = !!hit; sc.hit = hit || null;
          sc.start = res.start; sc.end = res.end;
        }
      }
      if (lack.length) {
        if (!need) { return null; }
        // Read ahead: the chunks of the next entries in bound order too, so few rounds are needed.
        for (var ahead = st.pos + 1; ahead < Math.min(st.order.length, st.pos + READ_AHEAD); ahead++) {
          var da = st.order[ahead];
          if (kept.length >= want && st.bound[da] * (1 + 1e-9) < kept[kept.length - 1].score) { break; }
          for (var k3 = first[da]; k3 < first[da + 1]; k3++) {
            if ((st.exact.has(k3) || st.ub.get(k3) > 0) && !sigData(meta, k3)) { lack.push('s/' + Math.floor(k3 / meta.schunk)); }
          }
        }
        throw new Need(unique(lack));
      }
      sc.score = LAMBDA * sc.evidence + sc.words;
      var pos = kept.length;
      while (pos > 0 && scoreOrder(sc, kept[pos - 1]) < 0) { pos--; }
      if (pos < want) {
        kept.splice(pos, 0, sc);
        if (kept.length > want) { kept.pop(); }
      }
    }
    var list = kept.slice();
    specificFirst(list, meta, paste, value, terms);
    var out = [];
    for (var q = 0; q < list.length && out.length < top; q++) {
      var x = list[q];
      var kind = kindOf(x);
      out.push({ entry: x.entry, score: x.score, kind: kind, full: kind === 'exact', coverage: x.coverage,
        ordinal: x.sig >= 0 ? x.sig - first[x.entry] : -1, span: x.hit ? x.hit.span : null });
    }
    return out;
  }

  var READ_AHEAD = 48;

  /** The entry of signature k (binary search over the first signature of each entry). */
  function entryOf(first, n, k) {
    var lo = 0, hi = n - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (first[mid] <= k) { lo = mid; } else { hi = mid - 1; } }
    return lo;
  }

  function bump(st, first, n, k, e) {
    var d = entryOf(first, n, k);
    st.touched[d] = 1;
    if (!(st.sigBound.get(d) >= e)) { st.sigBound.set(d, e); }
  }

  /** What a query's ranking computes once, kept on its plan while signature chunks load. */
  function prepare(p, meta, top) {
    var text = p.text;
    var first = firstSigs(meta);
    // Exact evidence: candidates by key tokens, then their regexes.
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
    var exact = new Map(); // signature index -> {span}
    for (var c = 0; c < cands.length; c++) {
      var rec = cands[c];
      var k0 = first[rec[0]] + rec[1];
      if (exact.has(k0)) { continue; }
      var re = compile(rec[3]);
      if (!re) { continue; }
      re.lastIndex = 0;
      var mm = re.exec(text);
      if (mm) { exact.set(k0, { span: [mm.index, mm.index + mm[0].length] }); }
    }
    // Word evidence: BM25F over the folded tokens.
    var n = meta.n;
    var acc = new Float32Array(n);
    var touched = new Uint8Array(n);
    var k1p1 = f32(K1 + 1);
    for (var t = 0; t < p.terms.length; t++) {
      var term = p.terms[t];
      var sh = store.get('t/' + shardOf(term, meta.shards));
      var post = sh ? own(sh.t, term) : null;
      if (!post) { continue; }
      var df = post.length / 2;
      var idfw = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      var dd = 0;
      for (var j = 0; j < post.length; j += 2) {
        dd += post[j];
        var tf = post[j + 1];
        var norm = f32(K1 * (0.25 + f32(B * meta.dl[dd]) / meta.avg));
        var w = f32(idfw * tf * k1p1 / f32(tf + norm));
        acc[dd] = acc[dd] + w;
        if (w !== 0) { touched[dd] = 1; } // a soft errno word's frequency-0 posting (DocFields) touches nothing, as in Java
      }
    }
    // An errno named only by symbol or number: its strerror text's words the paste lacks, at ERRNO_FACTOR.
    for (var et = 0; et < p.errno.length; et++) {
      var eterm = p.errno[et];
      var esh = store.get('t/' + shardOf(eterm, meta.shards));
      var epost = esh ? own(esh.t, eterm) : null;
      if (!epost) { continue; }
      var edf = epost.length / 2;
      var eidf = Math.log(1 + (n - edf + 0.5) / (edf + 0.5));
      var ed = 0;
      for (var ej = 0; ej < epost.length; ej += 2) {
        ed += epost[ej];
        var etf = epost[ej + 1];
        var enorm = f32(K1 * (0.25 + f32(B * meta.dl[ed]) / meta.avg));
        var ew = f32(f32(eidf * etf * k1p1 / f32(etf + enorm)) * ERRNO_FACTOR);
        acc[ed] = acc[ed] + ew;
        if (ew !== 0) { touched[ed] = 1; }
      }
    }
    var damp = p.terms.length <= WORDS_FULL ? 1.0 : Math.sqrt(WORDS_FULL / p.terms.length);
    // Upper bounds of signature evidence from the signature postings [signature gap, times, quarters of a lower bound of its weight, tokens that can earn SLOT].
    var ub = new Map();
    var present = new Map(); // token positions whose word the paste has
    var after = new Map(); // token positions whose word the paste has right after a value-like token
    var low = new Map();
    var loose = new Map();
    var value = valueLike(p.align, meta);
    var values = 0;
    var afterValue = new Set();
    for (var vj = 0; vj < value.length; vj++) {
      values += value[vj];
      if (vj > 0 && value[vj - 1] && !isPh(p.align[vj])) { afterValue.add(p.align[vj]); }
    }
    for (var a = 0; a < p.alignTerms.length; a++) {
      var at = p.alignTerms[a];
      var sa = store.get('t/' + shardOf(at, meta.shards));
      var gp = sa ? own(sa.g, at) : null;
      var tp = sa ? own(sa.t, at) : null;
      if (!gp || !tp) { continue; }
      var tw = idf(n, tp.length / 2);
      var k = 0;
      for (var g = 0; g < gp.length; g += 4) {
        k += gp[g];
        ub.set(k, (ub.get(k) || 0) + gp[g + 1] * tw);
        present.set(k, (present.get(k) || 0) + gp[g + 1]);
        if (afterValue.has(at)) { after.set(k, (after.get(k) || 0) + gp[g + 1]); }
        low.set(k, gp[g + 2] / 4);
        loose.set(k, gp[g + 3]);
      }
    }
    var st = { top: top, exact: exact, acc: acc, touched: touched, damp: damp, ub: ub, present: present, after: after,
      value: value, values: values, terms: new Set(p.alignTerms), sigBound: new Map(), order: null };
    ub.forEach(function (u, k) {
      if (exact.has(k) || !(u > 0)) { return; }
      var lk = loose.get(k);
      // Ranker.looseReplaceBound: replaced tokens end before a word that follows a value in the paste.
      var up = u + SLOT * lk + SUB_CAP * Math.min(values, after.get(k) || 0, Math.max(0, present.get(k) - (lk > 0 ? 0 : 1)));
      var lo = low.get(k);
      var cov = lo > 0 ? Math.min(1.0, up / lo) : 1.0;
      bump(st, first, n, k, up * cov * cov);
    });
    return st;
  }

  /** ErrorIndex.specificFirst: a result inside a lower exact or strong one gives it its place. */
  function specificFirst(kept, meta, paste, value, terms) {
    var traces = new Map();
    function tr(sc) {
      if (!traces.has(sc)) { traces.set(sc, trace(sigData(meta, sc.sig), paste, value, terms)); }
      return traces.get(sc);
    }
    for (var guard = 0; guard < kept.length * kept.length; guard++) {
      var moved = false;
      outer:
      for (var i = 0; i < kept.length; i++) {
        var a = kept[i];
        if (a.sig < 0 || a.end <= a.start) { continue; }
        for (var j = i + 1; j < kept.length; j++) {
          var b = kept[j];
          if (b.sig >= 0 && kindOf(b) !== 'related' && b.start <= a.start && a.end <= b.end
              && (b.start < a.start || a.end < b.end) && inside(tr(a), a.start, a.end, a.exact, tr(b))) {
            kept.splice(j, 1);
            kept.splice(i, 0, b);
            moved = true;
            break outer;
          }
        }
      }
      if (!moved) { return; }
    }
  }

  function checkFormat(meta) {
    if (meta.format !== FORMAT || meta.normalizerVersion !== NORMALIZER_VERSION || meta.rankingVersion !== RANKING_VERSION) {
      throw new Error('search data format ' + meta.format + '/' + meta.normalizerVersion + '/' + meta.rankingVersion
        + ' is not supported');
    }
  }

  /** Loads what a query needs (shards, then the signature chunks the ranking asks for), then ranks. Resolves to {plan, results}. */
  function search(query, top) {
    return load('meta').then(function (meta) {
      checkFormat(meta);
      var before = plan(query);
      return Promise.all(shardKeys(before, meta).concat(gluedKeys(query, meta)).map(load)).then(function () {
        var q = splitGlued(query, meta);
        var p = q === query ? before : plan(q);
        return Promise.all(shardKeys(p, meta).map(load)).then(function () {
          function attempt() {
            try {
              return { plan: p, results: rankLoaded(p, meta, top, true) };
            } catch (e) {
              if (!(e instanceof Need)) { throw e; }
              return Promise.all(e.keys.map(load)).then(attempt);
            }
          }
          return attempt();
        });
      });
    });
  }

  /** Ranks only if every file the query needs is loaded already (for the benchmark); else null. */
  function searchLoaded(query, top) {
    var meta = store.get('meta');
    if (!meta) { return null; }
    var glued = gluedKeys(query, meta);
    for (var g = 0; g < glued.length; g++) { if (!store.has(glued[g])) { return null; } }
    var p = plan(splitGlued(query, meta));
    var keys = shardKeys(p, meta);
    for (var i = 0; i < keys.length; i++) { if (!store.has(keys[i])) { return null; } }
    try {
      return rankLoaded(p, meta, top, true);
    } catch (e) {
      if (e instanceof Need) { return null; }
      throw e;
    }
  }

  // ---------------------------------------------------------------- glued words (GluedWords)
  function isUpperC(c) { return c >= 65 && c <= 90; }
  function isLowerC(c) { return c >= 97 && c <= 122; }
  function isWordC(c) { return isUpperC(c) || isLowerC(c) || (c >= 48 && c <= 57) || c === 95; }

  /** GluedWords.boundary: a case boundary before index k of a word ending before to. */
  function caseBoundary(s, k, to) {
    var c = s.charCodeAt(k), p = s.charCodeAt(k - 1);
    return isUpperC(c) && (isLowerC(p) || ((isUpperC(p) || (p >= 48 && p <= 57)) && k + 1 < to && isLowerC(s.charCodeAt(k + 1))));
  }

  /** The words of text with a case boundary, as [start, end) pairs. */
  function gluedSpans(s) {
    var out = [];
    var n = s.length, i = 0;
    while (i < n) {
      if (!isWordC(s.charCodeAt(i))) { i++; continue; }
      var j = i;
      while (j < n && isWordC(s.charCodeAt(j))) { j++; }
      for (var k = i + 1; k < j; k++) {
        if (caseBoundary(s, k, j)) { out.push([i, j]); break; }
      }
      i = j;
    }
    return out;
  }

  /** Shards that tell whether a glued word is known, and those of its parts (loaded with the first shards). */
  function gluedKeys(query, meta) {
    var keys = [];
    gluedSpans(query).forEach(function (sp) {
      keys.push('t/' + shardOf(query.substring(sp[0], sp[1]).toLowerCase(), meta.shards));
      var from = sp[0];
      for (var k = sp[0] + 1; k <= sp[1]; k++) {
        if (k === sp[1] || caseBoundary(query, k, sp[1])) {
          keys.push('t/' + shardOf(query.substring(from, k).toLowerCase(), meta.shards));
          from = k;
        }
      }
    });
    return keys;
  }

  /** GluedWords.split: a space at each case boundary of a word the index does not know (its shard is loaded). */
  function splitGlued(query, meta) {
    var spans = gluedSpans(query);
    if (!spans.length) { return query; }
    var out = '', copied = 0;
    spans.forEach(function (sp) {
      var w = query.substring(sp[0], sp[1]).toLowerCase();
      var shard = store.get('t/' + shardOf(w, meta.shards));
      if (shard && own(shard.t, w)) { return; }
      out += query.substring(copied, sp[0]);
      for (var k = sp[0]; k < sp[1]; k++) {
        if (k > sp[0] && caseBoundary(query, k, sp[1])) { out += ' '; }
        out += query.charAt(k);
      }
      copied = sp[1];
    });
    return copied === 0 ? query : out + query.substring(copied);
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
      // Digits that are one part of an address, version or time (127.0.0.1, 1.24, 10:00) are not
      // words of their own: marking the 0 of 127.0.0.1 because the paste had a 0 elsewhere misleads.
      if (/^[0-9]+$/.test(word) && (/[0-9][.:]$/.test(text.substring(Math.max(0, start - 2), start))
          || /^[.:][0-9]/.test(text.substring(start + word.length, start + word.length + 2)))) {
        continue;
      }
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
    if (result.kind !== 'related' && result.ordinal >= 0) { return entry.sigs[result.ordinal]; }
    var best = null;
    var bestScore = -1;
    entry.sigs.forEach(function (s) {
      var shared = unique(normalize(s[1]).tokens).filter(function (t) { return tokens.has(t); }).length;
      var score = shared * 2 + (s[0] === pageLang ? 1 : 0);
      if (score > bestScore) { best = s; bestScore = score; }
    });
    return best;
  }

  function renderResult(app, result, entry, tokens, divider) {
    var pageLang = app.lang;
    var docLang = entry.docs[pageLang] ? pageLang : Object.keys(entry.docs)[0];
    var doc = entry.docs[docLang];
    var li = el('li', 'result kind-' + result.kind + (result.full ? ' full-match' : ''));
    li.setAttribute('data-entry-id', entry.id);
    li.setAttribute('data-kind', result.kind);
    if (divider) {
      // Word-only results after the last signature match sit below a divider (docs/search.md).
      li.className += ' first-related';
      li.appendChild(el('p', 'related-divider', app.msg.related));
    }
    if (docLang !== pageLang) { li.setAttribute('lang', docLang); }
    var h = el('h2', 'result-title');
    var a = el('a', 'result-link', doc.title);
    a.href = app.root + docLang + '/' + entry.id + '/index.html';
    if (docLang !== pageLang) { a.hreflang = docLang; }
    h.appendChild(a);
    if (docLang !== pageLang) {
      h.appendChild(document.createTextNode(' '));
      var badge = el('span', 'badge lang-badge', app.msg.other);
      badge.lang = pageLang; // the badge is in the page's language, the result in the other
      h.appendChild(badge);
    }
    if (result.kind === 'exact') {
      h.appendChild(document.createTextNode(' '));
      h.appendChild(el('span', 'badge exact-badge', app.msg.exact));
    } else if (result.kind === 'strong') {
      h.appendChild(document.createTextNode(' '));
      h.appendChild(el('span', 'badge strong-badge', app.msg.strong));
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

  // Privacy (issue 13): the query lives in the fragment (#q=…), which browsers never send to the
  // server, so a pasted error (hosts, paths, tokens) stays out of access logs; ?q= from old links
  // and from the no-JavaScript form is still read, then moved into the fragment.
  function queryFromUrl() {
    var h = window.location.hash;
    var q = h.length > 1 ? new URLSearchParams(h.substring(1)).get('q') : null;
    if (q === null) { q = new URLSearchParams(window.location.search).get('q'); }
    return q === null ? '' : q;
  }

  /** "#q=…" for a query, "" for none. */
  function fragment(q) { return q ? '#q=' + encodeURIComponent(q) : ''; }

  function setUrlQuery(q) {
    try {
      var url = new URL(window.location.href);
      url.searchParams.delete('q');
      url.hash = fragment(q);
      if (url.href !== window.location.href) { window.history.replaceState(null, '', url.href); }
    } catch (e) { /* file:// pages may refuse history changes; the query still works */ }
  }

  /** Keeps the language switch pointing at the other language's search page with the same query. */
  function updateSwitch(q) {
    document.querySelectorAll('a.lang-switch').forEach(function (a) {
      var base = a.getAttribute('data-base-href');
      if (base === null) { base = a.getAttribute('href'); a.setAttribute('data-base-href', base); }
      a.setAttribute('href', base + fragment(q));
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
          // The divider goes before the first result after which only word matches follow.
          var lastMatch = -1;
          r.results.forEach(function (x, i) { if (x.kind !== 'related') { lastMatch = i; } });
          r.results.forEach(function (x, i) {
            frag.appendChild(renderResult(app, x, entries[i], tokens, i === lastMatch + 1 && lastMatch >= 0));
          });
          app.results.textContent = '';
          app.results.appendChild(frag);
          app.status.textContent = r.results.length ? statusLine(app, r.results) : app.msg.none;
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

  /** "1 exact match, 4 related": the counts of each kind, in the page's language. */
  function statusLine(app, results) {
    var n = { exact: 0, strong: 0, related: 0 };
    results.forEach(function (x) { n[x.kind]++; });
    var parts = [];
    ['exact', 'strong', 'related'].forEach(function (k) {
      if (n[k]) { parts.push(app.msg[(n[k] === 1 ? 'count1-' : 'count-') + k].replace('{0}', String(n[k]))); }
    });
    return parts.join(app.msg.countSep);
  }

  function initSearchPage(root) {
    var box = document.getElementById('search-q');
    var app = {
      root_: root, box: box, seq: 0, timer: 0,
      root: root.getAttribute('data-root'), lang: root.getAttribute('data-lang'),
      results: document.getElementById('search-results'), status: document.getElementById('search-status'),
      msg: {}
    };
    ['loading', 'failed', 'none', 'count', 'empty', 'exact', 'strong', 'related', 'cause', 'fix', 'other',
      'count1-exact', 'count-exact', 'count1-strong', 'count-strong', 'count1-related', 'count-related'].forEach(function (k) {
      app.msg[k] = root.getAttribute('data-msg-' + k) || '';
    });
    app.msg.countSep = root.getAttribute('data-msg-count-sep') || ', ';
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
    // A link to #q=… followed on this page (the address bar, history) searches for it.
    window.addEventListener('hashchange', function () {
      var h = queryFromUrl();
      if (h !== box.value) { box.value = h; app.seq++; runSearch(app, h, app.seq); }
    });
  }

  function initHeaderBox() {
    var box = document.getElementById('site-q');
    if (!box) { return; }
    // With JavaScript the query goes to the search page in the fragment, not as ?q= (see queryFromUrl).
    function go() {
      if (box.value.trim()) { window.location.href = box.form.getAttribute('action') + fragment(box.value); }
    }
    box.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        go();
      }
    });
    box.form.addEventListener('submit', function (ev) { ev.preventDefault(); go(); });
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
    rankingVersion: RANKING_VERSION,
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
