package org.raypool.registrar.handlespace;

/**
 * Handlespace settings (docs/protocol/registrar-behaviour.md §2); defaults as RSPLIB.
 *
 * @param ownRegistrarId           this registrar's ID: entries with this home are owned
 * @param maxBadPeReports          Endpoint Unreachable reports that remove a PE ({@code -maxbadpereports}, ≥ 1)
 * @param maxIncrement             selected PEs that get the policy update step, 0 = policy default
 *                                 ({@code -maxincrement})
 * @param maxHandleResolutionItems items returned when the PU asks for none ({@code -maxhresitems}, ≥ 1)
 * @param limits                   bounds and fixed pool policies (§3.9)
 */
public record HandlespaceConfig(int ownRegistrarId, int maxBadPeReports, int maxIncrement,
                                int maxHandleResolutionItems, HandlespaceLimits limits) {

    public static final int DEFAULT_MAX_BAD_PE_REPORTS = 3;
    public static final int DEFAULT_MAX_INCREMENT = 0;
    public static final int DEFAULT_MAX_HANDLE_RESOLUTION_ITEMS = 3;
    /** Hard cap on the PEs of one Handle Resolution Response. */
    public static final int MAX_HANDLE_RESOLUTION_ITEMS = 128;

    public HandlespaceConfig {
        if (maxBadPeReports < 1) {
            throw new IllegalArgumentException("maxBadPeReports < 1");
        }
        if (maxIncrement < 0) {
            throw new IllegalArgumentException("maxIncrement < 0");
        }
        if (maxHandleResolutionItems < 1) {
            throw new IllegalArgumentException("maxHandleResolutionItems < 1");
        }
        java.util.Objects.requireNonNull(limits, "limits");
    }

    public HandlespaceConfig(int ownRegistrarId, int maxBadPeReports, int maxIncrement, int maxHandleResolutionItems) {
        this(ownRegistrarId, maxBadPeReports, maxIncrement, maxHandleResolutionItems, HandlespaceLimits.DEFAULTS);
    }

    public static HandlespaceConfig defaults(int ownRegistrarId) {
        return new HandlespaceConfig(ownRegistrarId, DEFAULT_MAX_BAD_PE_REPORTS, DEFAULT_MAX_INCREMENT,
                DEFAULT_MAX_HANDLE_RESOLUTION_ITEMS);
    }

    public HandlespaceConfig withMaxBadPeReports(int n) {
        return new HandlespaceConfig(ownRegistrarId, n, maxIncrement, maxHandleResolutionItems, limits);
    }

    public HandlespaceConfig withMaxIncrement(int n) {
        return new HandlespaceConfig(ownRegistrarId, maxBadPeReports, n, maxHandleResolutionItems, limits);
    }

    public HandlespaceConfig withMaxHandleResolutionItems(int n) {
        return new HandlespaceConfig(ownRegistrarId, maxBadPeReports, maxIncrement, n, limits);
    }

    public HandlespaceConfig withLimits(HandlespaceLimits newLimits) {
        return new HandlespaceConfig(ownRegistrarId, maxBadPeReports, maxIncrement, maxHandleResolutionItems,
                newLimits);
    }
}
