package dev.errorkb.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The folder options shared by build, check and serve. */
final class SiteOptions {
  @Option(names = "--content", defaultValue = "content", description = "Content folder (default: ${DEFAULT-VALUE}).")
  Path content;

  @Option(names = "--templates", defaultValue = "templates",
      description = "Folder whose files override the built-in theme's, file by file; used when it exists (default: ${DEFAULT-VALUE}).")
  Path templates;

  @Option(names = "--out", defaultValue = "site", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--base-url", paramLabel = "URL", description = "Absolute URL the site is published at; overrides site.yaml baseUrl.")
  String baseUrl;

  /** A --templates folder given explicitly must exist (the default one may be absent: the built-in theme is used). */
  void requireTemplates(CommandSpec spec) {
    if (spec.commandLine().getParseResult().hasMatchedOption("--templates") && !Files.isDirectory(templates)) {
      throw new ParameterException(spec.commandLine(), "--templates " + templates + ": no such folder");
    }
  }
}
