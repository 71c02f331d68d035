package dev.errorkb.testing;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a small KB given as one text of {@code -- path --} sections into a file system, Hugo's
 * integration-test style: the test shows its data. The repository's real templates are copied in.
 */
public final class Fixture {
  private Fixture() {}

  /** A fresh in-memory Unix file system. */
  public static FileSystem unix() {
    return Jimfs.newFileSystem(Configuration.unix());
  }

  /** Writes every {@code -- path --} section of {@code text} below {@code root}. */
  public static void write(Path root, String text) {
    String path = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("-- ") && line.endsWith(" --") && line.length() > 6) {
        flush(root, path, body);
        path = line.substring(3, line.length() - 3).strip();
        body.setLength(0);
      } else if (path != null) {
        body.append(line).append('\n');
      }
    }
    flush(root, path, body);
  }

  private static void flush(Path root, String path, StringBuilder body) {
    if (path == null) {
      return;
    }
    try {
      Path p = root.resolve(path);
      Files.createDirectories(p.getParent());
      String s = body.toString();
      // The last section's trailing newline from the text block is kept, like a normal file.
      Files.writeString(p, s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's templates folder (tests run with the repository root as working folder). */
  public static Path repoTemplates() {
    return Path.of("templates").toAbsolutePath();
  }

  /** Copies a folder tree from the default file system into {@code target} (possibly on Jimfs). */
  public static void copyTree(Path source, Path target) {
    try (Stream<Path> s = Files.walk(source)) {
      for (Path p : s.sorted().toList()) {
        Path rel = source.relativize(p);
        Path t = target;
        for (Path part : rel) {
          t = t.resolve(part.toString());
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file below {@code root}: '/'-separated relative path → bytes. */
  /**
   * Adds a sentence to the Cause section of the first en.md below {@code content} (in path order),
   * the edit the cache tests make; returns that file.
   */
  public static Path editFirstCause(Path content, String sentence) {
    try {
      Path en;
      try (var s = Files.walk(content)) {
        en = s.filter(p -> p.getFileName().toString().equals("en.md")).sorted().findFirst().orElseThrow();
      }
      String text = Files.readString(en, StandardCharsets.UTF_8);
      if (!text.contains("\n## Cause\n")) {
        throw new AssertionError(en + " has no Cause section");
      }
      Files.writeString(en, text.replace("\n## Cause\n", "\n## Cause\n\n" + sentence + "\n"), StandardCharsets.UTF_8);
      return en;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, byte[]> readTree(Path root) {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        List<String> parts = new ArrayList<>();
        root.relativize(p).forEach(x -> parts.add(x.toString()));
        out.put(String.join("/", parts), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A minimal valid site.yaml plus one bilingual entry, to which tests add or break things. */
  public static final String SITE = """
      -- site.yaml --
      title:
        ja: テストKB
        en: Test KB
      languages: [ja, en]
      """;

  public static final String ENTRY = """
      -- tools/demo-error/entry.yaml --
      product: Demo Tool
      tags: [demo, auth]
      severity: error
      updated: 2025-11-29
      signatures:
        - text: "fatal: demo failed to open /var/lib/demo/state.db"
          lang: en
      requires:
        - kind: permission
          value: demo:Read
      verify:
        command: demo status
        expect: OK
      references:
        - url: https://example.com/demo
          title: Demo docs
      -- tools/demo-error/en.md --
      ---
      title: "Demo fails to open its state"
      summary: "The state file is not readable; fix its permissions."
      ---

      ## Symptoms

      The demo tool stops at start.

      ## Cause

      The state file is owned by another user.

      ## Fix

      Run `chown` on the file.

      ## Verify

      Run the tool again.
      -- tools/demo-error/ja.md --
      ---
      title: "デモが状態ファイルを開けない"
      summary: "状態ファイルを読めないことが原因です。権限を直します。"
      ---

      ## 症状

      起動直後に止まります。

      ## 原因

      状態ファイルの所有者が別ユーザーです。

      ## 対処

      `chown` で所有者を直します。
      """;
}
