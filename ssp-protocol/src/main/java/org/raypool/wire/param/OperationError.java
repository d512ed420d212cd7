package org.raypool.wire.param;

import java.util.List;

/**
 * Operation Error parameter (0x000C): one or more error causes. On the wire the causes follow each other without
 * individual padding (RSPLIB, docs/protocol/asap-enrp-wire.md §3/§4.11); only the parameter as a whole is padded.
 */
public record OperationError(List<ErrorCause> causes) implements Parameter {

    public OperationError {
        causes = List.copyOf(causes);
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("an Operation Error needs at least one cause");
        }
    }

    public static OperationError of(ErrorCause... causes) {
        return new OperationError(List.of(causes));
    }

    /** An Operation Error with one cause without info, e.g. {@code of(ErrorCause.UNKNOWN_POOL_HANDLE)}. */
    public static OperationError of(int code) {
        return of(ErrorCause.of(code));
    }

    /** The first cause's code: the one RSPLIB acts on. */
    public int firstCode() {
        return causes.get(0).code();
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.OPERATION_ERROR;
    }

    /** Every cause described, for messages to people. */
    public String describe() {
        return causes.stream().map(ErrorCause::describe).reduce((a, b) -> a + ", " + b).orElse("no cause");
    }
}
