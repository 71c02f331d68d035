/** The command line: picocli commands, problem printing and exit codes. The only code that touches the process. */
package dev.errorkb.cli;
