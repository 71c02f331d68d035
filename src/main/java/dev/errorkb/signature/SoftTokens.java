package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parts of a signature that are probably the author's own value rather than the error itself
 * (docs/matching.md §3.3): an operating-system error text ({@code strerror}, C's {@code %m}: "could not
 * open file "x": <em>Permission denied</em>" is the same error with "No such file or directory") and
 * another entry's whole, short signature at the end of this one (a known message quoted inside). Their
 * tokens weigh {@link #FACTOR} of their usual weight in the alignment, so that a paste with another
 * errno text still covers most of the signature, and a signature that shares only the errno text with
 * a paste does not. A signature that is nothing but such a text keeps its full weight.
 */
final class SoftTokens {

  /** Weight of a soft token relative to its usual weight. */
  static final double FACTOR = Ranking.SOFT_FACTOR;

  /** Another entry's signature counts as a quoted known message when it has at most this many tokens. */
  static final int MAX_KNOWN_TOKENS = 6;

  /**
   * strerror texts of glibc, musl and macOS in English, and glibc's Japanese translations, for the
   * errors programs report most. Folded and tokenised like any text.
   */
  static final List<String> ERRNO_TEXTS = List.of(
      "Operation not permitted", "許可されていない操作です",
      "No such file or directory", "そのようなファイルやディレクトリはありません",
      "No such process", "そのようなプロセスはありません",
      "Interrupted system call", "割り込みシステムコールです",
      "Input/output error", "入力/出力エラーです",
      "No such device or address", "そのようなデバイスやアドレスはありません",
      "Argument list too long", "引数リストが長すぎます",
      "Exec format error", "実行形式エラーです",
      "Bad file descriptor", "不正なファイル記述子です",
      "No child processes", "子プロセスがありません",
      "Resource temporarily unavailable", "リソースが一時的に利用できません",
      "Cannot allocate memory", "メモリを確保できません",
      "Out of memory", "メモリ不足です",
      "Permission denied", "許可がありません",
      "Bad address", "不正なアドレスです",
      "Device or resource busy", "デバイスもしくはリソースがビジー状態です",
      "File exists", "ファイルが存在します",
      "Invalid cross-device link", "無効なクロスデバイスリンクです",
      "No such device", "そのようなデバイスはありません",
      "Not a directory", "ディレクトリではありません",
      "Is a directory", "ディレクトリです",
      "Invalid argument", "無効な引数です",
      "Too many open files in system", "システム上で開かれているファイルが多すぎます",
      "Too many open files", "開いているファイルが多すぎます",
      "Text file busy", "テキストファイルが使用中です",
      "File too large", "ファイルが大きすぎます",
      "No space left on device", "デバイスに空き領域がありません",
      "Read-only file system", "読み込み専用ファイルシステムです",
      "Too many links", "リンクが多すぎます",
      "Broken pipe", "パイプが切断されました",
      "File name too long", "ファイル名が長すぎます",
      "Directory not empty", "ディレクトリが空ではありません",
      "Too many levels of symbolic links", "シンボリックリンクの階層が多すぎます",
      "Connection reset by peer", "接続が相手からリセットされました",
      "Connection refused", "接続を拒否されました",
      "Connection timed out", "接続がタイムアウトしました",
      "Operation timed out",
      "No route to host", "ホストへの経路がありません",
      "Network is unreachable", "ネットワークに届きません",
      "Address already in use", "アドレスは既に使用中です",
      "Cannot assign requested address", "要求されたアドレスを割り当てできません",
      "Connection aborted", "Software caused connection abort", "ソフトウェアが原因で接続が中断されました",
      "Transport endpoint is not connected", "通信端点が接続されていません",
      "Host is down", "ホストがダウンしています",
      "Disk quota exceeded", "ディスク使用量制限を超過しました",
      "Stale file handle", "古いファイルハンドルです",
      "Operation not supported", "サポートされていない操作です",
      "Function not implemented", "関数は実装されていません",
      "Protocol error", "プロトコルエラー",
      "Success", "成功です");

  /** Token sequences of the texts above, by first token. */
  private static final Map<String, List<String[]>> ERRNO = byFirst(ERRNO_TEXTS.stream()
      .map(t -> Normalizer.normalize(t).tokens().toArray(new String[0])).toList());

  private final Map<String, List<String[]>> known;

  /** Every word of the errno texts. */
  static java.util.Set<String> errnoTokens() {
    java.util.Set<String> out = new java.util.HashSet<>();
    ERRNO.values().forEach(l -> l.forEach(seq -> out.addAll(List.of(seq))));
    return out;
  }

  /** Hashes of every word of the errno texts. */
  static List<Long> errnoTokenHashes() {
    List<Long> out = new ArrayList<>();
    ERRNO.values().forEach(l -> l.forEach(seq -> {
      for (String t : seq) {
        out.add(TokenTable.hash(t));
      }
    }));
    return out;
  }

  /** @param signatureTokens every signature's tokens; short ones become the known messages */
  SoftTokens(List<List<String>> signatureTokens) {
    List<String[]> shortOnes = new ArrayList<>();
    for (List<String> t : signatureTokens) {
      if (!t.isEmpty() && t.size() <= MAX_KNOWN_TOKENS && t.stream().noneMatch(x -> x.startsWith("<"))) {
        shortOnes.add(t.toArray(new String[0]));
      }
    }
    known = byFirst(shortOnes);
  }

  private static Map<String, List<String[]>> byFirst(List<String[]> seqs) {
    Map<String, List<String[]>> m = new HashMap<>();
    for (String[] s : seqs) {
      if (s.length > 0) {
        m.computeIfAbsent(s[0], k -> new ArrayList<>()).add(s);
      }
    }
    return m;
  }

  /**
   * The folded tokens of an entry's summary, cause and fix: an errno text whose words the author
   * writes about there is the subject of the entry ("ssh: … Connection refused"), not a value.
   */
  static java.util.Set<String> proseTokens(IndexEntry e) {
    java.util.Set<String> out = new java.util.HashSet<>();
    // A title is the author's own words unless it is one of the signatures copied again.
    for (String t : e.title().values()) {
      if (!DocFields.copiesSignature(e, t)) {
        out.addAll(Normalizer.tokenize(Normalizer.fold(t)));
      }
    }
    for (Map<String, String> field : List.of(e.summary(), e.cause(), e.fix())) {
      for (String t : field.values()) {
        out.addAll(Normalizer.tokenize(Normalizer.fold(t)));
      }
    }
    return out;
  }

  /** Whether the prose names every word (of 4 letters or more) of {@code seq}. */
  private static boolean named(String[] seq, java.util.Set<String> prose) {
    if (prose.isEmpty()) {
      return false;
    }
    boolean any = false;
    for (String t : seq) {
      if (t.codePointCount(0, t.length()) >= 4) {
        any = true;
        if (!prose.contains(t)) {
          return false;
        }
      }
    }
    if (!any) {
      // Short words only (Japanese bigrams, "is a"): all of them.
      for (String t : seq) {
        if (!prose.contains(t)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Which of {@code tokens} (a signature's, placeholders included) are soft; null when none is.
   *
   * @param prose the entry's prose tokens, asked for only when a candidate text is found
   */
  boolean[] soft(List<String> tokens, java.util.function.Supplier<java.util.Set<String>> prose) {
    return softRuns(tokens, prose, known);
  }

  /** The soft runs of {@code tokens}: errno texts anywhere and, when {@code known} is given, a known message at the end. */
  private static boolean[] softRuns(List<String> tokens, java.util.function.Supplier<java.util.Set<String>> prose,
      Map<String, List<String[]>> known) {
    List<java.util.Set<String>> proseSet = new ArrayList<>(1);
    int n = tokens.size();
    int literal = 0;
    for (String t : tokens) {
      literal += t.startsWith("<") ? 0 : 1;
    }
    boolean[] out = null;
    for (int i = 0; i < n; i++) {
      List<String[]> cands = ERRNO.get(tokens.get(i));
      if (cands != null) {
        for (String[] c : cands) {
          if (c.length < literal && at(tokens, i, c) && !named(c, prose(proseSet, prose))) {
            out = mark(out, n, i, c.length);
          }
        }
      }
      List<String[]> kn = known == null ? null : known.get(tokens.get(i));
      if (kn != null) {
        for (String[] c : kn) {
          if (c.length < literal && i + c.length == n && at(tokens, i, c) && !named(c, prose(proseSet, prose))) {
            out = mark(out, n, i, c.length);
          }
        }
      }
    }
    return out;
  }

  /**
   * Which of {@code tokens} are an errno text inside a longer signature, not named by the prose:
   * the part of {@link #soft} that one entry alone decides (BM25 leaves them out, {@link DocFields}).
   */
  static boolean[] errnoSoft(List<String> tokens, java.util.function.Supplier<java.util.Set<String>> prose) {
    return softRuns(tokens, prose, null);
  }

  /** Hashes of the first words of the errno texts. */
  private static final java.util.Set<Long> ERRNO_STARTS = ERRNO.keySet().stream().map(TokenTable::hash)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Whether a token (by hash) starts an errno text. */
  static boolean isErrnoStart(long hash) {
    return ERRNO_STARTS.contains(hash);
  }

  private static java.util.Set<String> prose(List<java.util.Set<String>> memo, java.util.function.Supplier<java.util.Set<String>> f) {
    if (memo.isEmpty()) {
      memo.add(f.get());
    }
    return memo.get(0);
  }

  private static boolean at(List<String> tokens, int i, String[] seq) {
    if (i + seq.length > tokens.size()) {
      return false;
    }
    for (int k = 0; k < seq.length; k++) {
      if (!tokens.get(i + k).equals(seq[k])) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] mark(boolean[] out, int n, int from, int len) {
    boolean[] o = out != null ? out : new boolean[n];
    for (int k = from; k < from + len; k++) {
      o[k] = true;
    }
    return o;
  }
}
