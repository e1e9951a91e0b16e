/**
 * Users, their salted PBKDF2 password hashes, the demo users, and login throttling.
 */
package dev.perimeter.example.users;
