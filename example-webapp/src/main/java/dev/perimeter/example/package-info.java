/**
 * The Perimeter example application: issues, refreshes and revokes the tokens that the Perimeter
 * filter in front of it checks. {@link dev.perimeter.example.ExampleListener} starts it from
 * {@code web.xml}; {@link dev.perimeter.example.ExampleSettings} lists its settings;
 * {@link dev.perimeter.example.FilterDefaults} tells the filter about its issuer, keys and store.
 */
package dev.perimeter.example;
