/**
 * Real containers in processes of their own, for the integration tests: Tomcat
 * ({@link dev.perimeter.it.containers.TomcatNode}) and Payara Micro
 * ({@link dev.perimeter.it.containers.PayaraNode}) on free loopback ports, started, waited for and
 * always stopped by {@link dev.perimeter.it.containers.ContainerProcess}.
 */
package dev.perimeter.it.containers;
