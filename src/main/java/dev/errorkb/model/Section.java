package dev.errorkb.model;

/** One {@code ##} section of a language file: its kind, heading text and Markdown body. */
public record Section(SectionKind kind, String heading, String markdown, SourcePos pos) {}
