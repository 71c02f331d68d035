/**
 * Error signatures: the normaliser, signature compilation, the {@code errors.json} index and the
 * matcher/scanner built on it (the public API for other tools).
 */
package dev.errorkb.signature;
