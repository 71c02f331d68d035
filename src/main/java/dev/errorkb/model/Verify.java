package dev.errorkb.model;

import java.util.Optional;

/** How to check that the fix worked: a command and what it should print. */
public record Verify(String command, Optional<String> expect) {}
