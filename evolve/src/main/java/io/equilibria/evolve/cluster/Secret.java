package io.equilibria.evolve.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a cluster's members share. Hazelcast's open-source edition has neither TLS nor member
 * authentication, so the secret does two things: the Hazelcast cluster name is derived from it
 * (members with another secret form another cluster; the name on the wire is a hash, never the
 * secret), and every task and every reply carries an HMAC-SHA256 made with it (a member that
 * learned the cluster name by listening can join, but can neither give workers tasks nor hand the
 * coordinator results).
 */
public final class Secret {
    /** The environment variable a secret is read from (it stays out of {@code ps}). */
    public static final String ENV = "EQUILIBRIA_SECRET";
    public static final int MAC_BYTES = 32;

    private final String text;
    private final byte[] key;

    public Secret(String text) {
        if (text == null || text.length() < 8) {
            throw new IllegalArgumentException("a cluster secret has at least 8 characters");
        }
        this.text = text;
        this.key = sha256("equilibria task key\n" + text);
    }

    /** A new random secret (local workers, or a first `evolve --cluster`). */
    public static Secret random() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return new Secret(HexFormat.of().formatHex(bytes));
    }

    public String text() {
        return text;
    }

    /** The Hazelcast cluster name: a hash of the secret, so the secret itself never crosses the network. */
    public String clusterName() {
        return "equilibria-" + HexFormat.of().formatHex(sha256("equilibria cluster name\n" + text), 0, 12);
    }

    public byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
                mac.update((byte) 0);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(byte[] mac, byte[]... parts) {
        return mac != null && MessageDigest.isEqual(mac, mac(parts));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Secret[" + clusterName() + "]";
    }
}
