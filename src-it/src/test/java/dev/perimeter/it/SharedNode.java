package dev.perimeter.it;

import dev.perimeter.it.containers.RunningNode;
import java.util.function.Supplier;

/**
 * One container for the {@code @Nested} classes of an IT class (one per mode): started by the
 * first that asks, given to the second, stopped by the enclosing class's {@code @AfterAll}. A
 * start that failed is not tried again: the second class gets the same failure.
 */
final class SharedNode implements AutoCloseable {

    private final Supplier<RunningNode> starter;
    private RunningNode node;
    private RuntimeException failure;

    SharedNode(Supplier<RunningNode> starter) {
        this.starter = starter;
    }

    /** The running node, started now if no class asked before. */
    synchronized RunningNode get() {
        if (failure != null) {
            throw new IllegalStateException("the node did not start (see the first failure)", failure);
        }
        if (node == null) {
            try {
                node = starter.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return node;
    }

    /** Stops the node if it started; it can start again afterwards. */
    @Override
    public synchronized void close() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            node = null;
            failure = null;
        }
    }
}
