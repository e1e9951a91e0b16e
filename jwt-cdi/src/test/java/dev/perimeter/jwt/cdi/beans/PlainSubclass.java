package dev.perimeter.jwt.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;

/** A subclass without annotations of its own. */
@ApplicationScoped
public class PlainSubclass extends BaseReports {

    @Override
    public String overridden() {
        return "plain";
    }

    public String own() {
        return "own";
    }
}
