/** Robustness and security tests (issue 6): bad-input corpus, crash safety, fuzzing, hostile indexes. */
package dev.errorkb.robust;
