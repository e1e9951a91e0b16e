/**
 * Real containers in processes of their own, for the integration tests: Tomcat
 * ({@link dev.perimeter.it.containers.TomcatNode}), Payara Micro
 * ({@link dev.perimeter.it.containers.PayaraNode}) and Keycloak
 * ({@link dev.perimeter.it.containers.KeycloakNode}, on the
 * {@link dev.perimeter.it.containers.TemurinJdk}, configured with
 * {@link dev.perimeter.it.containers.Kcadm}) on free loopback ports, started, waited for and
 * always stopped, with every process they started, by
 * {@link dev.perimeter.it.containers.ContainerProcess}.
 */
package dev.perimeter.it.containers;
