/**
 * Small helpers that several pipeline stages need and none owns — SHA-256 hex, '/'-separated paths
 * under a root, the site's URL layout and the folders kept beside it, slugs — so each is written
 * once. It imports only {@code model}, so any stage (even {@code publish} and {@code signature},
 * which import no other stage) may use it; a helper that one stage owns lives in that stage
 * instead.
 */
package dev.errorkb.util;
