/** The development server: in-memory site, file watcher, live reload and the error overlay. */
package dev.errorkb.serve;
