/**
 * The example WARs on real containers. {@link dev.perimeter.it.ExampleScenarios} is the scenario
 * set every container runs (Tomcat 10.1, Tomcat 11, Payara Micro 6), one container process per
 * class; {@link dev.perimeter.it.SharedStoreScenarios} runs two Tomcat 11 nodes that share a
 * revocation store (PostgreSQL through a container DataSource, or Redis), and shows that what one
 * node issues the other accepts and what one node revokes the other refuses.
 * {@link dev.perimeter.it.KeycloakExampleIT} has the example on Tomcat 11 trust a real Keycloak 26
 * realm over HTTPS, and {@link dev.perimeter.it.TomcatRemoteKeysRedeployIT} redeploys it with
 * remote keys and looks for threads it left behind. {@link dev.perimeter.it.TomcatJaspicProvidersIT}
 * registers the authentication module in Tomcat 10.1's {@code conf/jaspic-providers.xml} for an
 * application of its own.
 */
package dev.perimeter.it;
