package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An errno that a paste names only by its symbol or number ({@code listen EADDRINUSE}, {@code npm ERR!
 * code ENOENT}, {@code errno: -13}, {@code [Errno 98]}, {@code (os error 111)}, {@code bind() failed.
 * (98)}) stands for its strerror text: the text's words are word evidence (BM25, at {@link
 * Ranking#ERRNO_FACTOR} of their weight) for the entries that have them, never signature evidence
 * (docs/matching.md §3.4a). Names and numbers are Linux's (glibc's {@code errno.h} on x86-64 and
 * arm64), the texts glibc's {@code strerror}, all of them among {@link SoftTokens#ERRNO_TEXTS}.
 * search.js has the same table and the same pattern ({@code SearchJsRulesTest} compares them).
 */
final class ErrnoWords {

  private ErrnoWords() {}

  /** One errno: symbol (lower case), Linux number, glibc's English text and its Japanese translation (or null). */
  record Errno(String name, int number, String en, String ja) {}

  /** Aliases: a second symbol for the same number. */
  static final Map<String, String> ALIASES = Map.of("ewouldblock", "eagain", "enotsup", "eopnotsupp");

  static final List<Errno> TABLE = List.of(
      new Errno("eperm", 1, "Operation not permitted", "許可されていない操作です"),
      new Errno("enoent", 2, "No such file or directory", "そのようなファイルやディレクトリはありません"),
      new Errno("esrch", 3, "No such process", "そのようなプロセスはありません"),
      new Errno("eintr", 4, "Interrupted system call", "割り込みシステムコールです"),
      new Errno("eio", 5, "Input/output error", "入力/出力エラーです"),
      new Errno("enxio", 6, "No such device or address", "そのようなデバイスやアドレスはありません"),
      new Errno("e2big", 7, "Argument list too long", "引数リストが長すぎます"),
      new Errno("enoexec", 8, "Exec format error", "実行形式エラーです"),
      new Errno("ebadf", 9, "Bad file descriptor", "不正なファイル記述子です"),
      new Errno("echild", 10, "No child processes", "子プロセスがありません"),
      new Errno("eagain", 11, "Resource temporarily unavailable", "リソースが一時的に利用できません"),
      new Errno("enomem", 12, "Cannot allocate memory", "メモリを確保できません"),
      new Errno("eacces", 13, "Permission denied", "許可がありません"),
      new Errno("efault", 14, "Bad address", "不正なアドレスです"),
      new Errno("ebusy", 16, "Device or resource busy", "デバイスもしくはリソースがビジー状態です"),
      new Errno("eexist", 17, "File exists", "ファイルが存在します"),
      new Errno("exdev", 18, "Invalid cross-device link", "無効なクロスデバイスリンクです"),
      new Errno("enodev", 19, "No such device", "そのようなデバイスはありません"),
      new Errno("enotdir", 20, "Not a directory", "ディレクトリではありません"),
      new Errno("eisdir", 21, "Is a directory", "ディレクトリです"),
      new Errno("einval", 22, "Invalid argument", "無効な引数です"),
      new Errno("enfile", 23, "Too many open files in system", "システム上で開かれているファイルが多すぎます"),
      new Errno("emfile", 24, "Too many open files", "開いているファイルが多すぎます"),
      new Errno("etxtbsy", 26, "Text file busy", "テキストファイルが使用中です"),
      new Errno("efbig", 27, "File too large", "ファイルが大きすぎます"),
      new Errno("enospc", 28, "No space left on device", "デバイスに空き領域がありません"),
      new Errno("erofs", 30, "Read-only file system", "読み込み専用ファイルシステムです"),
      new Errno("emlink", 31, "Too many links", "リンクが多すぎます"),
      new Errno("epipe", 32, "Broken pipe", "パイプが切断されました"),
      new Errno("enametoolong", 36, "File name too long", "ファイル名が長すぎます"),
      new Errno("enosys", 38, "Function not implemented", "関数は実装されていません"),
      new Errno("enotempty", 39, "Directory not empty", "ディレクトリが空ではありません"),
      new Errno("eloop", 40, "Too many levels of symbolic links", "シンボリックリンクの階層が多すぎます"),
      new Errno("eproto", 71, "Protocol error", "プロトコルエラー"),
      new Errno("eopnotsupp", 95, "Operation not supported", "サポートされていない操作です"),
      new Errno("eaddrinuse", 98, "Address already in use", "アドレスは既に使用中です"),
      new Errno("eaddrnotavail", 99, "Cannot assign requested address", "要求されたアドレスを割り当てできません"),
      new Errno("enetunreach", 101, "Network is unreachable", "ネットワークに届きません"),
      new Errno("econnaborted", 103, "Software caused connection abort", "ソフトウェアが原因で接続が中断されました"),
      new Errno("econnreset", 104, "Connection reset by peer", "接続が相手からリセットされました"),
      new Errno("enotconn", 107, "Transport endpoint is not connected", "通信端点が接続されていません"),
      new Errno("etimedout", 110, "Connection timed out", "接続がタイムアウトしました"),
      new Errno("econnrefused", 111, "Connection refused", "接続を拒否されました"),
      new Errno("ehostdown", 112, "Host is down", "ホストがダウンしています"),
      new Errno("ehostunreach", 113, "No route to host", "ホストへの経路がありません"),
      new Errno("estale", 116, "Stale file handle", "古いファイルハンドルです"),
      new Errno("edquot", 122, "Disk quota exceeded", "ディスク使用量制限を超過しました"));

