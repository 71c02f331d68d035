package dev.errorkb.render;

import dev.errorkb.model.Lang;
import java.util.Map;
import java.util.Set;

/**
 * What a Markdown link in one entry page may point to: the entry's own assets and the other
 * entries (with the languages each is written in), so links are checked and rewritten at build time.
 *
 * @param lang the language of the page being rendered
 * @param assets the entry's asset names ('/'-separated, relative to its folder)
 * @param entryLangs every entry id of the KB with its languages
 */
public record LinkTarget(Lang lang, Set<String> assets, Map<String, Set<Lang>> entryLangs) {}
