/** Checks over a loaded knowledge base that need the whole entry: translation state. */
package dev.errorkb.check;
