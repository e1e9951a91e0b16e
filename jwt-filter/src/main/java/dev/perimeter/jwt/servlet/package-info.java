/**
 * The servlet filter {@link dev.perimeter.jwt.servlet.JwtFilter}: configures itself at
 * {@code init()} from system properties, environment, init-params and context-params, then
 * resolves, verifies and authorizes the token of every request and answers failures as RFC 6750
 * prescribes. Each filter keeps an audit log and metrics ({@link dev.perimeter.jwt.audit},
 * {@link dev.perimeter.jwt.metrics}), runs the detection rules ({@link dev.perimeter.jwt.detection})
 * and publishes them as servlet context attributes; {@link dev.perimeter.jwt.servlet.AuditEvents}
 * builds the application's own events, and {@link dev.perimeter.jwt.servlet.MonitoringProvider}
 * lets other modules (jwt-cdi) follow every filter. What a servlet entry point needs besides the
 * pipeline is public here for the {@code jwt-authentication} module's container mode too:
 * {@link dev.perimeter.jwt.servlet.ServletConfiguration} (the four configuration sources),
 * {@link dev.perimeter.jwt.servlet.ServletBearerRequest}, {@link
 * dev.perimeter.jwt.servlet.RequestMonitor}, {@link dev.perimeter.jwt.servlet.AddressSpreadRule},
 * {@link dev.perimeter.jwt.servlet.ChallengeWriter} and {@link
 * dev.perimeter.jwt.servlet.MonitoringProviders}.
 */
package dev.perimeter.jwt.servlet;
