package dev.errorkb.bench;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Benchmarks that need ../shared (the real pastes, the message catalogues): on a developer's
 * machine without it they skip; in CI ({@code CI=true}, which has ../shared) a missing folder fails,
 * so that an accuracy gate is never passed by being skipped — as the browser tests do with Chromium.
 */
public final class SharedData {

  private SharedData() {}

  public static void require(boolean present, String what) {
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(what + " (CI=true: a benchmark of shared data must run in CI)");
    }
    assumeTrue(present, what);
  }
}
