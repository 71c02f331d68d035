package dev.errorkb.model;

import java.util.Optional;

/** Something that must be in place, e.g. kind {@code iam-action}, value {@code signin:CreateOAuth2Token}. */
public record Requirement(String kind, String value, Optional<String> note) {}
