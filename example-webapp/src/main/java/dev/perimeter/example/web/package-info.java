/**
 * The endpoints under {@code /auth}, {@code /admin} and {@code /.well-known} as plain servlets,
 * declared in {@code web.xml}; they translate between HTTP and
 * {@link dev.perimeter.example.tokens.Sessions}.
 */
package dev.perimeter.example.web;
