/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): {@link
 * dev.perimeter.jwt.metadata.ResourceMetadata} is the document this resource publishes at its
 * well-known location, built once from the configuration, and the URL that every {@code
 * WWW-Authenticate} challenge names in {@code resource_metadata}.
 */
package dev.perimeter.jwt.metadata;
