/**
 * The servlet filter {@link dev.perimeter.jwt.servlet.JwtFilter}: configures itself at
 * {@code init()} from system properties, environment, init-params and context-params, then
 * resolves, verifies and authorizes the token of every request and answers failures as RFC 6750
 * prescribes. Each filter keeps an audit log and metrics ({@link dev.perimeter.jwt.audit},
 * {@link dev.perimeter.jwt.metrics}), runs the detection rules ({@link dev.perimeter.jwt.detection})
 * and publishes them as servlet context attributes; {@link dev.perimeter.jwt.servlet.AuditEvents}
 * builds the application's own events, and {@link dev.perimeter.jwt.servlet.MonitoringProvider}
 * lets other modules (jwt-cdi) follow every filter.
 */
package dev.perimeter.jwt.servlet;
