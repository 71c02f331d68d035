/** The only code that writes into the output folder: build beside it, then swap. */
package dev.errorkb.publish;
