/**
 * Known-error gaps: the errors in logs that no entry of the index recognises, mined into templates
 * (Drain-style) and ranked, beside counts of the known ones ({@link dev.errorkb.gaps.Gaps} is the API).
 */
package dev.errorkb.gaps;
