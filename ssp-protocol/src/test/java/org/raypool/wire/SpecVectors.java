package org.raypool.wire;

import java.util.List;

/**
 * The byte vectors of asap-enrp-wire.md §9, named by section, as hex strings for {@link Hex#parse}. Shared through
 * the test-jar (tshark checks, fuzz seeds). Variants the spec describes in words ("identical except the first
 * byte") are spelled out.
 */
public final class SpecVectors {
    private SpecVectors() {
    }

    // ---- §9.1 parameters
    public static final String PARAM_9_1_1_POOL_HANDLE_FRACTAL_GENERATOR_POOL = """
            00090018 46726163 74616c47 656e6572
            61746f72 506f6f6c""";
    public static final String PARAM_9_1_2_POOL_HANDLE_SCRIPTING_POOL = """
            00090011 53637269 7074696e 67506f6f
            6c000000""";
    public static final String PARAM_9_1_3_POLICY_ROUND_ROBIN = "00080008 00000001";
    public static final String PARAM_9_1_4_POLICY_LUD_LOAD_0_DEGRADATION_100 = "00080010 40000002 00000000 ffffffff";
    public static final String PARAM_9_1_5_POLICY_LUD_LOAD_0_DEGRADATION_HALF = "00080010 40000002 00000000 80000000";
    public static final String PARAM_9_1_6_PE_CHECKSUM_FFFF = "000f0006 ffff0000";
    public static final String PARAM_9_1_7_HANDLE_RESOLUTION_OPTION_1 = "803f0008 00000001";

    // ---- §9.2 ASAP
    public static final String ASAP_9_2_1_SERVER_ANNOUNCE = "0a000008 36acceb7";
    public static final String ASAP_9_2_2_REGISTRATION = """
            010000b8 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 000a009c
            336e014d 00000000 00015f90 00040084
            e0220001 00010008 7f000001 00020014
            00000000 00000000 00000000 00000001
            00010008 84fc9c95 00020014 20010638
            05014ef4 020102ff fef18409 00020014
            fe800000 00000000 020102ff fef18409
            00010008 84fc9c13 00020014 20010638
            05014ef3 021143ff febbcee0 00020014
            fe800000 00000000 021143ff febbcee0
            00080008 00000001""";
    public static final String ASAP_9_2_3_DEREGISTRATION = """
            02000024 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 000e0008
            336e014d""";
    public static final String ASAP_9_2_4_REGISTRATION_RESPONSE = "03" + ASAP_9_2_3_DEREGISTRATION.substring(2);
    public static final String ASAP_9_2_4_DEREGISTRATION_RESPONSE = "04" + ASAP_9_2_3_DEREGISTRATION.substring(2);
    public static final String ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_RSPLIB = """
            0301002c 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 000e0008
            336e014d 000c0008 00050004""";
    public static final String ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT = """
            03010038 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 000e0008
            336e014d 000c0014 00050010 0008000c
            40000001 00000000""";
    public static final String ASAP_9_2_6_HANDLE_RESOLUTION = """
            05000024 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 803f0008
            00000001""";
    public static final String ASAP_9_2_7_HANDLE_RESOLUTION_RESPONSE = """
            0600007c 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 00080008
            00000001 000a0058 7faab6d8 36acceb7
            00015f90 00040040 c7820001 00010008
            84fc9c12 00020014 20010638 05014ef3
            021143ff febb9f62 00010008 84fc9c94
            00020014 20010638 05014ef4 020476ff
            fe1a50b6 00080008 00000001""";
    public static final String ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL = """
            0600001c 0009000e 4e6f5375 6368506f
            6f6c0000 000c0008 00090004""";
    public static final String ASAP_9_2_9_ENDPOINT_KEEP_ALIVE = """
            07000028 36acceb7 00090018 46726163
            74616c47 656e6572 61746f72 506f6f6c
            000e0008 336e014d""";
    public static final String ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_HOME = """
            07010028 278ca457 00090018 46726163
            74616c47 656e6572 61746f72 506f6f6c
            000e0008 336e014d""";
    public static final String ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK = "08" + ASAP_9_2_3_DEREGISTRATION.substring(2);
    public static final String ASAP_9_2_9_ENDPOINT_UNREACHABLE = """
            09000024 00090018 46726163 74616c47
            656e6572 61746f72 506f6f6c 000e0008
            7faab6d8""";