  /**
   * Where a paste names an errno, on the folded text: a number after {@code errno}, {@code errcode}
   * (MySQL) or {@code os error} (Rust), with up to three of {@code " =:"} and a minus sign between
   * ({@code errno=111}, {@code [Errno 98]}, {@code errno: -13}); a number in parentheses right after
   * {@code failed} ({@code bind() failed. (98)}, {@code connect() failed (111: …)}); or a word that is
   * a symbol of the table. The number alternatives come first, so that {@code errno} itself is tried
   * as a number's context before it is tried as a symbol. search.js has the same string.
   */
  static final String PATTERN = "(?<![a-z0-9_])(?:(?:errno|errcode|os error)[ =:]{0,3}-?([0-9]{1,3})(?![0-9a-z_]|[.,][0-9])"
      + "|failed[.:,]? ?\\(-?([0-9]{1,3})[):]"
      + "|(e[a-z0-9]{2,13})(?![a-z0-9_]))";

  private static final Pattern RE = Pattern.compile(PATTERN);

  private static final Map<String, Errno> BY_NAME = new HashMap<>();
  private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();
  private static final Map<Errno, List<String>> EN = new HashMap<>();
  private static final Map<Errno, List<String>> JA = new HashMap<>();

  static {
    for (Errno e : TABLE) {
      BY_NAME.put(e.name(), e);
      BY_NUMBER.put(e.number(), e);
      EN.put(e, Normalizer.tokenize(Normalizer.fold(e.en())));
      JA.put(e, e.ja() == null ? List.of() : Normalizer.tokenize(Normalizer.fold(e.ja())));
    }
    ALIASES.forEach((alias, name) -> BY_NAME.put(alias, BY_NAME.get(name)));
  }

  /** The errnos {@code folded} names, in order of first mention, each once. */
  static List<Errno> named(String folded) {
    if (folded.indexOf('e') < 0) {
      return List.of();
    }
    LinkedHashSet<Errno> out = new LinkedHashSet<>();
    Matcher m = RE.matcher(folded);
    while (m.find()) {
      Errno e;
      if (m.group(1) != null) {
        e = BY_NUMBER.get(Integer.parseInt(m.group(1)));
      } else if (m.group(2) != null) {
        e = BY_NUMBER.get(Integer.parseInt(m.group(2)));
      } else {
        e = BY_NAME.get(m.group(3));
      }
      if (e != null) {
        out.add(e);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The words the errnos of {@code folded} stand for: the tokens of each one's English text, and of
   * its Japanese text too when the paste's language is {@code ja}, in order, each once.
   */
  static List<String> words(String folded, String lang) {
    List<Errno> named = named(folded);
    if (named.isEmpty()) {
      return List.of();
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (Errno e : named) {
      out.addAll(EN.get(e));
      if (lang.equals("ja")) {
        out.addAll(JA.get(e));
      }
    }
    return new ArrayList<>(out);
  }
}
