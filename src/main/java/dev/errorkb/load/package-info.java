/**
 * Reads content/: site.yaml, entry folders, front matter and assets. Path in, model and located
 * problems out; nothing here throws for a user mistake.
 */
package dev.errorkb.load;
