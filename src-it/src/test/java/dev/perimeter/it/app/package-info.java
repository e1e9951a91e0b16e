/**
 * A small application of the tests' own, not the example, deployed as a WAR built at test time
 * ({@link dev.perimeter.it.app.CallerWar}): web.xml constraints and a servlet that answers what
 * the container says about the caller ({@link dev.perimeter.it.app.CallerServlet}).
 */
package dev.perimeter.it.app;
