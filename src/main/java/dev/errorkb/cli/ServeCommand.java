package dev.errorkb.cli;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import dev.errorkb.serve.LiveSite;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code errorkb serve}: build into memory, serve, rebuild on every save and reload the browser. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Build the site into memory and serve it with live reload while you write.",
        "The output folder is not written; use 'errorkb build' to publish."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SiteOptions site;

  @Option(names = "--port", defaultValue = "8000", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    InetAddress addr;
    try {
      addr = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--bind: unknown address '" + bind + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    bindWarning(bind, addr).ifPresent(err::println);
    site.requireTemplates(spec);
    BuildOptions options = new BuildOptions(site.content, site.templates, site.out, Optional.ofNullable(site.baseUrl));
    LiveSite.Listener listener = new LiveSite.Listener() {
      @Override
      public void built(long version, int files, long millis, List<Problem> problems) {
        ProblemPrinter.print(err, problems, site.content, site.templates);
        out.println(String.format(Locale.ROOT, "built version %d: %d files in %d ms", version, files, millis));
        out.flush();
      }

      @Override
      public void warning(String message) {
        err.println("warning: " + message);
        err.flush();
      }

      @Override
      public void failed(long millis, List<Problem> problems) {
        ProblemPrinter.print(err, problems, site.content, site.templates);
        err.println(String.format(Locale.ROOT, "build failed in %d ms; still serving the last good version", millis));
        err.flush();
      }
    };
    LiveSite live = new LiveSite(options, new InetSocketAddress(addr, port), listener);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      live.close();
      stop.countDown();
    }, "errorkb-serve-stop"));
    InetSocketAddress a = live.address();
    String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    out.println("serving http://" + host + ":" + a.getPort() + "/ — watching " + site.content + " and " + site.templates + "; Ctrl-C stops");
    out.flush();
    stop.await();
    return ExitCodes.OK;
  }

  /**
   * What binding to a non-loopback address gives up, said where it is chosen (issue 12): the site
   * is readable from the network, and the Host check that stops DNS rebinding is off, since other
   * machines reach the server by names and addresses it cannot know.
   */
  static Optional<String> bindWarning(String bind, java.net.InetAddress addr) {
    return addr.isLoopbackAddress() ? Optional.empty()
        : Optional.of("warning: serving on " + bind + ": other machines on the network can read the site, and requests"
            + " are not checked for a loopback Host (the DNS-rebinding guard works only on a loopback address)");
  }
}
