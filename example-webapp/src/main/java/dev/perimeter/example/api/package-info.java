/**
 * The JAX-RS resources under {@code /api}, protected by jwt-cdi annotations behind the filter.
 */
package dev.perimeter.example.api;
