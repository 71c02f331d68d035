/**
 * What a rebuild may skip: fingerprints of a build's inputs, kept beside the output folder, so an
 * unchanged KB is not rendered again (issue 7).
 */
package dev.errorkb.cache;
