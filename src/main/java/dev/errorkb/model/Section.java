package dev.errorkb.model;

/**
 * One {@code ##} section of a language file: its kind, heading text and Markdown body. The body
 * starts on the line after {@code pos}, so positions inside it can be reported.
 */
public record Section(SectionKind kind, String heading, String markdown, SourcePos pos) {}
