/**
 * Users, their salted PBKDF2 password hashes, the demo users, login throttling (per name and
 * address, and per address) and the ceiling on password checks at once.
 */
package dev.perimeter.example.users;
