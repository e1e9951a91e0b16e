/**
 * Signing keys: generated or configured, kept, rotated, and published as a JSON Web Key Set.
 */
package dev.perimeter.example.keys;