    // ---- §9.2 ENRP
    public static final String ENRP_9_2_10_PRESENCE = """
            010100a0 278ca457 36acceb7 000f0006
            ffff0000 000b008c 278ca457 00040084
            39900000 00010008 7f000001 00020014
            00000000 00000000 00000000 00000001
            00010008 84fc9c95 00020014 20010638
            05014ef4 020102ff fef18409 00020014
            fe800000 00000000 020102ff fef18409
            00010008 84fc9c13 00020014 20010638
            05014ef3 021143ff febbcee0 00020014
            fe800000 00000000 021143ff febbcee0""";
    public static final String ENRP_9_2_11_LIST_REQUEST = "0500000c 278ca457 36acceb7";
    public static final String ENRP_9_2_11_HANDLE_TABLE_REQUEST = "0200000c 278ca457 36acceb7";
    public static final String ENRP_9_2_11_HANDLE_TABLE_REQUEST_OWN_CHILDREN = "0201000c 278ca457 36acceb7";
    public static final String ENRP_9_2_12_LIST_RESPONSE = """
            06000054 36acceb7 278ca457 000b0048
            278ca457 00040040 39900000 00010008
            84fc9c95 00020014 20010638 05014ef4
            020102ff fef18409 00010008 84fc9c13
            00020014 20010638 05014ef3 021143ff
            febbcee0""";
    public static final String ENRP_9_2_13_HANDLE_TABLE_RESPONSE = """
            03000170 36acceb7 278ca457 00090011
            53637269 7074696e 67506f6f 6c000000
            000a00a0 14f2d0d7 36acceb7 00015f90
            00040040 b9ed0001 00010008 84fc9c12
            00020014 20010638 05014ef3 021143ff
            febb9f62 00010008 84fc9c94 00020014
            20010638 05014ef4 020476ff fe1a50b6
            00080010 40000002 00000000 ffffffff
            00040040 cfa90000 00010008 84fc9c12
            00020014 20010638 05014ef3 021143ff
            febb9f62 00010008 84fc9c94 00020014
            20010638 05014ef4 020476ff fe1a50b6
            00090018 46726163 74616c47 656e6572
            61746f72 506f6f6c 000a0098 7faab6d8
            36acceb7 00015f90 00040040 c7820001
            00010008 84fc9c12 00020014 20010638
            05014ef3 021143ff febb9f62 00010008
            84fc9c94 00020014 20010638 05014ef4
            020476ff fe1a50b6 00080008 00000001
            00040040 d04c0000 00010008 84fc9c12
            00020014 20010638 05014ef3 021143ff
            febb9f62 00010008 84fc9c94 00020014
            20010638 05014ef4 020476ff fe1a50b6""";
    public static final String ENRP_9_2_14_HANDLE_UPDATE_DELETE = """
            040000c0 36acceb7 081c671f 00010000
            00090018 46726163 74616c47 656e6572
            61746f72 506f6f6c 000a0098 336e014d
            36acceb7 00015f90 00040040 e0220001
            00010008 84fc9c95 00020014 20010638
            05014ef4 020102ff fef18409 00010008
            84fc9c13 00020014 20010638 05014ef3
            021143ff febbcee0 00080008 00000001
            00040040 81650000 00010008 84fc9c13
            00010008 84fc9c95 00020014 20010638
            05014ef4 020102ff fef18409 00020014
            20010638 05014ef3 021143ff febbcee0""";
    public static final String ENRP_9_2_14_HANDLE_UPDATE_ADD =
            ENRP_9_2_14_HANDLE_UPDATE_DELETE.replaceFirst("00010000", "00000000");
    public static final String ENRP_9_2_15_INIT_TAKEOVER = "07000010 278ca457 081c671f 36acceb7";
    public static final String ENRP_9_2_15_INIT_TAKEOVER_ACK = "08000010 081c671f 278ca457 36acceb7";
    public static final String ENRP_9_2_15_TAKEOVER_SERVER = "09000010 278ca457 081c671f 36acceb7";

