package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditListener;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;

/** Fires each audit event as a CDI event of type {@link AuditEvent}, on the audit thread. */
final class CdiEventListener implements AuditListener {

    private final Event<AuditEvent> events;

    CdiEventListener(BeanManager beanManager) {
        this.events = beanManager.getEvent().select(AuditEvent.class);
    }

    @Override
    public void onEvent(AuditEvent event) {
        events.fire(event);
    }
}
