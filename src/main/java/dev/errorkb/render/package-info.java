/** Turns the model into HTML: Markdown through flexmark (built once), pages through Freemarker. */
package dev.errorkb.render;
