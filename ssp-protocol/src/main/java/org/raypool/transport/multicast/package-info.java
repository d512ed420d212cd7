/**
 * UDP multicast for ASAP Server Announce (239.0.0.50:3863) and ENRP Presence (239.0.0.51:9901): a sender with
 * TTL, interface and source-port choice, and a receiver thread that joins the group. Bytes only, like the
 * association transports.
 */
package org.raypool.transport.multicast;
