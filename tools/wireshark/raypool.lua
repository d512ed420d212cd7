-- RayPool: ASAP, ENRP and SSP over TCP with the project's raw framing
-- (docs/protocol/asap-enrp-wire.md §1.3). Each frame is a 4-byte header whose 16-bit Length (bytes 2-3)
-- counts the header; ASAP/ENRP frames are followed by zero padding to a multiple of 4, SSP frames never.
-- Frames are reassembled with dissect_tcp_pdus and handed to Wireshark's own SCTP PPID dissectors
-- (11 ASAP, 12 ENRP, 35 SSP), so the decode is exactly what the same message gets over SCTP.
--
-- Load: tshark -X lua_script:tools/wireshark/raypool.lua   (or copy into the personal Lua plugins folder)
-- Preferences (Edit > Preferences > Protocols, or tshark -o):
--   raypool_asap.tcp_ports   default 3863 (takes over Wireshark's per-segment ASAP-on-TCP)
--   raypool_enrp.tcp_ports   default 9901
--   raypool_ssp.tcp_ports    default empty: SSP has no fixed port, the PE registers an ephemeral one
--   raypool_ssp.heuristic    default on: recognise SSP on any other TCP port by its first message header

local HEADER_LENGTH = 4

local sctp_ppi = DissectorTable.get("sctp.ppi")
local tcp_port = DissectorTable.get("tcp.port")
local data_dissector = Dissector.get("data")

-- "3863,9901-9903" -> {3863, 9901, 9902, 9903}; malformed parts are ignored.
local function ports_of(range)
    local ports = {}
    for part in string.gmatch(range or "", "[^,%s]+") do
        local first, last = string.match(part, "^(%d+)%-(%d+)$")
        first = tonumber(first or string.match(part, "^(%d+)$"))
        last = tonumber(last) or first
        if first and last and first <= last and last <= 65535 then
            for port = first, last do
                ports[#ports + 1] = port
            end
        end
    end
    return ports
end

local function padded_length(length)
    return length + (4 - length % 4) % 4
end

-- Builds the TCP framing dissector for one protocol.
local function framing(short_name, long_name, ppid, padded, default_ports)
    local proto = Proto(short_name, long_name)
    local f_length = ProtoField.uint16(short_name .. ".length", "Message Length", base.DEC)
    local f_padding = ProtoField.bytes(short_name .. ".padding", "Padding")
    proto.fields = { f_length, f_padding }

    local e_short = ProtoExpert.new(short_name .. ".length_short", "Message Length below the 4-byte header",
        expert.group.MALFORMED, expert.severity.ERROR)
    local e_padding = ProtoExpert.new(short_name .. ".padding_nonzero", "Padding is not zero",
        expert.group.PROTOCOL, expert.severity.WARN)
    proto.experts = { e_short, e_padding }

    proto.prefs.tcp_ports = Pref.range("TCP ports", default_ports,
        "TCP ports carrying " .. long_name .. " (" .. short_name .. " framing, SCTP PPID " .. ppid .. ")", 65535)

    local function frame_length(tvb, pinfo, offset)
        local length = tvb(offset + 2, 2):uint()
        if length < HEADER_LENGTH then
            return tvb:len() - offset -- unframeable: the rest of this segment is reported as one bad frame
        end
        return padded and padded_length(length) or length
    end

    local function dissect_frame(tvb, pinfo, tree)
        local length = tvb(2, 2):uint()
        local item = tree:add(proto, tvb())
        item:add(f_length, tvb(2, 2))
        if length < HEADER_LENGTH then
            item:add_proto_expert_info(e_short)
            data_dissector:call(tvb, pinfo, tree)
            return tvb:len()
        end
        local message = tvb(0, length):tvb()
        local consumed = sctp_ppi:try(ppid, message, pinfo, tree)
        if consumed == nil or consumed == 0 then
            data_dissector:call(message, pinfo, tree)
        end
        if tvb:len() > length then
            local padding = tvb(length)
            local pad_item = item:add(f_padding, padding)
            for i = 0, padding:len() - 1 do
                if padding(i, 1):uint() ~= 0 then
                    pad_item:add_proto_expert_info(e_padding)
                    break
                end
            end
        end
        -- Several messages in one segment: keep each one's Info text.
        pinfo.cols.info:append(" ")
        pinfo.cols.info:fence()
        return tvb:len()
    end

    local function dissect(tvb, pinfo, tree)
        return dissect_tcp_pdus(tvb, tree, HEADER_LENGTH, frame_length, dissect_frame, true)
    end
    proto.dissector = dissect

    -- Registered ports, and whoever owned them before, so that clearing the preference restores
    -- e.g. Wireshark's native ASAP on 3863.
    local registered = {}

    local function register_ports()
        for port, previous in pairs(registered) do
            tcp_port:remove(port, proto)
            if previous then
                tcp_port:add(port, previous)
            end
        end
        registered = {}
        for _, port in ipairs(ports_of(proto.prefs.tcp_ports)) do
            if registered[port] == nil then
                registered[port] = tcp_port:get_dissector(port) or false
                tcp_port:add(port, proto)
            end
        end
    end

    proto.prefs_changed = register_ports
    register_ports()
    return proto, dissect
end

framing("raypool_asap", "RayPool ASAP over TCP", 11, true, "3863")
framing("raypool_enrp", "RayPool ENRP over TCP", 12, true, "9901")
local ssp, dissect_ssp = framing("raypool_ssp", "RayPool Scripting Service Protocol over TCP", 35, false, "")

-- SSP heuristic: the PE's user port is ephemeral, so recognise a connection by a plausible first header.
ssp.prefs.heuristic = Pref.bool("Detect SSP on any TCP port", true,
    "Recognise SSP connections on ports not listed above by the first message's header")

-- type -> {minimum Length, maximum Length, allowed flag bits}
local SSP_TYPES = {
    [0] = { 8, 8 + 64, 0 },     -- Not Ready: reason + info
    [1] = { 4, 4 + 64, 0 },     -- Ready: info
    [2] = { 4, 65535, 0 },      -- Upload
    [3] = { 4, 65535, 0 },      -- Download
    [4] = { 4, 4, 0 },          -- Keep-Alive
    [5] = { 4, 8, 0 },          -- Keep-Alive Ack: 4 or 8
    [6] = { 8, 8, 0 },          -- Status
    [7] = { 24, 24, 1 },        -- Environment: hash, U flag
}

local function looks_like_ssp(tvb)
    if tvb:len() < HEADER_LENGTH then
        return false
    end
    local message_type = tvb(0, 1):uint()
    local flags = tvb(1, 1):uint()
    local length = tvb(2, 2):uint()
    local rule = SSP_TYPES[message_type]
    if rule == nil or length < rule[1] or length > rule[2] then
        return false
    end
    if message_type == 5 and length ~= 4 and length ~= 8 then
        return false
    end
    if flags ~= 0 and flags ~= rule[3] then
        return false
    end
    if message_type <= 1 then
        local info_start = message_type == 0 and 8 or 4
        for i = info_start, math.min(length, tvb:len()) - 1 do
            local c = tvb(i, 1):uint()
            if c < 0x20 or c > 0x7e then
                return false
            end
        end
    end
    return true
end

local function ssp_heuristic(tvb, pinfo, tree)
    if not ssp.prefs.heuristic or not looks_like_ssp(tvb) then
        return false
    end
    pinfo.conversation = ssp
    -- Called directly: going through a Dissector handle would use up TCP's permission to desegment.
    dissect_ssp(tvb, pinfo, tree)
    return true
end

ssp:register_heuristic("tcp", ssp_heuristic)
