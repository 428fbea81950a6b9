package io.equilibria.archive.browse;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request's {@code Host} header names this machine: {@code localhost}, its host name, or
 * an address literal of one of its interfaces. Names are never looked up (a lookup is what DNS
 * rebinding abuses); the port is not compared (a proxy may change it).
 */
final class OwnHost {
    private static final Set<String> NAMES = names();

    private OwnHost() {}

    private static Set<String> names() {
        Set<String> names = new HashSet<>(Set.of("localhost", "localhost.localdomain"));
        try {
            InetAddress self = InetAddress.getLocalHost();
            names.add(self.getHostName().toLowerCase(Locale.ROOT));
            names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // only localhost and address literals then
        }
        return Set.copyOf(names);
    }

    /** Whether {@code header} (a Host header: name or address, with or without a port) is this machine. */
    static boolean accepts(String header) {
        String host = header.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) { // [v6]:port
            int end = host.indexOf(']');
            if (end < 0) {
                return false;
            }
            return ownAddress(host.substring(1, end));
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return NAMES.contains(host) || ownAddress(host);
    }

    private static boolean ownAddress(String literal) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
