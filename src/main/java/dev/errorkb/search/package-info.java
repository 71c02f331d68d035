/** Browser search: the split search data (term shards, display chunks) and the search pages. */
package dev.errorkb.search;
