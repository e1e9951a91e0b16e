/**
 * Container mode ({@code perimeter.jwt.authentication=container}): the example's access rules
 * as the container's constraints, and the servlets that show the container's view of the
 * caller. Nothing here is used in filter mode.
 */
package dev.perimeter.example.container;
