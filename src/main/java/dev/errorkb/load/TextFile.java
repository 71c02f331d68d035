package dev.errorkb.load;

import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SourcePos;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Decodes content files strictly: UTF-8 only, size-capped, BOM and CRLF normalised. */
final class TextFile {
  /** Content files larger than this are refused (issue 2: files over 1 MiB). */
  static final int MAX_BYTES = 1 << 20;

  private TextFile() {}

  /**
   * Returns the text with a BOM removed and line ends normalised to LF, or empty after adding a
   * located problem.
   */
  static Optional<String> decode(String path, byte[] bytes, Problems problems) {
    if (bytes.length > MAX_BYTES) {
      problems.add(
          Problem.error(
              SourcePos.file(path),
              "file-too-large",
              "file is " + bytes.length + " bytes; content files must be at most 1 MiB ("
                  + MAX_BYTES
                  + " bytes)"));
      return Optional.empty();
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.add(Problem.error(firstBadByte(path, bytes), "invalid-utf8", "file is not valid UTF-8"));
      return Optional.empty();
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.indexOf('\r') >= 0) {
      text = text.replace("\r\n", "\n").replace('\r', '\n');
    }
    return Optional.of(text);
  }

  /** Locates the first byte that does not decode, as line and column (in characters). */
  private static SourcePos firstBadByte(String path, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    out.flip();
    int line = 1;
    int col = 1;
    while (out.hasRemaining()) {
      char c = out.get();
      if (c == '\n') {
        line++;
        col = 1;
      } else if (!Character.isLowSurrogate(c)) {
        col++;
      }
    }
    return new SourcePos(path, line, col);
  }
}
