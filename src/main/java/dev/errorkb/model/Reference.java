package dev.errorkb.model;

/** A link to the source of a fact. */
public record Reference(String url, String title) {}
