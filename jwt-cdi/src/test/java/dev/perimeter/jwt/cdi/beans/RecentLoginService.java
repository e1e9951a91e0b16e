package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.cdi.StepUp;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code @StepUp} alone: it needs a valid token even without another annotation. */
@ApplicationScoped
public class RecentLoginService {

    @StepUp(maxAge = 60)
    public String changePassword() {
        return "changed";
    }

    public String open() {
        return "open";
    }
}
