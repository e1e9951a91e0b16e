/**
 * A small MicroProfile JWT application, written as for a MicroProfile server and nothing else:
 * {@link dev.perimeter.it.mpjwt.EchoApplication} asks for MP-JWT, and
 * {@link dev.perimeter.it.mpjwt.EchoResource} answers the caller's name and groups. Only this
 * package goes into the WARs' {@code WEB-INF/classes}
 * ({@link dev.perimeter.it.app.MicroProfileJwtWar}).
 */
package dev.perimeter.it.mpjwt;
