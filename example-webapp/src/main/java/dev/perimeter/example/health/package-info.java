/**
 * {@code GET /health}: the state of the filter's keys and revocation store, read from what the
 * filter holds in memory, with an overall {@code UP}, {@code DEGRADED} or {@code DOWN}.
 */
package dev.perimeter.example.health;
