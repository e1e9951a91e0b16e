package dev.perimeter.jwt.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;

/** No security annotation anywhere: not intercepted. */
@ApplicationScoped
public class UnprotectedService {

    public String hello() {
        return "hello";
    }
}