    // ---- §9.3 [PROJECT] TCP mode
    public static final String ASAP_9_3_1_SERVER_ANNOUNCE_TCP = """
            0a000018 36acceb7 00050010 0f170000
            00010008 c0a8010a""";
    public static final String ENRP_9_3_2_PRESENCE_TCP = """
            0100002c 278ca457 00000000 000f0006
            84900000 000b0018 278ca457 00050010
            26ad0000 00010008 c0a8010a""";
    public static final String ASAP_9_3_3_REGISTRATION_TCP = """
            01000048 00090011 53637269 7074696e
            67506f6f 6c000000 000a0030 2a2a2a2a
            00000000 00015f90 00050010 9c400001
            00010008 c0a80114 00080010 40000002
            7fffffff 80000000""";

    /** Every parameter vector (§9.1). */
    public static final List<String> PARAMETERS = List.of(PARAM_9_1_1_POOL_HANDLE_FRACTAL_GENERATOR_POOL,
            PARAM_9_1_2_POOL_HANDLE_SCRIPTING_POOL, PARAM_9_1_3_POLICY_ROUND_ROBIN,
            PARAM_9_1_4_POLICY_LUD_LOAD_0_DEGRADATION_100, PARAM_9_1_5_POLICY_LUD_LOAD_0_DEGRADATION_HALF,
            PARAM_9_1_6_PE_CHECKSUM_FFFF, PARAM_9_1_7_HANDLE_RESOLUTION_OPTION_1);

    /** Every ASAP message vector (§9.2, §9.3). */
    public static final List<String> ASAP_MESSAGES = List.of(ASAP_9_2_1_SERVER_ANNOUNCE, ASAP_9_2_2_REGISTRATION,
            ASAP_9_2_3_DEREGISTRATION, ASAP_9_2_4_REGISTRATION_RESPONSE, ASAP_9_2_4_DEREGISTRATION_RESPONSE,
            ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_RSPLIB,
            ASAP_9_2_5_REGISTRATION_RESPONSE_POLICY_MISMATCH_PROJECT, ASAP_9_2_6_HANDLE_RESOLUTION,
            ASAP_9_2_7_HANDLE_RESOLUTION_RESPONSE, ASAP_9_2_8_HANDLE_RESOLUTION_RESPONSE_UNKNOWN_POOL,
            ASAP_9_2_9_ENDPOINT_KEEP_ALIVE, ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_HOME, ASAP_9_2_9_ENDPOINT_KEEP_ALIVE_ACK,
            ASAP_9_2_9_ENDPOINT_UNREACHABLE, ASAP_9_3_1_SERVER_ANNOUNCE_TCP, ASAP_9_3_3_REGISTRATION_TCP);

    /** Every ENRP message vector (§9.2, §9.3). */
    public static final List<String> ENRP_MESSAGES = List.of(ENRP_9_2_10_PRESENCE, ENRP_9_2_11_LIST_REQUEST,
            ENRP_9_2_11_HANDLE_TABLE_REQUEST, ENRP_9_2_11_HANDLE_TABLE_REQUEST_OWN_CHILDREN, ENRP_9_2_12_LIST_RESPONSE,
            ENRP_9_2_13_HANDLE_TABLE_RESPONSE, ENRP_9_2_14_HANDLE_UPDATE_DELETE, ENRP_9_2_14_HANDLE_UPDATE_ADD,
            ENRP_9_2_15_INIT_TAKEOVER, ENRP_9_2_15_INIT_TAKEOVER_ACK, ENRP_9_2_15_TAKEOVER_SERVER,
            ENRP_9_3_2_PRESENCE_TCP);
}
