package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.audit.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/** Observes Perimeter's audit events as an application would, noting the thread of each. */
@ApplicationScoped
public class AuditObserver {

    private final List<AuditEvent> events = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();

    synchronized void on(@Observes AuditEvent event) {
        events.add(event);
        threads.add(Thread.currentThread().getName());
    }

    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> threads() {
        return List.copyOf(threads);
    }

    public synchronized void clear() {
        events.clear();
        threads.clear();
    }
}
