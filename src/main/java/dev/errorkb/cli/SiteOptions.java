package dev.errorkb.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The folder options shared by build, check and serve. */
final class SiteOptions {
  @Option(names = "--content", defaultValue = "content", description = "Content folder (default: ${DEFAULT-VALUE}).")
  Path content;

  @Option(names = "--templates", defaultValue = "templates", description = "Templates folder (default: ${DEFAULT-VALUE}).")
  Path templates;

  @Option(names = "--out", defaultValue = "site", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--base-url", paramLabel = "URL", description = "Absolute URL the site is published at; overrides site.yaml baseUrl.")
  String baseUrl;
}
