/**
 * Full Jakarta EE servers only (the Payara WAR, which WildFly runs too), in container mode: an EJB and Jakarta Security, which see the caller the
 * container took from Perimeter's module. Left out of the Tomcat WAR (see the pom), which has
 * neither API; {@code ContainerConstraints} adds {@link PlatformSecurityServlet} only where its
 * class is there.
 */
package dev.perimeter.example.payara;
