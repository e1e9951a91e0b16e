/**
 * What the integration tests share: where the build put the containers and WARs
 * ({@link dev.perimeter.it.support.Built}), an HTTP client for the example
 * ({@link dev.perimeter.it.support.ExampleClient}), forged tokens, PostgreSQL schemas and signing
 * key files of their own, and the per-scenario summary
 * ({@link dev.perimeter.it.support.ScenarioSummary}, {@link dev.perimeter.it.support.SummaryLog}).
 */
package dev.perimeter.it.support;
