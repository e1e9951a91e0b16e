/**
 * What the integration tests share: where the build put the containers and WARs
 * ({@link dev.perimeter.it.support.Built}), an HTTP client for the example
 * ({@link dev.perimeter.it.support.ExampleClient}), forged tokens, PostgreSQL schemas and signing
 * key files of their own, the example's Keycloak realm
 * ({@link dev.perimeter.it.support.ExampleRealm}), what the nodes' logs say
 * ({@link dev.perimeter.it.support.LogLines}), and the per-scenario summary
 * ({@link dev.perimeter.it.support.ScenarioSummary}, {@link dev.perimeter.it.support.SummaryLog}).
 */
package dev.perimeter.it.support;
