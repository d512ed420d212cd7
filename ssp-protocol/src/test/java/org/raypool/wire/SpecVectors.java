package org.raypool.wire;

import java.util.List;

/**
 * The byte vectors of docs/protocol/asap-enrp-wire.md §9, named by section, as hex strings for {@link Hex#parse}.
 * The bytes live in docs/protocol/vectors/asap-enrp.txt under these same names; every vector there is one constant
 * here (VectorFilesTest checks both ways). Shared through the test-jar (tshark checks, fuzz seeds).
 */
public final class SpecVectors {
    /** The file the constants come from. */
    public static final VectorFile FILE = VectorFile.of(VectorFile.ASAP_ENRP);

    private SpecVectors() {
    }

    private static String hex(String name) {
        return FILE.hex(name);
    }

    // ---- §9.1 parameters
    public static final String PARAM_9_1_1_POOL_HANDLE_FRACTAL_GENERATOR_POOL =
            hex("PARAM_9_1_1_POOL_HANDLE_FRACTAL_GENERATOR_POOL");
    public static final String PARAM_9_1_2_POOL_HANDLE_SCRIPTING_POOL = hex("PARAM_9_1_2_POOL_HANDLE_SCRIPTING_POOL");
    public static final String PARAM_9_1_3_POLICY_ROUND_ROBIN = hex("PARAM_9_1_3_POLICY_ROUND_ROBIN");
    public static final String PARAM_9_1_4_POLICY_LUD_LOAD_0_DEGRADATION_100 =
            hex("PARAM_9_1_4_POLICY_LUD_LOAD_0_DEGRADATION_100");
    public static final String PARAM_9_1_5_POLICY_LUD_LOAD_0_DEGRADATION_HALF =
            hex("PARAM_9_1_5_POLICY_LUD_LOAD_0_DEGRADATION_HALF");
    public static final String PARAM_9_1_6_PE_CHECKSUM_FFFF = hex("PARAM_9_1_6_PE_CHECKSUM_FFFF");
    public static final String PARAM_9_1_7_HANDLE_RESOLUTION_OPTION_1 = hex("PARAM_9_1_7_HANDLE_RESOLUTION_OPTION_1");

    // ---- §9.2 ASAP
    public static final String ASAP_9_2_1_SERVER_ANNOUNCE = hex("ASAP_9_2_1_SERVER_ANNOUNCE");
    public static final String ASAP_9_2_2_REGISTRATION = hex("ASAP_9_2_2_REGISTRATION");
    public static final String ASAP_9_2_3_DEREGISTRATION = hex("ASAP_9_2_3_DEREGISTRATION");
    public static final String ASAP_9_2_4_REGISTRATION_RESPONSE = hex("ASAP_9_2_4_REGISTRATION_RESPONSE");
    public static final String ASAP_9_2_4_DEREGISTRATION_RESPONSE = hex("ASAP_9_2_4_DEREGISTRATION_RESPONSE");
    public static final String ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_RSPLIB =
            hex("ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_RSPLIB");
    public static final String ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT =
            hex("ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT");
    public static final String ASAP_9_2_6_HANDLE_RESOLUTION = hex("ASAP_9_2_6_HANDLE_RESOLUTION");
    public static final String ASAP_9_2_7_HANDLE_RESOLUTION_RESPONSE = hex("ASAP_9_2_7_HANDLE_RESOLUTION_RESPONSE");
    public static final String ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL =
            hex("ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL");
    public static final String ASAP_9_2_9_ENDPOINT_KEEP_ALIVE = hex("ASAP_9_2_9_ENDPOINT_KEEP_ALIVE");
    public static final String ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_HOME = hex("ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_HOME");
    public static final String ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK = hex("ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK");
    public static final String ASAP_9_2_9_ENDPOINT_UNREACHABLE = hex("ASAP_9_2_9_ENDPOINT_UNREACHABLE");

    // ---- §9.2 ENRP
    public static final String ENRP_9_2_10_PRESENCE = hex("ENRP_9_2_10_PRESENCE");
    public static final String ENRP_9_2_11_LIST_REQUEST = hex("ENRP_9_2_11_LIST_REQUEST");
    public static final String ENRP_9_2_11_HANDLE_TABLE_REQUEST = hex("ENRP_9_2_11_HANDLE_TABLE_REQUEST");
    public static final String ENRP_9_2_11_HANDLE_TABLE_REQUEST_OWN_CHILDREN =
            hex("ENRP_9_2_11_HANDLE_TABLE_REQUEST_OWN_CHILDREN");
    public static final String ENRP_9_2_12_LIST_RESPONSE = hex("ENRP_9_2_12_LIST_RESPONSE");
    public static final String ENRP_9_2_13_HANDLE_TABLE_RESPONSE = hex("ENRP_9_2_13_HANDLE_TABLE_RESPONSE");
    public static final String ENRP_9_2_14_HANDLE_UPDATE_DELETE = hex("ENRP_9_2_14_HANDLE_UPDATE_DELETE");
    public static final String ENRP_9_2_14_HANDLE_UPDATE_ADD = hex("ENRP_9_2_14_HANDLE_UPDATE_ADD");
    public static final String ENRP_9_2_15_INIT_TAKEOVER = hex("ENRP_9_2_15_INIT_TAKEOVER");
    public static final String ENRP_9_2_15_INIT_TAKEOVER_ACK = hex("ENRP_9_2_15_INIT_TAKEOVER_ACK");
    public static final String ENRP_9_2_15_TAKEOVER_SERVER = hex("ENRP_9_2_15_TAKEOVER_SERVER");

    // ---- §9.3 [PROJECT] TCP mode
    public static final String ASAP_9_3_1_SERVER_ANNOUNCE_TCP = hex("ASAP_9_3_1_SERVER_ANNOUNCE_TCP");
    public static final String ENRP_9_3_2_PRESENCE_TCP = hex("ENRP_9_3_2_PRESENCE_TCP");
    public static final String ASAP_9_3_3_REGISTRATION_TCP = hex("ASAP_9_3_3_REGISTRATION_TCP");

    /** Every parameter vector (§9.1), in file order. */
    public static final List<String> PARAMETERS = withPrefix("PARAM_");

    /** Every ASAP message vector (§9.2, §9.3), in file order. */
    public static final List<String> ASAP_MESSAGES = withPrefix("ASAP_");

    /** Every ENRP message vector (§9.2, §9.3), in file order. */
    public static final List<String> ENRP_MESSAGES = withPrefix("ENRP_");

    private static List<String> withPrefix(String prefix) {
        return FILE.names().stream().filter(n -> n.startsWith(prefix)).map(FILE::hex).toList();
    }
}
