/**
 * The build as a package (issue 14): {@link dev.errorkb.build.Pipeline} wires the stages
 * (load → translations → render → index) once, {@link dev.errorkb.build.Build} runs them for
 * {@code check}, {@code build} and {@code serve} and publishes, {@link dev.errorkb.build.RenderPlan}
 * decides which entries the build cache lets it leave unrendered. The CLI and serve sit on top.
 */
package dev.errorkb.build;
