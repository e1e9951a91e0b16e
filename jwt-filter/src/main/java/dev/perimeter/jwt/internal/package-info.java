/**
 * Implementation details of Perimeter: canonical base64url, compact JWS splitting and strict JSON
 * parsing. Not API: these classes are public only for use across Perimeter's own packages and
 * may change in any release.
 */
package dev.perimeter.jwt.internal;
