/**
 * The embedded launcher: the WAR on Jetty 12. Not part of the WAR; built into
 * {@code perimeter-example.jar}.
 */
package dev.perimeter.example.launcher;
