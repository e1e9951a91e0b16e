/**
 * The application's database (H2 or PostgreSQL): a connection pool and the tables of users,
 * signing keys and refresh tokens.
 */
package dev.perimeter.example.db;
