/** The knowledge-base model: immutable records only, no I/O and nothing else of ours imported. */
package dev.errorkb.model;
