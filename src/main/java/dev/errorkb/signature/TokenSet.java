package dev.errorkb.signature;

import java.util.Collection;

/**
 * A set of tokens by their scan hashes, to ask of a line read as bytes whether it holds one of them
 * ({@link LogLines#hasToken}) without making it a string: {@code gaps} skips its error-line test
 * on the many lines that hold none of the words the test looks for.
 */
public final class TokenSet {
  private final TokenTable table;

  private TokenSet(TokenTable table) {
    this.table = table;
  }

  /** The set of {@code tokens}, each a lower-case run of [a-z0-9_] as the scan tokenises a line. */
  public static TokenSet of(Collection<String> tokens) {
    TokenTable t = new TokenTable(tokens.size());
    for (String tok : tokens) {
      if (!tok.matches("[a-z0-9_]+")) {
        throw new IllegalArgumentException("not a scan token: " + tok);
      }
      t.put(TokenTable.hash(tok), 0);
    }
    return new TokenSet(t);
  }

  boolean contains(long hash) {
    return table.get(hash) >= 0;
  }
}
