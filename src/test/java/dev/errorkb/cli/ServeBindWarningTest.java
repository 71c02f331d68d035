package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 12: binding beyond loopback says that the DNS-rebinding guard is off, not only that the site is readable. */
class ServeBindWarningTest {
  @Test
  void aNonLoopbackBindSaysWhatItGivesUp() throws Exception {
    assertEquals(Optional.empty(), ServeCommand.bindWarning("127.0.0.1", InetAddress.getByName("127.0.0.1")));
    assertEquals(Optional.empty(), ServeCommand.bindWarning("::1", InetAddress.getByName("::1")));
    String w = ServeCommand.bindWarning("0.0.0.0", InetAddress.getByName("0.0.0.0")).orElseThrow();
    assertTrue(w.startsWith("warning: serving on 0.0.0.0: other machines on the network can read the site"), w);
    assertTrue(w.contains("DNS-rebinding guard works only on a loopback address"), w);
  }
}
