package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The errno rule of docs/matching.md §3.4a: which symbols and numbers a paste names, and what they stand for. */
class ErrnoWordsTest {

  private static List<String> named(String paste) {
    return ErrnoWords.named(Normalizer.fold(paste)).stream().map(ErrnoWords.Errno::name).toList();
  }

  @Test
  void symbolsAreReadAnywhere() {
    assertEquals(List.of("eaddrinuse"), named("Error: listen EADDRINUSE: address already in use :::3000"));
    assertEquals(List.of("enoent"), named("npm ERR! code ENOENT\nnpm ERR! syscall open"));
    assertEquals(List.of("eacces"), named("{ errno: -13, code: 'EACCES', syscall: 'mkdir' }"));
    assertEquals(List.of("econnrefused"), named("connect ECONNREFUSED 127.0.0.1:5432"));
    assertEquals(List.of("eagain"), named("read EWOULDBLOCK"));
    assertEquals(List.of("eopnotsupp"), named("ENOTSUP: operation failed"));
    assertEquals(List.of("etimedout", "econnreset"), named("ETIMEDOUT then ECONNRESET then ETIMEDOUT"));
  }

  @Test
  void numbersOnlyInAnErrnoContext() {
    assertEquals(List.of("eaddrinuse"), named("bind() failed. (98)"));
    assertEquals(List.of("econnrefused"), named("connect() failed (111: Connection refused)"));
    assertEquals(List.of("enospc"), named("OSError: [Errno 28] No space left on device"));
    assertEquals(List.of("econnrefused"), named("dial failed errno=111"));
    assertEquals(List.of("eacces"), named("errno: -13"));
    assertEquals(List.of("enoent"), named("No such file or directory (os error 2)"));
    assertEquals(List.of("edquot"), named("Can't create/write to file (Errcode: 122)"));
    assertEquals(List.of("eaddrinuse"), named("errno = 98"));
  }

  @Test
  void numbersElsewhereAreNotErrnos() {
    assertEquals(List.of(), named("make: *** [all] Error 2"));
    assertEquals(List.of(), named("error 98"));
    assertEquals(List.of(), named("Process exited with code 13"));
    assertEquals(List.of(), named("HTTP error 404 at line 98"));
    assertEquals(List.of(), named("errno 1234"));
    assertEquals(List.of(), named("errno 2.5"));
    assertEquals(List.of(), named("failed: 2 errors"));
    assertEquals(List.of(), named("errno 0"));
    assertEquals(List.of(), named("macOS errno 48")); // Linux numbering only: 48 is no errno of the table
  }

  @Test
  void wordsThatAreNoSymbol() {
    assertEquals(List.of(), named("eloquent eaccess xeacces eacces_x enoent2 e-acces"));
  }

  @Test
  void wordsAreTheStrerrorText() {
    assertEquals(List.of("address", "already", "in", "use"), ErrnoWords.words(Normalizer.fold("bind() failed. (98)"), "en"));
    assertEquals(List.of("permission", "denied"), ErrnoWords.words(Normalizer.fold("EACCES errno: -13"), "en"));
    List<String> ja = ErrnoWords.words(Normalizer.fold("EACCES のエラー"), "ja");
    assertEquals(List.of("permission", "denied", "許可", "可が", "があ", "あり", "りま", "ませ", "せん"), ja);
  }

  @Test
  void everyTextIsAnErrnoTextTheNormaliserKnows() {
    Set<String> names = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    for (ErrnoWords.Errno e : ErrnoWords.TABLE) {
      assertTrue(SoftTokens.ERRNO_TEXTS.contains(e.en()), e.en());
      assertTrue(SoftTokens.ERRNO_TEXTS.contains(e.ja()), e.ja());
      assertTrue(names.add(e.name()), e.name());
      assertTrue(numbers.add(e.number()), e.name());
      assertEquals(List.of(e.name()), named(e.name().toUpperCase(java.util.Locale.ROOT)), e.name());
      assertEquals(List.of(e.name()), named("errno " + e.number()), e.name());
    }
  }
}
